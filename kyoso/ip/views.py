"""Pages for inventions (with owners and inventors), families and filings."""

from django.core.exceptions import ValidationError
from django.db import transaction

from kyoso.core import views as generic

from .filtersets import FilingFilterSet, InventionFilterSet
from .forms import FamilyForm, FilingForm, InventionForm, InventorFormSet, OwnerFormSet
from .models import Family, Filing, Invention
from .services import save_invention, set_inventors, set_owners
from .tables import FilingTable, InventionTable


class InventionListView(generic.ObjectListView):
    model = Invention
    table_class = InventionTable
    filterset_class = InventionFilterSet
    related = ("consortium",)


class InventionDetailView(generic.ObjectDetailView):
    model = Invention
    related = ("consortium", "topic", "agreement")

    def get_extra_context(self, obj):
        return {
            "owners": obj.owners.select_related("organisation"),
            "inventors": obj.inventors.select_related("person"),
            "families": obj.families.prefetch_related("filings"),
        }


class InventionEditView(generic.ObjectEditView):
    """The invention with its owners and inventors on one page, saved together or not at all."""

    model = Invention
    form_class = InventionForm
    template_name = "ip/invention_edit.html"

    def get_form(self, obj, data=None):
        form = super().get_form(obj, data)
        owners = [{"organisation": o.organisation, "share": o.share} for o in obj.owners.all()] if obj.pk else []
        inventors = [{"person": i.person, "share": i.contribution} for i in obj.inventors.all()] if obj.pk else []
        form.owner_formset = OwnerFormSet(data=data, initial=owners, prefix="owners", user=self.request.user)
        form.inventor_formset = InventorFormSet(data=data, initial=inventors, prefix="inventors", user=self.request.user)
        return form

    def is_valid(self, form) -> bool:
        # All three are validated (no short-circuit) so every error shows at once.
        return form.is_valid() & form.owner_formset.is_valid() & form.inventor_formset.is_valid()

    @transaction.atomic
    def save(self, form):
        invention = save_invention(form.instance, user=self.request.user)
        if owners := form.owner_formset.rows():
            set_owners(invention, owners, user=self.request.user)
        if inventors := form.inventor_formset.rows():
            set_inventors(invention, inventors, user=self.request.user)
        if not invention.owners.exists():
            raise ValidationError({"__all__": ["An invention needs its owners (shares totalling 100%)."]})
        return invention


class InventionDeleteView(generic.ObjectDeleteView):
    model = Invention


class FilingListView(generic.ObjectListView):
    model = Filing
    table_class = FilingTable
    filterset_class = FilingFilterSet
    related = ("family__invention",)
    id_filters = ("family",)


class FilingDetailView(generic.ObjectDetailView):
    model = Filing
    related = ("family__invention", "parent")


class FilingEditView(generic.ObjectEditView):
    model = Filing
    form_class = FilingForm

    def initial_for_new(self):
        family = Family.objects.for_user(self.request.user, "change").filter(
            invention_id=self.request.GET.get("invention")
        ).first()
        return {"family": family} if family else {}


class FilingDeleteView(generic.ObjectDeleteView):
    model = Filing


class FamilyEditView(generic.ObjectEditView):
    model = Family
    form_class = FamilyForm

    def success_url(self, obj):
        return obj.invention.get_absolute_url()
