"""What public funding adds to other apps: the funding panel on a consortium's and an
organisation's page and on an invention's, the award duties on the docket (hook ``other_duties``),
and the answer to licensing and the portfolio review (hook ``state_approval_missing``)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from kyoso.core.panels import Panel, register_panel

__all__ = ["register", "summary", "approval_missing_answer", "other_duties", "award_inventions_changed"]


def summary(user, applications_q, awards_q) -> dict | None:
    """Applications, awards, money by fiscal year and programme, duties open and overdue."""
    from .models import Application, Award, Duty

    today = timezone.localdate()
    applications = list(Application.objects.for_user(user).filter(applications_q).select_related("applicant"))
    awards = list(Award.objects.for_user(user).filter(awards_q).select_related("recipient"))
    if not applications and not awards:
        return None
    money: dict[tuple[int, str], int] = defaultdict(int)
    for award in awards:
        for year, amount in award.budget_by_year().items():
            money[(year, str(award.programme_names))] += amount
    duties = Duty.objects.for_user(user).filter(award__in=[a.pk for a in awards]).open()
    return {
        "applications": applications,
        "awards": awards,
        "money": [{"fiscal_year": y, "programme": p, "amount": a} for (y, p), a in sorted(money.items())],
        "open_count": duties.count(),
        "overdue": list(duties.filter(due__lt=today).select_related("award")[:20]),
        "next": list(duties.filter(due__gte=today).select_related("award")[:10]),
    }


def _consortium(consortium, request):
    return summary(request.user, Q(consortium=consortium), Q(consortium=consortium))


def _organisation(organisation, request):
    return summary(request.user, Q(applicant=organisation) | Q(partner=organisation),
                   Q(recipient=organisation) | Q(partner=organisation) | Q(funder=organisation))


def _invention(invention, request):
    from .models import Award, Duty

    user = request.user
    awards = list(Award.objects.for_user(user).filter(inventions=invention))
    if not awards:
        return {"awards": [], "commissioned": False, "duties": [], "today": timezone.localdate()}
    return {"awards": awards, "commissioned": any(a.commissioned for a in awards),
            "duties": list(Duty.objects.for_user(user).filter(invention=invention).select_related("award", "filing")),
            "today": timezone.localdate()}


def register() -> None:
    register_panel("consortia.consortium", Panel("programmes/panels/funding.html", _consortium, order=15))
    register_panel("parties.organisation", Panel("programmes/panels/funding.html", _organisation, order=15))
    register_panel("ip.invention", Panel("programmes/panels/invention.html", _invention, order=55))


def approval_missing_answer(invention_ids, action):
    """Hook ``state_approval_missing``: references of commissioned inventions without the approval."""
    from .services import approvals_missing

    return approvals_missing(invention_ids, action)


def other_duties(user, today, days=90):
    """Hook ``other_duties``: award duties open and due within ``days`` (or overdue), for the docket."""
    from datetime import timedelta

    from .models import Duty

    rows = (Duty.objects.for_user(user).open().filter(due__isnull=False, due__lte=today + timedelta(days=days))
            .select_related("award", "invention").order_by("due")[:30])
    return [{"due": d.due, "title": d.title, "subject": d.award, "url": d.get_absolute_url(), "source": d.source,
             "overdue": d.due < today} for d in rows]


def award_inventions_changed(sender, instance, action, **kwargs):
    """An award's inventions changed: its Bayh-Dole duties follow."""
    from .models import Award
    from .services import sync_duties

    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Award):
        sync_duties(instance)
