"""Consortium licensing policies as data, and the engine that answers "may X do Y with IP Z?".

A policy (``data/policies/<name>.json``) is an ordered list of rules. Each rule names the facts
it matches (``when``), the decision, the next step and why, in English and Japanese. The first
rule that matches decides — the same reading a secretariat gives a printed rule book — so order
expresses precedence ("individual research first, then exclusivity, then …").

Two checks make a policy file safe to edit by hand. Both run at load time, so a broken file
fails loudly instead of deciding wrongly:

* **Closed vocabulary.** Unknown keys, facts, values, decisions, next steps or cost bearers are
  errors naming the file and the rule.
* **Totality and reachability.** Every combination of the enumerated facts (requester, IP,
  purpose, research, exclusivity, and the requester's class when the policy has classes) must
  reach a rule, and a rule that only tests enumerated facts must decide at least one of them;
  otherwise it is dead text that a reader would wrongly trust.

A policy also carries cost-burden rules (who pays the official fees of a filing), evaluated the
same way by :func:`cost_burden`.

Pure Python: no Django import (``docs/developing.md``, layer 1).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from importlib import resources

from kyoso.rules.shares import RIGHTS, ClassScheme, ShareClass, load_scheme

__all__ = [
    "BEARERS",
    "DECISIONS",
    "NEXT_STEPS",
    "CostBurden",
    "CostRule",
    "Decision",
    "Filing",
    "Policy",
    "PolicyError",
    "Request",
    "Rule",
    "cost_burden",
    "evaluate",
    "list_presets",
    "load_preset",
    "policy_from_mapping",
]

#: Decisions, with their English and Japanese wording.
DECISIONS: Mapping[str, tuple[str, str]] = {
    "no_assertion": ("no assertion of rights against the requester", "権利行使しない"),
    "no_assertion_if_owner_accepts": (
        "no assertion of rights if the owner can accept it",
        "権利者が容認可能な場合、権利行使しない",
    ),
    "license_in_principle": ("licence granted in principle", "原則許諾"),
    "license_if_possible_committee": (
        "licence where possible, terms set by the steering committee",
        "可能であれば許諾（実施条件は運営委員会で協議）",
    ),
    "per_individual_agreement": ("per individual agreement", "個別の契約で定める"),
    "refuse": ("refused", "許諾しない"),
}

#: What happens after the decision.
NEXT_STEPS: Mapping[str, str] = {
    "granted_automatically": "nothing to sign: the requester may go ahead",
    "owner_consent": "the owner confirms that it can accept the use",
    "licensing_body": "the body that gathers the members' licensing rights issues the licence",
    "steering_committee": "the steering committee discusses the terms; the owner respects its result",
    "first_negotiation": "the requester negotiates first, before any other member or outsider",
    "individual_negotiation": "the parties negotiate an individual agreement",
    "refused": "no licence",
}

#: Who bears the official fees and maintenance costs of a filing.
BEARERS: Mapping[str, str] = {
    "co_owner_company": "the company that co-owns the application",
    "owner": "the owner, under its own policy",
    "per_individual_agreement": "as set in the individual joint-research agreement",
    "ip_fund": "the platform's IP fund (earmarked indirect costs)",
}

_ENUMS: Mapping[str, tuple] = {
    "requester": ("participant", "outsider"),
    "ip": ("foreground", "background"),
    "purpose": ("research", "business"),
    "research": ("cooperative", "individual"),
    "exclusive": (False, True),
}
_FREE_FACTS = ("field", "territory", "asset", "company", "share_class")
_FILING_ENUMS: Mapping[str, tuple] = {
    "research": ("cooperative", "individual"),
    "joint_with_company": (False, True),
    "cost": ("filing", "maintenance"),
}
#: Why a fact value matters, shown in explanations (the Japanese is the source document's term).
_GLOSS: Mapping[tuple[str, object], str] = {
    ("requester", "participant"): "a participating member (参加機関)",
    ("requester", "outsider"): "not a member of the consortium",
    ("ip", "foreground"): "foreground IP, created in the consortium's research (フォアグラウンド知財)",
    ("ip", "background"): "background IP, a member's own IP brought to the consortium (バックグラウンド知財)",
    ("purpose", "research"): "research activity in the consortium (コンソ内研究活動)",
    ("purpose", "business"): "business purpose (事業目的)",
    ("research", "cooperative"): "cooperative, non-competitive research (協調共同研究)",
    ("research", "individual"): "individual research, 100 % company-funded (個別共同研究)",
    ("exclusive", True): "an exclusive licence is asked for",
    ("exclusive", False): "a non-exclusive use is asked for",
}
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SCHEMA = "kyoso.policy/1"


class PolicyError(ValueError):
    """A policy file, a request or a preset name is invalid; the message says where and why."""


@dataclass(frozen=True)
class Request:
    """The facts of one question: may this requester use this IP for this purpose?"""

    requester: str
    ip: str
    purpose: str
    research: str = "cooperative"
    exclusive: bool = False
    field: str | None = None
    territory: str | None = None
    asset: str | None = None
    company: str | None = None
    share_class: str | None = None

    def __post_init__(self) -> None:
        for fact, allowed in _ENUMS.items():
            if not _is_one_of(getattr(self, fact), allowed):
                raise PolicyError(
                    f"request: {fact} must be one of {_show(allowed)}, got {getattr(self, fact)!r}"
                )
        for fact in _FREE_FACTS:
            if getattr(self, fact) is not None and not isinstance(getattr(self, fact), str):
                raise PolicyError(f"request: {fact} must be a string, got {getattr(self, fact)!r}")


@dataclass(frozen=True)
class Filing:
    """The facts that decide who pays a filing's official fees."""

    research: str
    joint_with_company: bool
    cost: str = "filing"

    def __post_init__(self) -> None:
        for fact, allowed in _FILING_ENUMS.items():
            if not _is_one_of(getattr(self, fact), allowed):
                raise PolicyError(
                    f"filing: {fact} must be one of {_show(allowed)}, got {getattr(self, fact)!r}"
                )


