"""The navigator's reasons in the reader's language (the codes of :mod:`kyoso.rules.programmes`)."""

from django.utils.translation import gettext_lazy as _

from kyoso.rules.programmes import Reason

TEXTS = {
    "applicant_ok": _("open to %(applicants)s; you apply as %(applicant)s"),
    "trl_ok": _("TRL %(trl)s is within the type's TRL %(span)s"),
    "cap_ok": _("%(need)s is within the cap of %(cap)s"),
    "no_cap": _("no cap is recorded: check the call"),
    "form_grant": _("a grant: nothing to repay"),
    "form_matching": _("a matching fund: the company puts in money of its own"),
    "matching_ratio": _("matching ratio %(ratio)s"),
    "repayment": _("repayment: %(terms)s"),
    "royalty": _("royalties (実施料) are paid to the funder once sales start"),
    "duration": _("runs %(years)s year(s)"),
    "unconfirmed": _("the terms are unconfirmed: check the call document"),
    "applicant_no": _("open to %(applicants)s only, not to %(applicant)s"),
    "trl_low": _("for TRL %(span)s: TRL %(trl)s is too early"),
    "trl_high": _("for TRL %(span)s: TRL %(trl)s is past it"),
    "above_cap": _("%(need)s is above the cap of %(cap)s"),
    "below_minimum": _("%(need)s is below the minimum of %(minimum)s"),
}

WORDS = {
    "a university etc.": _("a university etc."),
    "a company": _("a company"),
    "a university researcher with a company": _("a university researcher with a company"),
    "a year": _("a year"),
    "in total": _("in total"),
}


def _word(value: str) -> str:
    for english, translated in WORDS.items():
        value = value.replace(english, str(translated))
    return value.replace(" or ", f" {_('or')} ")


def reason_text(reason: Reason) -> str:
    return str(TEXTS[reason.code]) % {k: _word(v) for k, v in reason.params}
