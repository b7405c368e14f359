"""Who owns (or jointly applies for) a right, and in what share – the input to fee reductions."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

__all__ = [
    "OWNER_KINDS", "Owner", "SOLE_COMPANY", "US_ENTITIES", "USEntity", "owner_kind", "owners_from_percentages",
    "parse_owner", "us_entity", "us_large_entity",
]

# The owner kinds the fee law knows (reductions_jp.csv says what each one pays):
# university  – 大学等 and public research institutes (特許法施行令 §10 no.3): ½
# company     – an ordinary (large) company: full fee
# sme         – 中小企業 (company, sole proprietor, 組合, NPO; 施行令 §10 no.1): ½
# small_startup – 小規模企業 / 中小スタートアップ (≤ 20 employees, or < 10 years old; 施行令 §10 no.2): ⅓
# approved_tlo – 承認TLO / 認定TLO (施行令 §10 no.3 ハ): ½ like the universities
# state       – the State (国): no fee on its share (Patent Act §107(2), §195(4); §107(3), §195(5))
# individual  – a natural person: full fee (low-income exemption is on proof, not modelled)
OWNER_KINDS = ("university", "company", "sme", "small_startup", "approved_tlo", "state", "individual")

# Organisation kinds (kyoso.parties) that are an owner kind of their own, whatever their size.
_KIND_OF_ORGANISATION = {
    "university": "university",
    "public_research": "university",
    "tlo": "approved_tlo",
    "state": "state",
}
# Otherwise the size bracket decides (a company, a 組合 or an NPO alike).
_KIND_OF_SIZE = {"sme": "sme", "small": "small_startup"}


def owner_kind(kind: str, size: str) -> str:
    """An organisation's kind and size (kyoso.parties) → the owner kind of the fee law.

    The one mapping every fee path reads (the docket's schedule, the fee forecast, the IP
    budget): public research institutes count as universities (試験研究機関, 施行令 §10 no.3), a
    TLO as an approved TLO (kyoso records the consortium's 承認TLO), the State as the State; any
    other organisation by its size bracket — an SME pays ½ whether it is a company, a 組合 or an
    NPO (JPO's SME reduction names all of them), a small or start-up company ⅓, and anything
    else (a large company, a funding agency) the full fee.
    """
    return _KIND_OF_ORGANISATION.get(kind) or _KIND_OF_SIZE.get(size or "", "company")


# -- US entity status (37 CFR 1.27) ---------------------------------------------------------------
US_ENTITIES = ("large", "small", "micro")
# Owner kinds that may claim small-entity status themselves: a university or other non-profit
# (37 CFR 1.27(a)(3)), a small business concern (1.27(a)(2): < 500 employees), a person (1.27(a)(1)).
_US_SMALL_KINDS = frozenset({"university", "sme", "small_startup", "approved_tlo", "individual"})


def us_large_entity(kind: str) -> bool:
    """Whether an owner kind (as :func:`owner_kind` gives it) is a large entity for the USPTO:
    a licence to it ends the licensor's small-entity status (37 CFR 1.27(a)(2)–(3))."""
    return kind not in _US_SMALL_KINDS


@dataclass(frozen=True, slots=True)
class USEntity:
    """The fee status of a US filing and why: ``entity`` is ``large``, ``small`` or ``micro``;
    ``why`` is ``declared``, ``licensed`` (to a large entity), ``owner`` (an owner does not
    qualify), ``no_owners`` or ``qualifies``; ``names`` the licensees or owner kinds concerned."""

    entity: str
    why: str
    names: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """The reason in English, for the CLI and logs (pages translate :attr:`why`)."""
        names = ", ".join(self.names)
        return {
            "declared": f"declared on the filing: {self.entity}",
            "licensed": f"licensed to a large entity (37 CFR 1.27(a)): {names}",
            "owner": f"an owner does not qualify as a small entity: {names}",
            "no_owners": "no owners recorded: assumed large",
            "qualifies": "every owner qualifies and no licence to a large entity (37 CFR 1.27(a))",
        }[self.why]


def us_entity(
    owner_kinds: tuple[str, ...], *, large_licensees: tuple[str, ...] = (), declared: str = ""
) -> USEntity:
    """The US fee status: what the filing declares, else derived (37 CFR 1.27(a)).

    Small-entity status needs every owner to qualify *and* no licence or assignment of a right
    to an entity that does not (37 CFR 1.27(a)(2)–(3)): one licence to a large company makes the
    filing large, whatever its owners are. ``large_licensees`` names those licensees; micro
    status (1.29) is never derived, only declared.
    """
    if declared:
        return USEntity(declared, "declared")
    if large_licensees:
        return USEntity("large", "licensed", tuple(large_licensees))
    if not owner_kinds:
        return USEntity("large", "no_owners")
    others = tuple(sorted({kind for kind in owner_kinds if kind not in _US_SMALL_KINDS}))
    if others:
        return USEntity("large", "owner", others)
    return USEntity("small", "qualifies")


@dataclass(frozen=True, slots=True)
class Owner:
    """One owner: its kind and its share of the right as an exact fraction (1/2 = 50 %)."""

    kind: str
    share: Fraction

    @property
    def percent(self) -> str:
        """The share as a percentage for display: ``50%``, ``33.34%``."""
        value = Decimal(self.share.numerator) * 100 / Decimal(self.share.denominator)
        return f"{value.normalize():f}%"


SOLE_COMPANY = (Owner("company", Fraction(1)),)


def parse_owner(text: str) -> tuple[str, Decimal]:
    """``"university:50"`` → ``("university", Decimal("50"))``; raises ``ValueError`` with a clear message."""
    kind, sep, share = text.partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in OWNER_KINDS:
        raise ValueError(f"owner {text!r}: expected KIND:SHARE with KIND one of {', '.join(OWNER_KINDS)}")
    try:
        percent = Decimal(share.strip())
    except InvalidOperation:
        raise ValueError(f"owner {text!r}: SHARE must be a percentage such as 50 or 33.5") from None
    if not percent.is_finite() or not 0 < percent <= 100:
        raise ValueError(f"owner {text!r}: SHARE must be more than 0 and at most 100")
    return kind, percent


def owners_from_percentages(pairs: list[tuple[str, Decimal]]) -> tuple[Owner, ...]:
    """Owners from ``(kind, percent)`` pairs, which must total exactly 100; none = a sole company."""
    if not pairs:
        return SOLE_COMPANY
    total = sum((percent for _, percent in pairs), Decimal(0))
    if total != 100:
        raise ValueError(f"owner shares must total 100 %, got {total.normalize():f} %")
    return tuple(Owner(kind, Fraction(percent) / 100) for kind, percent in pairs)
