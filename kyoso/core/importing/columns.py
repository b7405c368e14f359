"""Column declarations: a header (English field name, English label or Japanese label) and a parser.

A parser turns one cell into a Python value or raises ``ValidationError`` with a message the user
can act on. Cells arrive as text from CSV and as numbers, dates or text from XLSX.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from kyoso.rules.owners import ShareError, parse_share, share_percent

from ..roles import CHANGE

__all__ = [
    "Column", "TextColumn", "IntegerColumn", "PercentColumn", "DateColumn", "BooleanColumn", "ChoiceColumn",
    "ReferenceColumn", "KeyColumn", "SharesColumn", "normalise_header",
]


def normalise_header(text: str) -> str:
    """Compare headers loosely: full-width to half-width, case, spaces/underscores, a trailing ``*``."""
    text = unicodedata.normalize("NFKC", str(text)).strip().rstrip("*").strip().lower()
    return re.sub(r"[\s_]+", " ", text)


def _text(value) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip() if isinstance(value, str) else str(value).strip()


class Column:
    """One column of an import file.

    ``name`` is the header written in templates (the model field name where there is one);
    ``label`` (translatable) and ``ja`` (the Japanese header Excel users type) are accepted too.
    """

    def __init__(self, name: str, label, *, ja: str = "", required: bool = False, help_text="", aliases=()):
        self.name, self.label, self.ja, self.required, self.help_text = name, label, ja, required, help_text
        self.aliases = tuple(aliases)

    def headers(self) -> set[str]:
        return {normalise_header(h) for h in (self.name, str(self.label), self.ja, *self.aliases) if h}

    def clean(self, raw, importer):
        """The parsed value of a cell; ``None`` for a blank optional cell (which changes nothing)."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.required:
                raise ValidationError(_("This column is required."))
            return None
        return self.parse(raw, importer)

    def parse(self, raw, importer):
        return _text(raw)


class TextColumn(Column):
    """Free text, kept as typed (Japanese names stay full-width)."""

    def parse(self, raw, importer):
        return str(raw).strip()


class IntegerColumn(Column):
    """A whole number: years, counts and yen amounts (``¥1,200,000`` and ``1200000円`` accepted)."""

    def parse(self, raw, importer):
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        text = re.sub(r"[,\s¥円]", "", _text(raw))
        if not re.fullmatch(r"-?\d+", text):
            raise ValidationError(_("“%(value)s” is not a whole number.") % {"value": raw})
        return int(text)


def parse_percent(raw) -> Decimal:
    """``12.5``, ``12.5%`` or ``１２．５％`` → ``Decimal("12.5")`` (points, not a fraction)."""
    try:
        value = Decimal(_text(raw).rstrip("%").strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(_("“%(value)s” is not a percentage.") % {"value": raw})
    return value


class PercentColumn(Column):
    """A percentage as a number of points, ``12.5`` or ``12.5%``."""

    def parse(self, raw, importer):
        return parse_percent(raw)


DATE_PATTERN = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


class DateColumn(Column):
    """A date: an Excel date cell, ``2024-04-01``, ``2024/4/1`` or ``2024年4月1日``."""

    def parse(self, raw, importer):
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        match = DATE_PATTERN.match(_text(raw))
        try:
            if not match:
                raise ValueError
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date; write it as YYYY-MM-DD or YYYY/MM/DD.") % {"value": raw}
            ) from None


class BooleanColumn(Column):
    """Yes or no, in the ways people write it in English and Japanese."""

    TRUE = {"1", "true", "yes", "y", "はい", "○", "〇", "有"}
    FALSE = {"0", "false", "no", "n", "いいえ", "×", "無"}

    def parse(self, raw, importer):
        if isinstance(raw, bool):
            return raw
        text = _text(raw).lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(_("“%(value)s” is not yes or no.") % {"value": raw})


class ChoiceColumn(Column):
    """One of a model's choices, given by its stored value or its label (in any language)."""

    def __init__(self, name, label, choices, **kwargs):
        super().__init__(name, label, **kwargs)
        self.choices = choices

    def parse(self, raw, importer):
        text = normalise_header(raw)
        for value, spellings in self.spellings().items():
            if text in spellings:
                return value
        values = ", ".join(v for v in self.choices.values if v)
        raise ValidationError(_("“%(value)s” is not one of: %(values)s.") % {"value": raw, "values": values})

    def spellings(self) -> dict[str, set[str]]:
        """Each choice's value, its label in the current language and its Japanese label."""
        from django.utils import translation

        language = translation.get_language()
        cache = self.__dict__.setdefault("_spellings_by_language", {})
        if language not in cache:  # worked out once per column and language, not per cell
            cache[language] = self._spellings()
        return cache[language]

    def _spellings(self) -> dict[str, set[str]]:
        from django.utils import translation

        spellings = {value: {normalise_header(value), normalise_header(label)} for value, label in self.choices.choices}
        with translation.override("ja"):
            for value, label in self.choices.choices:
                spellings[value].add(normalise_header(label))
        return spellings