@dataclass(frozen=True)
class Rule:
    """One licensing rule: when all conditions hold, ``decision`` with ``next`` as the next step."""

    id: str
    when: Mapping[str, tuple]
    decision: str
    next: str
    explanation: str
    explanation_ja: str
    source: str = ""  # source ids of data/sources/*.csv, separated by ";"
    quote: str = ""  # the words of the source the rule rests on, or "(reading) …" for a reading of it


@dataclass(frozen=True)
class CostRule:
    """One cost-burden rule: when all conditions hold, ``bearer`` pays."""

    id: str
    when: Mapping[str, tuple]
    bearer: str
    explanation: str
    explanation_ja: str
    source: str = ""  # source ids, separated by ";"
    quote: str = ""  # the words of the source the rule rests on


@dataclass(frozen=True)
class Policy:
    """A validated policy: rules in order of precedence, cost rules, and its class scheme if any."""

    id: str
    version: int
    title: str
    title_ja: str
    source: str
    readings: tuple[str, ...]
    rules: tuple[Rule, ...]
    cost_rules: tuple[CostRule, ...]
    share_classes: ClassScheme | None = None

    def share_class(self, request: Request) -> ShareClass | None:
        """The requester's class, when the policy has classes and the requester is a member."""
        if self.share_classes is None or request.requester != "participant" or request.share_class is None:
            return None
        return self.share_classes.get(request.share_class)


@dataclass(frozen=True)
class Decision:
    """The answer to a :class:`Request`: what, by which rule, why, and what happens next."""

    decision: str
    rule: str
    explanation: tuple[str, ...]
    next: str
    explanation_ja: str = ""

    def as_dict(self) -> dict:
        """The JSON contract of ``kyoso policy evaluate --json``."""
        return {
            "decision": self.decision,
            "rule": self.rule,
            "explanation": list(self.explanation),
            "next": self.next,
        }


@dataclass(frozen=True)
class CostBurden:
    """Who pays a filing's official fees, by which cost rule, and why."""

    bearer: str
    rule: str
    explanation: tuple[str, ...]


# -- evaluation --------------------------------------------------------------------------------


def evaluate(policy: Policy, request: Request) -> Decision:
    """Decide ``request`` under ``policy``: the first matching rule decides, and says why."""
    share_class = policy.share_class(request)
    rights = share_class.rights if share_class else ()
    rule = next(r for r in policy.rules if _matches(r.when, request, rights))  # totality checked at load
    facts = [
        _explain_fact(fact, allowed, request, share_class, policy) for fact, allowed in rule.when.items()
    ]
    if (
        policy.share_classes is not None
        and request.requester == "participant"
        and "has_right" not in rule.when
    ):
        facts.append(_class_line(request, share_class, policy.share_classes))
    return Decision(
        decision=rule.decision,
        rule=rule.id,
        explanation=(
            *facts,
            rule.explanation,
            f"Decided by rule {rule.id} of {policy.id} v{policy.version}.",
        ),
        next=rule.next,
        explanation_ja=rule.explanation_ja,
    )


