"""Owner shares (持分) become exact fractions: ``share`` (a two-decimal percentage) is replaced by
``share_numerator`` / ``share_denominator``.

Data: each invention's percentages are converted together by
:func:`kyoso.rules.owners.shares_from_percentages`: when every percentage is within 0.01 points
of a fraction with a denominator up to 12 and those fractions total exactly 1, the fractions
are stored — a three-owner invention at 33.33 / 33.33 / 33.34 becomes 1/3 each, 66.67 / 33.33
becomes 2/3 and 1/3 — otherwise the percentages are stored exactly (40 % → 2/5, 12.34 % →
617/5000). Historical rows (field history) are converted one by one the same way: a past row of
33.33 % is shown as 1/3, since a co-owner's third was the only reason to type it. Reversing
writes the percentage rounded to two places (1/3 → 33.33).
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import django.core.validators
from django.db import migrations, models

from kyoso.rules.owners import shares_from_percentages

LARGEST_SHARE_FIRST = models.OrderBy(
    models.ExpressionWrapper(models.F("share_numerator") * models.Value(1000000) / models.F("share_denominator"),
                             output_field=models.BigIntegerField()), descending=True)


def to_fractions(apps, schema_editor):
    owner_model = apps.get_model("ip", "InventionOwner")
    by_invention: dict[int, list] = {}
    for owner in owner_model.objects.order_by("invention_id", "-share", "pk"):
        by_invention.setdefault(owner.invention_id, []).append(owner)
    changed = []
    for owners in by_invention.values():
        for owner, share in zip(owners, shares_from_percentages([o.share for o in owners]), strict=True):
            owner.share_numerator, owner.share_denominator = share.numerator, share.denominator
            changed.append(owner)
    owner_model.objects.bulk_update(changed, ["share_numerator", "share_denominator"], batch_size=2000)
    history = apps.get_model("ip", "HistoricalInventionOwner")
    rows = []
    for row in history.objects.all().iterator(chunk_size=2000):
        share = _one(row.share)
        row.share_numerator, row.share_denominator = share.numerator, share.denominator
        rows.append(row)
        if len(rows) >= 2000:
            history.objects.bulk_update(rows, ["share_numerator", "share_denominator"])
            rows = []
    history.objects.bulk_update(rows, ["share_numerator", "share_denominator"])


def _one(percent) -> Fraction:
    exact = Fraction(Decimal(percent)) / 100
    near = exact.limit_denominator(12)
    return near if near > 0 and abs(near - exact) <= Fraction(1, 10_000) else exact


def to_percentages(apps, schema_editor):
    for name in ("InventionOwner", "HistoricalInventionOwner"):
        model = apps.get_model("ip", name)
        rows = list(model.objects.all())
        for row in rows:
            row.share = (Decimal(row.share_numerator) * 100 / Decimal(row.share_denominator)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP)
        model.objects.bulk_update(rows, ["share"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("ip", "0009_filing_searched_by_us_entity"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinventionowner",
            name="share_denominator",
            field=models.PositiveIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(1000000)], verbose_name="share denominator"),
        ),
        migrations.AddField(
            model_name="historicalinventionowner",
            name="share_numerator",
            field=models.PositiveIntegerField(default=1, verbose_name="share numerator"),
        ),
        migrations.AddField(
            model_name="inventionowner",
            name="share_denominator",
            field=models.PositiveIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(1000000)], verbose_name="share denominator"),
        ),
        migrations.AddField(
            model_name="inventionowner",
            name="share_numerator",
            field=models.PositiveIntegerField(default=1, verbose_name="share numerator"),
        ),
        migrations.RunPython(to_fractions, to_percentages),
        migrations.AlterModelOptions(
            name="inventionowner",
            options={"ordering": ["invention", LARGEST_SHARE_FIRST, "pk"], "verbose_name": "owner", "verbose_name_plural": "owners"},
        ),
        migrations.RemoveField(
            model_name="historicalinventionowner",
            name="share",
        ),
        migrations.RemoveField(
            model_name="inventionowner",
            name="share",
        ),
    ]
