"""Public funding in the demo.

- opera-demo: a FY2019 A-STEP 実証研究 gap-fund award (¥10 M, one year) to Kita-Nihon University,
  whose prototype led to a pool invention; and the consortium's A-STEP 産学共同（本格型） project
  (the funded project the IP budget already knows, ``JPMJTR2024-07``) as commissioned research with
  Asahi's matching money: its invention carries the Bayh-Dole notices (filing and registration
  notices done, a practice report overdue, the prior approvals still to be asked);
- opera-second: its A-STEP project (``JPMJTR2025-31``, with Kiso) as an award, and Chubu's application
  to the トライアウト type, submitted, not yet decided.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count

from kyoso.ip.models import Filing, Invention
from kyoso.licensing.models import LicensedAsset

from .choices import ApplicationStatus, DutyState
from .models import Application, Award, Duty
from .services import decide_application, save_application, save_award

__all__ = ["build_programmes"]

TODAY = date(2026, 11, 26)  # the demo's "today" (kyoso.demo.build)


def _pool_invention(consortium, *, filed: bool, exclude=()):
    """A non-confidential pool invention with no licence, held by the lead university alone."""
    licensed = LicensedAsset.objects.values("invention_id")
    candidates = (Invention.objects.filter(consortium=consortium, confidential=False).exclude(pk__in=licensed)
                  .exclude(pk__in=[i.pk for i in exclude]).annotate(n_owners=Count("owners")).filter(n_owners=1)
                  .order_by("disclosed_on", "pk"))
    if filed:
        filed_ids = Filing.objects.filter(filing_date__isnull=False, family__invention__in=candidates).values("family__invention_id")
        candidates = candidates.filter(pk__in=filed_ids)
    return candidates.first()


def build_programmes(builder) -> None:
    user, consortium, orgs = builder.actor, builder.consortium, builder.orgs
    seed = _pool_invention(consortium, filed=False)
    application = save_application(Application(
        consortium=consortium, programme="a-step-2018-jissho", title="Prototype of a low-power MRAM sense amplifier",
        applicant=orgs["lead"], amount_asked=10_000_000, call_deadline=date(2019, 5, 31),
        status=ApplicationStatus.SUBMITTED, notes="Gap fund: a prototype to show companies the new principle works.",
    ), user=user)
    if seed:
        application.inventions.set([seed])
    award = decide_application(application, ApplicationStatus.AWARDED, user=user, number="JPMJTM19-0042",
                               start=date(2019, 10, 1), end=date(2020, 9, 30), budget={2019: 10_000_000}, funder=orgs["jst"])
    Application.objects.filter(pk=application.pk).update(decided_on=date(2019, 9, 20))
    for duty in award.duties.all():  # reported long ago
        duty.state, duty.done_on, duty.reference = DutyState.DONE, duty.due, f"JST-RPT-{duty.due:%Y%m}"
        duty.save()

    commissioned = _pool_invention(consortium, filed=True, exclude=[seed] if seed else [])
    project = Award(
        consortium=consortium, programme="a-step-2022-honkaku", number="JPMJTR2024-07", funder=orgs["jst"],
        title="A-STEP 産学共同（本格型）: MRAM cells for automotive controllers", recipient=orgs["lead"], partner=orgs["asahi"],
        agreement=builder.individual.get("asahi"), start=date(2024, 4, 1), end=date(2027, 3, 31),
        budget={"2024": 15_000_000, "2025": 30_000_000, "2026": 30_000_000}, commissioned=True,
        milestones="2025-09-30 Cell array prototype at 28 nm\n2026-12-25 Temperature qualification (-40 to 150 °C)",
        notes="JST commissioned research: the university keeps the results' IP under 産業技術力強化法 Art. 17.",
    )
    save_award(project, user=user)
    if commissioned:
        project.inventions.set([commissioned])
    for duty in Duty.objects.filter(award=project, due__lt=date(2026, 5, 1), state=DutyState.OPEN):
        duty.state, duty.done_on, duty.reference = DutyState.DONE, duty.due, f"JST-{duty.duty.upper()[:12]}-{duty.due:%Y%m%d}"
        duty.save()

    second = getattr(builder, "second", None)
    if second is not None:
        save_application(Application(
            consortium=second, programme="a-step-2020-tryout", title="Try-out: tactile grasp sensing for logistics robots",
            applicant=orgs["chubu"], partner=orgs["kiso"], amount_asked=3_000_000, call_deadline=date(2026, 12, 15),
            status=ApplicationStatus.SUBMITTED,
        ), user=user)
        save_award(Award(
            consortium=second, programme="a-step-2022-honkaku", number="JPMJTR2025-31", funder=orgs["jst"],
            title="A-STEP: grasp planning for logistics robots", recipient=orgs["chubu"], partner=orgs["kiso"],
            start=date(2025, 4, 1), end=date(2027, 3, 31), budget={"2025": 20_000_000, "2026": 20_000_000},
        ), user=user)