def cost_burden(policy: Policy, filing: Filing) -> CostBurden:
    """Who bears the official fees of ``filing`` under ``policy``, and why."""
    rule = next(r for r in policy.cost_rules if _matches(r.when, filing, ()))  # totality checked at load
    facts = [f"{fact} = {_value_text(getattr(filing, fact))}" for fact in rule.when]
    return CostBurden(bearer=rule.bearer, rule=rule.id, explanation=(*facts, rule.explanation))


def _matches(when: Mapping[str, tuple], facts: object, rights: Iterable[str]) -> bool:
    for fact, allowed in when.items():
        if fact == "has_right":
            if not set(allowed) & set(rights):
                return False
        elif getattr(facts, fact) not in allowed:
            return False
    return True


def _explain_fact(
    fact: str, allowed: tuple, request: Request, share_class: ShareClass | None, policy: Policy
) -> str:
    if fact == "has_right":
        assert share_class is not None and policy.share_classes is not None  # the rule matched
        granted = [right for right in allowed if share_class.grants(right)]
        text = f"class {share_class.name} of {policy.share_classes.id} grants {', '.join(granted)}"
        if share_class.royalty_discount:
            text += f"; royalty discount {share_class.royalty_discount.normalize():f} %"
        return text
    value = getattr(request, fact)
    gloss = _GLOSS.get((fact, value))
    return f"{fact} = {_value_text(value)}" + (f": {gloss}" if gloss else "")


def _class_line(request: Request, share_class: ShareClass | None, scheme: ClassScheme) -> str:
    who = f"company {request.company}" if request.company else "the requester"
    if share_class is None:
        return f"{who} has no usage-right class in {scheme.id}"
    return f"{who} is in class {share_class.name} of {scheme.id}, granting {_show(share_class.rights) or 'nothing'}"


def _is_one_of(value: object, allowed: tuple) -> bool:
    # `1 in (True,)` holds in Python; compare types too, so that 1 is never read as "yes".
    # Text compares as text, so a Django TextChoices member (a str subclass) matches its value.
    return any(value == a and (type(value) is type(a) or isinstance(value, str) and isinstance(a, str)) for a in allowed)


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _show(values: Iterable) -> str:
    return ", ".join(_value_text(v) for v in values)


# -- policy files ------------------------------------------------------------------------------

_POLICY_KEYS = {
    "schema",
    "id",
    "version",
    "title",
    "title_ja",
    "source",
    "readings",
    "share_classes",
    "rules",
    "cost_burden",
}
_RULE_KEYS = {"id", "when", "decision", "next", "explanation", "explanation_ja", "source", "quote"}
_COST_KEYS = {"id", "when", "bearer", "explanation", "explanation_ja", "source", "quote"}


def policy_from_mapping(data: Mapping, *, share_classes: ClassScheme | None = None) -> Policy:
    """Build and validate a policy from parsed JSON.

    ``share_classes`` overrides the scheme named in the file (to evaluate a draft scheme).
    """
    where = f"policy {data.get('id', '?')!r}" if isinstance(data, Mapping) else "policy"
    _check_keys(data, _POLICY_KEYS, _POLICY_KEYS - {"share_classes", "readings"}, where)
    if data["schema"] != _SCHEMA:
        raise PolicyError(f"{where}: schema must be {_SCHEMA!r}, got {data['schema']!r}")
    if share_classes is None and data.get("share_classes"):
        share_classes = load_scheme(data["share_classes"])
    rules = tuple(_rule(row, f"{where}, rule #{i + 1}", share_classes) for i, row in enumerate(data["rules"]))
    cost_rules = tuple(
        _cost_rule(row, f"{where}, cost rule #{i + 1}") for i, row in enumerate(data["cost_burden"])
    )
    for kind, items in (("rule", rules), ("cost rule", cost_rules)):
        ids = [item.id for item in items]
        if duplicates := sorted({i for i in ids if ids.count(i) > 1}):
            raise PolicyError(f"{where}: {kind} ids repeat: {duplicates}")
    policy = Policy(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        title_ja=data["title_ja"],
        source=data["source"],
        readings=tuple(data.get("readings", ())),
        rules=rules,
        cost_rules=cost_rules,
        share_classes=share_classes,
    )
    _check_total(policy, where)
    return policy


def _rule(row: Mapping, where: str, share_classes: ClassScheme | None) -> Rule:
    _check_keys(row, _RULE_KEYS, _RULE_KEYS - {"source", "quote"}, where)
    where = f"{where} ({row['id']})"
    if row["decision"] not in DECISIONS:
        raise PolicyError(f"{where}: unknown decision {row['decision']!r} (known: {_show(DECISIONS)})")
    if row["next"] not in NEXT_STEPS:
        raise PolicyError(f"{where}: unknown next step {row['next']!r} (known: {_show(NEXT_STEPS)})")
    when = _conditions(
        row["when"], {**_ENUMS, **dict.fromkeys(_FREE_FACTS), "has_right": tuple(RIGHTS)}, where
    )
    if "has_right" in when and share_classes is None:
        raise PolicyError(f"{where}: tests has_right, but the policy names no share_classes")
    fields_ = {f.name for f in fields(Rule)} - {"when"}
    return Rule(when=when, **{k: row.get(k, "") for k in fields_})