class ReferenceColumn(Column):
    """A record named by a natural key, looked up among what the importing user may use.

    Directory rows (organisations, people) need only be visible; containers (consortia,
    agreements) must be changeable — the same rule as the edit forms.
    """

    def __init__(self, name, label, model, lookups: tuple[str, ...], **kwargs):
        super().__init__(name, label, **kwargs)
        self.model, self.lookups = model, lookups

    def queryset(self, importer):
        base = self.model.objects.all()
        return base.for_user(importer.user, getattr(base, "reference_action", CHANGE))

    def match(self, queryset, text: str):
        query = Q()
        for lookup in self.lookups:
            query |= Q(**{f"{lookup}__iexact": text})
        return queryset.filter(query)

    def parse(self, raw, importer):
        return self.resolve(_text(raw), importer)

    def preload(self, texts, importer) -> None:
        """Look up every name of ``texts`` in one query and remember the matches, so resolving a
        file's rows costs one query per column, not one per row."""
        from django.db.models.functions import Lower

        wanted = {_text(t).lower() for t in texts if t is not None and str(t).strip()}
        cache = importer.__dict__.setdefault("_references", {}).setdefault(self.name, {})
        wanted -= set(cache)
        if not wanted:
            return
        query = Q()
        annotations = {f"_key_{i}": Lower(lookup) for i, lookup in enumerate(self.lookups)}
        for name in annotations:
            query |= Q(**{f"{name}__in": list(wanted)})
        found: dict[str, list] = {text: [] for text in wanted}
        for record in self.queryset(importer).annotate(**annotations).filter(query):
            for name in annotations:
                key = (getattr(record, name) or "").lower()
                if key in found and record not in found[key]:
                    found[key].append(record)
        # Only matches are kept: a name not found here is looked up again the form's way (``match``),
        # which may compare case differently from the database's ``LOWER`` outside ASCII.
        cache.update({text: records for text, records in found.items() if records})

    def suggest(self, text: str, importer) -> str | None:
        """A stored name that ``text`` was probably meant to be (none by default)."""
        return None

    def resolve(self, text: str, importer):
        cache = importer.__dict__.setdefault("_references", {}).setdefault(self.name, {})
        if text.lower() not in cache:
            cache[text.lower()] = list(self.match(self.queryset(importer), text)[:2])
        found = cache[text.lower()][:2]
        name = self.model._meta.verbose_name
        if not found:
            message = _("No %(model)s “%(value)s” that you may use.") % {"model": name, "value": text}
            if suggestion := self.suggest(text, importer):
                message += " " + _("Did you mean “%(name)s”?") % {"name": suggestion}
            raise ValidationError(message)
        if len(found) > 1:
            raise ValidationError(_("“%(value)s” matches several %(models)s; be more precise.") % {
                "value": text, "models": self.model._meta.verbose_name_plural})
        return found[0]


class KeyColumn(ReferenceColumn):
    """A reference unique only within another record (a topic code within its consortium).

    The cell stays text; the importer resolves it with :meth:`Importer.find` once it knows the
    containing record.
    """

    def parse(self, raw, importer):
        return _text(raw)


class SharesColumn(Column):
    """Parties with shares, ``Org A:1/3;Org B:2/3`` or ``Org A:50;Org B:50%``, which must total exactly 1.

    Each share is a fraction (``1/3``) or a percentage (``33.5`` or ``33.5%``), read by
    :func:`kyoso.rules.owners.parse_share`. Parsed into ``[(record, Fraction share)]``; each name
    is resolved by ``party`` (a :class:`ReferenceColumn`). A bare name stands for 100 %.
    """

    def __init__(self, name, label, party: ReferenceColumn, **kwargs):
        super().__init__(name, label, **kwargs)
        self.party = party

    @staticmethod
    def parts(raw) -> list[tuple[str, str]]:
        """(name, share text) of each ``Name:50`` part of a cell."""
        parts = []
        for part in filter(None, (p.strip() for p in re.split(r"[;；\n]", str(raw)))):
            name, colon, share = part.replace("：", ":").rpartition(":")
            parts.append((name, share) if colon else (part, "100"))
        return parts

    def parse(self, raw, importer):
        shares, problems = [], []
        for name, share in self.parts(raw):
            try:
                record = self.party.resolve(_text(name), importer)
                shares.append((record, parse_share(share)))
            except ValidationError as error:
                problems.extend(error.messages)
            except ShareError:
                problems.append(_("%(share)s is not a share: write a fraction such as 1/3 or a percentage such as "
                                  "33.5%%.") % {"share": share})
        if problems:
            raise ValidationError(problems)
        if len({record.pk for record, _share in shares}) != len(shares):
            raise ValidationError(_("The same name appears twice."))
        total = sum((share for _record, share in shares), Fraction(0))
        if total != 1:
            raise ValidationError(_("The shares must total 100%% (now %(total)s%%).") % {"total": share_percent(total, 4)})
        return shares
