"""Choices for the IP fund: sources and programmes come from the rule data, so they stay in step."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.rules.funding import PROGRAMMES, SOURCES


class Source(models.TextChoices):
    """Where the money comes from (``kyoso/rules/data/funding/sources.csv``)."""

    IP_EARMARK = "ip_earmark", _("IP-earmarked indirect costs of joint research")
    COMPETITIVE_INDIRECT = "competitive_indirect", _("Indirect costs of competitive funds")
    UNIVERSITY_BUDGET = "university_budget", _("University budget")
    CO_OWNER = "co_owner", _("Co-owner company payments")
    PROGRAMME_DIRECT = "programme_direct", _("Direct costs of a funded project")


class Programme(models.TextChoices):
    """Funding programmes (``kyoso/rules/data/funding/programmes.csv``)."""

    JST_MIRAI = "jst_mirai", _("JST Mirai (未来社会創造事業)")
    A_STEP = "a_step", _("JST A-STEP")
    COI = "coi", _("JST COI")
    OPERA = "opera", _("JST OPERA")
    KAKENHI = "kakenhi", _("KAKENHI")
    OTHER = "other", _("Other programme")


class EntryKind(models.TextChoices):
    ACCRUAL = "accrual", _("Accrual (money in)")
    PAYMENT = "payment", _("Payment (money out)")


class CostKind(models.TextChoices):
    OFFICIAL_FEE = "official_fee", _("Official fee")
    AGENT_FEE = "agent_fee", _("Agent / attorney fee")
    TRANSLATION = "translation", _("Translation")
    SEARCH = "search", _("Prior-art search")
    OTHER = "other", _("Other")


# The data files and these choices must name the same things; a mismatch fails at start-up.
assert set(Source.values) == set(SOURCES), "Source choices and funding/sources.csv differ"
assert set(Programme.values) == set(PROGRAMMES), "Programme choices and funding/programmes.csv differ"