def _cost_rule(row: Mapping, where: str) -> CostRule:
    _check_keys(row, _COST_KEYS, _COST_KEYS - {"source", "quote"}, where)
    where = f"{where} ({row['id']})"
    if row["bearer"] not in BEARERS:
        raise PolicyError(f"{where}: unknown bearer {row['bearer']!r} (known: {_show(BEARERS)})")
    when = _conditions(row["when"], _FILING_ENUMS, where)
    fields_ = {f.name for f in fields(CostRule)} - {"when"}
    return CostRule(when=when, **{k: row.get(k, "") for k in fields_})


def _conditions(when: Mapping, vocabulary: Mapping[str, tuple | None], where: str) -> dict[str, tuple]:
    """Normalise ``{"fact": value | [values]}`` to ``{"fact": (values,)}``, checking every name."""
    _check_keys(when, set(vocabulary), set(), f"{where}: when")
    conditions = {}
    for fact, value in when.items():
        values = tuple(value) if isinstance(value, list) else (value,)
        allowed = vocabulary[fact]
        if not values:
            raise PolicyError(f"{where}: condition {fact!r} lists no value")
        bad = [v for v in values if not (isinstance(v, str) if allowed is None else _is_one_of(v, allowed))]
        if bad:
            known = _show(allowed) if allowed is not None else "strings"
            raise PolicyError(f"{where}: {fact} cannot be {_show(bad)} (allowed: {known})")
        conditions[fact] = values
    return conditions


def _check_total(policy: Policy, where: str) -> None:
    """Every enumerated case reaches a rule; every enumerated-only rule decides some case."""
    classes = [None, *(c.name for c in policy.share_classes.classes)] if policy.share_classes else [None]
    winners: set[str] = set()
    for values in itertools.product(*_ENUMS.values(), classes):
        request = Request(**dict(zip([*_ENUMS, "share_class"], values, strict=True)))
        share_class = policy.share_class(request)
        rights = share_class.rights if share_class else ()
        rule = next((r for r in policy.rules if _matches(r.when, request, rights)), None)
        if rule is None:
            raise PolicyError(f"{where}: no rule decides {_describe(request)}; add a rule or a catch-all")
        winners.add(rule.id)
    for rule in policy.rules:
        if rule.id not in winners and not set(rule.when) & set(_FREE_FACTS):
            raise PolicyError(f"{where}: rule {rule.id} is never reached: earlier rules decide all its cases")
    for values in itertools.product(*_FILING_ENUMS.values()):
        filing = Filing(**dict(zip(_FILING_ENUMS, values, strict=True)))
        if not any(_matches(r.when, filing, ()) for r in policy.cost_rules):
            raise PolicyError(f"{where}: no cost rule decides {_describe(filing)}")


def _describe(facts: object) -> str:
    shown = {f.name: getattr(facts, f.name) for f in fields(facts) if getattr(facts, f.name) is not None}
    return ", ".join(f"{k}={_value_text(v)}" for k, v in shown.items())


def _check_keys(data: object, allowed: set[str], required: set[str], where: str) -> None:
    if not isinstance(data, Mapping):
        raise PolicyError(f"{where}: expected an object, got {type(data).__name__}")
    if unknown := sorted(set(data) - allowed):
        raise PolicyError(f"{where}: unknown keys {unknown} (allowed: {sorted(allowed)})")
    if missing := sorted(required - set(data)):
        raise PolicyError(f"{where}: missing keys {missing}")


def _data_dir():
    return resources.files("kyoso.rules").joinpath("data", "policies")


def list_presets() -> list[str]:
    """Names of the shipped policies (file names without ``.json``)."""
    return sorted(p.name.removesuffix(".json") for p in _data_dir().iterdir() if p.name.endswith(".json"))


def load_preset(name: str) -> Policy:
    """Load and validate a shipped policy, e.g. ``load_preset("nagoya-hmhs")``."""
    if not _NAME.match(name) or name not in list_presets():
        raise PolicyError(f"no policy preset {name!r} (available: {', '.join(list_presets())})")
    text = _data_dir().joinpath(f"{name}.json").read_text(encoding="utf-8")
    return policy_from_mapping(json.loads(text, parse_float=Decimal))
