"""Pages for inventions (with owners and inventors), families, filings and change proposals."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from kyoso.core import views as generic
from kyoso.core.bulk import set_field
from kyoso.core.roles import CHANGE, actor_of
from kyoso.parties.models import Organisation

from .choices import ProposalKind
from .filtersets import ChangeProposalFilterSet, FilingFilterSet, InventionFilterSet
from .forms import (
    ChangeProposalForm,
    DescriptionForm,
    DisclosureForm,
    FamilyForm,
    FilingForm,
    InventionForm,
    InventorFormSet,
    OwnerFormSet,
)
from .models import ChangeProposal, Family, Filing, Invention, share_label
from .services import (
    accept_proposal,
    is_researcher,
    propose_change,
    refuse_proposal,
    save_invention_with_shares,
)
from .tables import ChangeProposalTable, FilingTable, InventionTable


class InventionListView(generic.ObjectListView):
    model = Invention
    table_class = InventionTable
    filterset_class = InventionFilterSet
    related = ("consortium",)
    bulk_actions = (set_field("status"),)  # through save_invention, as the edit form


class InventionDetailView(generic.ObjectDetailView):
    model = Invention
    related = ("consortium", "topic", "agreement")

    def get_extra_context(self, obj):
        user = self.request.user
        proposals = ChangeProposal.objects.for_user(user).filter(invention=obj).select_related("proposed_by")
        may_propose = is_researcher(user) and Invention.objects.for_user(user, CHANGE).filter(pk=obj.pk).exists()
        extra = {
            "owners": obj.owners.select_related("organisation"),
            "inventors": obj.inventors.select_related("person"),
            "families": obj.families.prefetch_related("filings"),
            "proposals": proposals[:20],
            "open_proposals": proposals.open().count(),
            "may_propose": may_propose,
        }
        if Invention.objects.for_user(user, CHANGE).filter(pk=obj.pk).exists() and not is_researcher(user):
            from .services import owners_from_agreement

            rows = owners_from_agreement(obj)
            if rows:
                names = Organisation.objects.in_bulk([org for org, _share in rows])
                extra["agreement_owners"] = [(names[org], share_label(share)) for org, share in rows]
        return extra


class InventionEditView(generic.ObjectEditView):
    """The invention with its owners and inventors on one page, saved together or not at all.

    A researcher edits only the description of their inventions; the rest is shown as text
    (hidden records named as hidden) with a link to propose a change of owners or inventors. A
    researcher's new disclosure offers the owner and inventor rows as a proposal.
    """

    model = Invention
    form_class = InventionForm
    template_name = "ip/invention_edit.html"

    def get_form(self, obj, data=None):
        user = self.request.user
        researcher = is_researcher(user)
        form_class = (DisclosureForm if obj.pk is None else DescriptionForm) if researcher else InventionForm
        form = form_class(data=data, instance=obj, user=user)
        owners = [{"organisation": o.organisation, "share": o.share} for o in obj.owners.all()] if obj.pk else []
        inventors = [{"person": i.person, "share": i.contribution} for i in obj.inventors.all()] if obj.pk else []
        # A researcher's edit page has no share rows; rows posted all the same reach the service,
        # which refuses them by name (nothing is dropped silently).
        show_shares = not researcher or obj.pk is None
        form.shares_shown = show_shares
        form.shares_proposed = researcher
        generic.limit_to_editable(form, user)  # the rest of the invention as text: form.read_only
        form.owner_formset = form.inventor_formset = None
        if show_shares or (data is not None and "owners-TOTAL_FORMS" in data):
            form.owner_formset = OwnerFormSet(data=data, initial=owners, prefix="owners", user=user)
        if show_shares or (data is not None and "inventors-TOTAL_FORMS" in data):
            form.inventor_formset = InventorFormSet(data=data, initial=inventors, prefix="inventors", user=user)
        return form

    def is_valid(self, form) -> bool:
        # All three are validated (no short-circuit) so every error shows at once.
        valid = form.is_valid()
        for formset in (form.owner_formset, form.inventor_formset):
            if formset is not None:
                valid &= formset.is_valid()
        return valid

    def save(self, form):
        return save_invention_with_shares(
            form.instance,
            owners=(form.owner_formset.rows() or None) if form.owner_formset is not None else None,
            inventors=(form.inventor_formset.rows() or None) if form.inventor_formset is not None else None,
            user=self.request.user,
        )


class InventionDeleteView(generic.ObjectDeleteView):
    """Deleting an invention is the IP office's (and the CPO's); a researcher is refused (403)."""

    model = Invention


class FilingListView(generic.ObjectListView):
    model = Filing
    table_class = FilingTable
    filterset_class = FilingFilterSet
    related = ("family__invention",)
    id_filters = ("family",)
    bulk_actions = (set_field("status"),)  # through save_filing, as the edit form


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


# -- change proposals ---------------------------------------------------------------------------------


class ChangeProposalListView(generic.ObjectListView):
    """Proposed changes of owners and inventor shares: the IP office's queue, a researcher's own."""

    model = ChangeProposal
    table_class = ChangeProposalTable
    filterset_class = ChangeProposalFilterSet
    related = ("invention", "proposed_by")
    id_filters = ("invention",)


class ChangeProposalDetailView(generic.ObjectDetailView):
    """A proposal with the invention's current rows, the proposed ones and those it was made against."""

    model = ChangeProposal
    related = ("invention", "proposed_by", "decided_by")

    def get_extra_context(self, obj):
        return {
            "proposed_rows": obj.named_rows(obj.rows),
            "current_rows": obj.named_rows(obj.current_rows()),
            "rows_before": obj.named_rows(obj.rows_before),
            "changed_since": obj.invention_changed_since,
            "may_decide": obj.is_open and actor_of(self.request.user).is_ip_office,
            # A proposal is decided, never edited or deleted.
            "edit_url": "", "delete_url": "",
            # The rows are shown by name below, not as stored JSON.
            "fields": [row for row in generic.displayed_fields(obj, self.request.user)
                       if row[0] not in (ChangeProposal._meta.get_field("rows").verbose_name,
                                         ChangeProposal._meta.get_field("rows_before").verbose_name)],
        }


