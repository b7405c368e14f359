"""How each invention is used — its licences, licence income and the share classes granting rights
over it — for the portfolio review, which asks the query hook ``asset_usage(inventions)``."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Sum

__all__ = ["asset_usage", "licensees"]


def asset_usage(inventions) -> dict[int, dict]:
    """``invention id → {"licences": n, "income": yen, "classes": ["scheme:class", …]}`` (read-only)."""
    from ..models import LicensedAsset, RoyaltyReport, ShareClassScheme

    inventions = list(inventions)
    usage = {i.pk: {"licences": 0, "income": 0, "classes": []} for i in inventions}
    assets = list(LicensedAsset.objects.filter(invention_id__in=usage).values_list("licence_id", "invention_id"))
    per_licence: dict[int, list[int]] = defaultdict(list)
    for licence_id, invention_id in LicensedAsset.objects.filter(licence_id__in={a for a, _i in assets}).values_list(
            "licence_id", "invention_id"):
        per_licence[licence_id].append(invention_id)
    income = dict(RoyaltyReport.objects.filter(licence_id__in=per_licence).values("licence_id")
                  .annotate(total=Sum("running_royalty") + Sum("other_due")).values_list("licence_id", "total"))
    for licence_id, invention_id in assets:
        usage[invention_id]["licences"] += 1
        # A licence over several inventions earns for all of them: split its income evenly.
        usage[invention_id]["income"] += (income.get(licence_id) or 0) // len(per_licence[licence_id])
    schemes = ShareClassScheme.objects.filter(consortium_id__in={i.consortium_id for i in inventions}, active=True)
    for scheme in schemes.prefetch_related("classes"):
        names = [f"{scheme.name}:{c.name}" for c in scheme.classes.all() if c.rights]
        for invention in inventions:
            if invention.consortium_id == scheme.consortium_id and scheme.topic_id in (None, invention.topic_id):
                usage[invention.pk]["classes"].extend(names)
    return usage


def licensees(invention_ids) -> dict[int, tuple[tuple[str, str, str], ...]]:
    """The ``licensees`` query hook: ``invention id → ((licensee name, kind, size), …)`` for the
    licences in force over each invention, in one query. The docket and the budget read it to
    know whether a US filing lost its small-entity status (37 CFR 1.27(a))."""
    from ..choices import LicenceStatus
    from ..models import LicensedAsset

    found: dict[int, list] = defaultdict(list)
    asked = set(invention_ids)
    rows = LicensedAsset.objects.filter(licence__status=LicenceStatus.ACTIVE)
    if len(asked) <= _LISTED:
        rows = rows.filter(invention_id__in=list(asked))
    # else: every licence in force, the asked inventions kept below — licences are far fewer than
    # the US filings of a national portfolio, whose ids would make a statement of 40,000 parameters.
    for invention_id, name, kind, size in rows.order_by("licence__licensee__name").values_list(
            "invention_id", "licence__licensee__name", "licence__licensee__kind", "licence__licensee__size"):
        if invention_id in asked:
            found[invention_id].append((name, kind, size or ""))
    return {k: tuple(v) for k, v in found.items()}


_LISTED = 1_000  # up to this many inventions asked, their ids go into the query
