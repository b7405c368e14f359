"""The docket side of the opera-demo consortium (called from ``DocketConfig.extend_demo``).

The deadlines themselves were computed while the demo's filings were saved (the
``filing_changed`` hook); this adds what people would have done since: a few deadlines completed,
one typed in by hand, and reminder preferences.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kyoso.docket.services.compute import ANCESTORS
from kyoso.ip.models import Filing

from .choices import DeadlineKind, DeadlineState
from .models import Deadline, ReminderPreference
from .services import complete_deadline, recompute_filings, save_manual_deadline

__all__ = ["build_docket"]


def build_docket(builder) -> None:
    office_user = builder.users["ipoffice"][0]
    cpo_user = builder.users["cpo"][0]
    # Demo filings were saved in order; a parent saved before its children is recomputed once more
    # so that its national-phase and priority deadlines see every child.
    recompute_filings(Filing.objects.select_related(ANCESTORS))
    today = timezone.localdate()
    open_actions = Deadline.objects.open().actions().order_by("due")
    for deadline in open_actions.filter(due__lt=today)[:3]:
        complete_deadline(deadline, DeadlineState.DONE, user=office_user, note="Paid through the JPO online system")
    waivable = open_actions.filter(kind=DeadlineKind.DIVISIONAL).first()
    if waivable is not None:
        complete_deadline(waivable, DeadlineState.WAIVED, user=cpo_user, note="No divisional wanted (steering committee)")
    filing = Filing.objects.filter(office="JP", status="examination").order_by("pk").first()
    if filing is not None:
        save_manual_deadline(Deadline(
            filing=filing, kind=DeadlineKind.OA_REPLY, label="Reply to notice of reasons for refusal (60 days)",
            due=today + timedelta(days=24), office="JP", responsible=cpo_user,
            note="Dispatched by the JPO; reasons: lack of inventive step (Art. 29(2))",
        ), user=office_user)
    second = getattr(builder, "second", None)
    filing = Filing.objects.filter(family__invention__consortium=second, office="JP").order_by("pk").first() if second else None
    if filing is not None:
        save_manual_deadline(Deadline(
            filing=filing, kind=DeadlineKind.OTHER, label="Confirm the assignment from Kiso Robotics' inventor",
            due=today + timedelta(days=40), office="JP", responsible=builder.users["cpo-2"][0],
        ), user=office_user)
    ReminderPreference.objects.update_or_create(user=office_user, defaults={"lead_days": "90,30,7"})
    ReminderPreference.objects.update_or_create(user=cpo_user, defaults={"lead_days": "60,14,3"})