class ProposeChangeView(generic.ObjectMixin, TemplateView):
    """"Propose a change of owners or inventor shares": a researcher's form on their invention."""

    model = ChangeProposal
    template_name = "ip/changeproposal_propose.html"

    def get_invention(self) -> Invention:
        if not is_researcher(self.request.user):
            raise PermissionDenied
        invention = Invention.objects.for_user(self.request.user, CHANGE).filter(pk=self.kwargs["pk"]).first()
        if invention is None or self.kwargs["kind"] not in ProposalKind.values:
            raise Http404
        return invention

    def get_form(self, invention, data=None) -> ChangeProposalForm:
        kind = self.kwargs["kind"]
        if kind == ProposalKind.OWNERS:
            initial = [{"organisation": o.organisation, "share": o.share} for o in invention.owners.select_related("organisation")]
        else:
            initial = [{"person": i.person, "share": i.contribution} for i in invention.inventors.select_related("person")]
        return ChangeProposalForm(data=data, kind=kind, initial_rows=initial, user=self.request.user)

    def render_form(self, invention, form):
        return self.render_to_response({**self.base_context(), "invention": invention, "form": form,
                                        "kind_label": ProposalKind(form.kind).label})

    def get(self, request, *args, **kwargs):
        invention = self.get_invention()
        return self.render_form(invention, self.get_form(invention))

    def post(self, request, *args, **kwargs):
        invention = self.get_invention()
        form = self.get_form(invention, data=request.POST)
        if form.is_valid():
            try:
                proposal = propose_change(invention, form.kind, form.rows_formset.rows(), form.cleaned_data["reason"],
                                          user=request.user)
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {"__all__": error.messages}).items():
                    form.add_error("reason" if field == "reason" else None, errors)
            else:
                messages.success(request, _("Your proposal was sent to the IP office."))
                return HttpResponseRedirect(proposal.get_absolute_url())
        return self.render_form(invention, form)


class DecideProposalView(generic.ObjectMixin, View):
    """The IP office accepts (applying the rows) or refuses (with a note) an open proposal."""

    model = ChangeProposal

    def post(self, request, *args, **kwargs):
        proposal = get_object_or_404(self.scoped(), pk=self.kwargs["pk"])
        decision = request.POST.get("decision")
        if decision not in ("accept", "refuse"):
            raise Http404
        service = accept_proposal if decision == "accept" else refuse_proposal
        try:
            service(proposal, user=request.user, note=request.POST.get("note", ""))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Proposal accepted: the invention now has the proposed rows.") if decision == "accept"
                             else _("Proposal refused; the invention is unchanged."))
        return HttpResponseRedirect(proposal.get_absolute_url())


class ApplyAgreementOwnersView(LoginRequiredMixin, View):
    """POST: confirm the owners the agreement's ownership term proposes for an invention."""

    def post(self, request, pk):
        from .services import apply_agreement_owners

        invention = get_object_or_404(Invention.objects.for_user(request.user), pk=pk)
        if not Invention.objects.for_user(request.user, CHANGE).filter(pk=pk).exists() or actor_of(request.user).role is None:
            raise PermissionDenied
        try:
            apply_agreement_owners(invention, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Owners set from the agreement's ownership term."))
        return HttpResponseRedirect(invention.get_absolute_url())
