"""Docket pages: the upcoming/overdue lists, a deadline, completing it, manual deadlines."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from kyoso.agreements.models import AgreementDeadline
from kyoso.core import hooks
from kyoso.core import views as generic
from kyoso.core.bulk import BulkAction
from kyoso.core.formatting import in_language
from kyoso.core.roles import Role, actor_of

from .choices import MILESTONE_KINDS, DeadlineState
from .filtersets import WINDOWS, DeadlineFilterSet
from .forms import CompleteForm, ManualDeadlineForm
from .models import Deadline
from .services import complete_deadline, reopen_deadline
from .services.assign import assign_responsible, responsible_candidates
from .tables import DeadlineTable
from .tallies import company_counts, near_counts


class DocketHomeView(LoginRequiredMixin, TemplateView):
    """Counts of what is overdue and due in 7, 30 and 90 days, and where it lies."""

    template_name = "docket/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        user = self.request.user
        counted = Deadline.objects.counted_for(user)
        window_days = {key: int(key) for key, _label in WINDOWS if key.isdigit()}
        actor = actor_of(user)
        if actor.role == Role.COMPANY and actor.organisation_id:
            # Its consortia's pool from the tallies the database keeps (400,000 open deadlines
            # for a company in most consortia at national scale).
            near, open_count = company_counts(actor.organisation_id, today, window_days)
        elif actor.sees_everything:
            near = near_counts(counted.actions(), today, window_days)
            # All open = open − open milestones: two counts of the index docket_open_kind (state,
            # kind), several times cheaper than testing every open row's kind (1.5 M nationally).
            open_count = counted.open().count() - counted.open().filter(kind__in=MILESTONE_KINDS).count()
        else:
            # Counted in the same pass as the windows (its filings' rows read once from the
            # docket_filing_open index).
            near = near_counts(counted.actions(), today, window_days, with_open=True)
            open_count = sum(row["open"] for row in near)
        tiles = {**{key: sum(row[key] for row in near) for key in ("overdue", *window_days)}, "open": open_count}
        soonest = str(max(window_days.values()))
        return {
            **super().get_context_data(**kwargs),
            "today": today,
            "windows": [(key, label, tiles[key]) for key, label in WINDOWS],
            "by_office": _ranked(near, "office", soonest),
            "by_consortium": _by_consortium(near, soonest),
            # Walks the due-date index from today and stops after 15 rows (the list's query shape).
            "next": Deadline.objects.for_user(user).actions().upcoming(today, 90)
            .select_related("filing__family__invention").order_by("due", "filing_id", "pk")[:15],
            # Deadlines set by agreements' terms (option windows, secrecy ends, publication answers).
            "agreement_deadlines": AgreementDeadline.objects.for_user(user)
            .filter(done=False, due__gte=today - timedelta(days=30)).select_related("agreement")[:20],
            # Duties that are not a filing's (an award's reports, repayments): from the apps that keep them.
            "other_duties": hooks.first("other_duties", user, today) or [],
        }


def _ranked(rows: list[dict], key: str, window: str) -> list[dict]:
    """``rows`` summed by ``key`` over ``window``, largest first, leaving out what has none."""
    totals: dict = defaultdict(int)
    for row in rows:
        totals[row[key]] += row[window]
    return sorted(({key: value, "n": n} for value, n in totals.items() if n), key=lambda r: (-r["n"], str(r[key])))


def _by_consortium(rows: list[dict], window: str) -> list[dict]:
    """The 20 consortia with most deadlines in ``window``, with their names (one query)."""
    from kyoso.consortia.models import Consortium

    ranked = _ranked(rows, "consortium", window)[:20]
    names = {pk: in_language(name, name_ja) for pk, name, name_ja in Consortium.objects.filter(
        pk__in=[r["consortium"] for r in ranked if r["consortium"]]).values_list("pk", "name", "name_ja")}
    return [{"consortium": r["consortium"], "name": names.get(r["consortium"], ""), "n": r["n"]} for r in ranked]


#: "Mark done" on the deadline list: the detail page's completion (``complete_deadline``) per row.
MARK_DONE = BulkAction(
    "mark_done", gettext_lazy("Mark done"),
    apply=lambda deadline, *, user, value: complete_deadline(deadline, DeadlineState.DONE, user=user),
)


def _assign(deadline, *, user, value):
    responsible = responsible_candidates().filter(pk=value).first() if value else None
    if value and responsible is None:
        raise ValidationError(_("Only IP office staff and CPOs can be made responsible for a deadline."))
    assign_responsible(deadline, responsible, user=user)


#: "Make responsible" on the deadline list (``assign_responsible`` per row; "—" clears it).
ASSIGN = BulkAction(
    "assign", gettext_lazy("Make responsible"), apply=_assign,
    choices=lambda model, user: [("", "—"), *((str(pk), name) for pk, name in responsible_candidates().values_list("pk", "username"))],
)


class DeadlineListView(generic.ObjectListView):
    model = Deadline
    table_class = DeadlineTable
    filterset_class = DeadlineFilterSet
    related = ("filing__family__invention", "completed_by", "responsible")
    bulk_actions = (MARK_DONE, ASSIGN)
    template_name = "docket/deadline_list.html"


class DeadlineDetailView(generic.ObjectDetailView):
    model = Deadline
    related = ("filing__family__invention", "completed_by", "responsible")

    def get_extra_context(self, obj):
        return {"complete_form": CompleteForm(), "today": timezone.localdate()}


class DeadlineEditView(generic.ObjectEditView):
    """Manual deadlines only: computed ones change with their filing."""

    model = Deadline
    form_class = ManualDeadlineForm

    def scoped(self, action="view"):
        return super().scoped(action).filter(manual=True)

    def initial_for_new(self):
        from kyoso.ip.models import Filing

        filing = Filing.objects.for_user(self.request.user, "change").filter(pk=self.request.GET.get("filing") or 0).first()
        return {"filing": filing, "office": filing.office, "due": timezone.localdate() + timedelta(days=30)} if filing else {}

    def success_url(self, obj):
        return obj.filing.get_absolute_url()


class DeadlineDeleteView(generic.ObjectDeleteView):
    model = Deadline

    def scoped(self, action="view"):
        return super().scoped(action).filter(manual=True)


def _back(request, deadline) -> HttpResponseRedirect:
    target = request.POST.get("next") or deadline.filing.get_absolute_url()
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = deadline.filing.get_absolute_url()
    return HttpResponseRedirect(target)


@require_POST
@login_required
def complete(request, pk):
    """Close a deadline as done, waived or missed (POST from the filing panel or the detail page)."""
    deadline = get_object_or_404(Deadline.objects.for_user(request.user), pk=pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose done, waived or missed."))
        return _back(request, deadline)
    try:
        complete_deadline(deadline, form.cleaned_data["state"], user=request.user, note=form.cleaned_data["note"])
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(deadline)s: %(state)s.") % {"deadline": deadline.title, "state": deadline.get_state_display()})
    return _back(request, deadline)


@require_POST
@login_required
def reopen(request, pk):
    deadline = get_object_or_404(Deadline.objects.for_user(request.user), pk=pk)
    reopen_deadline(deadline, user=request.user)
    messages.success(request, _("%(deadline)s reopened.") % {"deadline": deadline.title})
    return _back(request, deadline)
