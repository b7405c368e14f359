"""``kyoso policy …``: arguments and rendering, without Django.

The management command ``kyoso/licensing/management/commands/policy.py`` only wraps
:func:`add_arguments` and :func:`run`; tests call :func:`main` with an argument list.

    kyoso policy list
    kyoso policy show PRESET [--json]
    kyoso policy evaluate --preset nagoya-hmhs --ip foreground --purpose research \\
        --requester participant --research cooperative [--exclusive] [--json]

``evaluate --json`` prints exactly ``{"decision", "rule", "explanation", "next"}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence

from kyoso.rules.policy import (
    BEARERS,
    DECISIONS,
    NEXT_STEPS,
    Decision,
    Policy,
    PolicyError,
    Request,
    evaluate,
    list_presets,
    load_preset,
)
from kyoso.rules.shares import ShareClassError
from kyoso.rules.sources import cite

__all__ = ["add_arguments", "main", "render_decision", "render_policy", "run"]

Write = Callable[[str], None]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``list`` / ``show`` / ``evaluate`` sub-commands to ``parser``."""
    actions = parser.add_subparsers(dest="action", required=True, metavar="{list,show,evaluate}")
    actions.add_parser("list", help="list the policy presets")
    show = actions.add_parser("show", help="print a preset's rules")
    show.add_argument("preset")
    show.add_argument("--json", action="store_true", help="print the rules as JSON")
    ask = actions.add_parser("evaluate", help="decide one request under a preset")
    ask.add_argument("--preset", required=True)
    ask.add_argument("--requester", required=True, choices=["participant", "outsider"])
    ask.add_argument("--ip", required=True, choices=["foreground", "background"])
    ask.add_argument("--purpose", required=True, choices=["research", "business"])
    ask.add_argument("--research", default="cooperative", choices=["cooperative", "individual"])
    ask.add_argument("--exclusive", action="store_true", help="an exclusive licence is asked for")
    ask.add_argument("--share-class", help="the requester's usage-right class (class-based presets)")
    for fact in ("company", "field", "territory", "asset"):
        ask.add_argument(f"--{fact}")
    ask.add_argument("--json", action="store_true", help="print one JSON document")


def run(options: Mapping, write: Write) -> None:
    """Carry out parsed ``options``; raise :class:`PolicyError` on bad input."""
    try:
        if options["action"] == "list":
            for name in list_presets():
                write(f"{name}\t{load_preset(name).title}")
        elif options["action"] == "show":
            policy = load_preset(options["preset"])
            write(
                json.dumps(_policy_dict(policy), ensure_ascii=False, indent=2)
                if options["json"]
                else render_policy(policy)
            )
        else:
            policy = load_preset(options["preset"])
            if options.get("share_class") and policy.share_classes is None:
                # Ignored silently, the answer would look as if the class had been weighed.
                raise PolicyError(f"{policy.id} has no share classes: --share-class does not apply")
            decision = evaluate(policy, _request(options))
            write(
                json.dumps(decision.as_dict(), ensure_ascii=False)
                if options["json"]
                else render_decision(decision)
            )
    except ShareClassError as error:  # an unknown --share-class reads as a policy question
        raise PolicyError(str(error)) from error


def render_decision(decision: Decision) -> str:
    en, ja = DECISIONS[decision.decision]
    lines = [
        f"Decision: {decision.decision} — {en} ({ja})",
        f"Rule:     {decision.rule}",
        f"Next:     {decision.next} — {NEXT_STEPS[decision.next]}",
        "Why:",
        *(f"  - {line}" for line in decision.explanation),
    ]
    if decision.explanation_ja:
        lines.append(f"  （{decision.explanation_ja}）")
    return "\n".join(lines)


def render_policy(policy: Policy) -> str:
    lines = [
        f"{policy.id} v{policy.version}: {policy.title}",
        f"  {policy.title_ja}",
        f"Source: {cite(policy.source)}",
    ]
    if policy.share_classes:
        lines.append(
            f"Classes: {policy.share_classes.id}"
            + (" (illustrative)" if policy.share_classes.illustrative else "")
        )
    lines.append("Rules (first match decides):")
    for i, rule in enumerate(policy.rules, 1):
        when = ", ".join(f"{k}={'|'.join(map(_text, v))}" for k, v in rule.when.items()) or "otherwise"
        lines.append(f"  {i}. {rule.id}: if {when} → {rule.decision}, next {rule.next}")
    lines.append("Cost burden:")
    for rule in policy.cost_rules:
        when = ", ".join(f"{k}={'|'.join(map(_text, v))}" for k, v in rule.when.items()) or "always"
        lines.append(f"  - {rule.id}: if {when} → {rule.bearer} ({BEARERS[rule.bearer]})")
    if policy.readings:
        lines.append("Readings of the source:")
        lines.extend(f"  - {reading}" for reading in policy.readings)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, write: Write = print) -> int:
    """Stand-alone entry point (``python -m kyoso.rules.policy_cli``); returns an exit status."""
    parser = argparse.ArgumentParser(prog="kyoso policy")
    add_arguments(parser)
    try:
        run(vars(parser.parse_args(argv)), write)
    except PolicyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _request(options: Mapping) -> Request:
    return Request(
        requester=options["requester"],
        ip=options["ip"],
        purpose=options["purpose"],
        research=options["research"],
        exclusive=options["exclusive"],
        field=options.get("field"),
        territory=options.get("territory"),
        asset=options.get("asset"),
        company=options.get("company"),
        share_class=options.get("share_class"),
    )


def _policy_dict(policy: Policy) -> dict:
    return {
        "id": policy.id,
        "version": policy.version,
        "title": policy.title,
        "share_classes": policy.share_classes.id if policy.share_classes else None,
        "rules": [
            {
                "id": r.id,
                "when": {k: list(v) for k, v in r.when.items()},
                "decision": r.decision,
                "next": r.next,
            }
            for r in policy.rules
        ],
        "cost_burden": [
            {"id": r.id, "when": {k: list(v) for k, v in r.when.items()}, "bearer": r.bearer}
            for r in policy.cost_rules
        ],
    }


def _text(value: object) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


if __name__ == "__main__":
    sys.exit(main())
