"""How the survey's figures are named on pages and in files, in both languages.

Partner categories and brackets carry their own English and Japanese labels in the rule data
(``kyoso/rules/data/survey/``); the rest are translated strings here. ``rows`` is the one place
that turns a report into labelled rows, read by the page, the XLSX and the CSV alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kyoso.rules import survey as rules

RESEARCH_LABELS = {
    "joint_research": (_("Joint research"), "共同研究"),
    "commissioned_research": (_("Commissioned research"), "受託研究"),
}
DIMENSION_LABELS = {
    "by_partner": (_("By partner"), "相手先別"),
    "by_size": (_("By company size"), "企業規模別"),
    "by_bracket": (_("By contract size"), "規模別内訳"),
}
SIZE_LABELS = {
    "large": (_("Large enterprises"), "大企業"),
    "sme": (_("SMEs"), "中小企業"),
    "not_company": (_("Not a company"), "企業以外"),
    "unknown": (_("Company size unknown"), "企業規模不明"),
}
PATENT_LABELS = {
    "applications_domestic": (_("Patent applications, domestic"), "特許出願件数（国内）"),
    "applications_foreign": (_("Patent applications, foreign"), "特許出願件数（外国）"),
    "held_domestic": (_("Patents held, domestic"), "特許権保有件数（国内）"),
    "held_foreign": (_("Patents held, foreign"), "特許権保有件数（外国）"),
}
NATIONAL_SERIES_LABEL = (_("Joint research with private companies, all universities (yen)"), "民間企業との共同研究受入額（全国）")
INVESTMENT_LABEL = (_("Company investment in this institution (yen)"), "企業からの研究資金受入額（本機関）")
PATH_LABEL = (_("Path to the three-fold target"), "3倍目標への道筋")

OTHER_LABELS = {
    "total": (_("Total"), "合計"),
    "large": (_("Large cases (¥10M or more)"), "大型（1件1,000万円以上）"),
    "licensing_cases": (_("Licences and assignments (実施等), cases"), "特許権実施等件数"),
    "licensing_income": (_("Income from licences and assignments (yen)"), "特許権実施等収入額（円）"),
    "spin_offs": (_("University spin-offs founded"), "大学発ベンチャー設立数"),
}


def _is_ja() -> bool:
    return (get_language() or "en").startswith("ja")


def label(pair: tuple) -> str:
    """The page's language: the English label (translated by the catalogue) or the Japanese one."""
    english, japanese = pair
    return japanese if _is_ja() else str(english)


def category_label(category: rules.Category) -> str:
    return category.label_ja if _is_ja() else category.label


@dataclass(frozen=True)
class Row:
    """One labelled figure of a breakdown: ``figure`` is the key the records page takes."""

    figure: str
    label: str
    label_ja: str
    cases: int
    amount: int
    confirmed: bool = True
    source: str = ""


def breakdown_rows(kind: str, summary: rules.Summary) -> dict[str, list[Row]]:
    """Each breakdown of one kind of research as labelled rows, total and large included."""
    partners = {c.key: c for c in rules.partner_types()}
    brackets = {c.key: c for c, *_rest in rules.brackets()}
    out = {
        "by_partner": [Row(f"{kind}.by_partner.{r.key}", category_label(partners[r.key]), partners[r.key].label_ja,
                           r.cases, r.amount, partners[r.key].confirmed, partners[r.key].source)
                       for r in summary.by_partner],
        "by_size": [Row(f"{kind}.by_size.{r.key}", label(SIZE_LABELS[r.key]), SIZE_LABELS[r.key][1], r.cases, r.amount)
                    for r in summary.by_size],
        "by_bracket": [Row(f"{kind}.by_bracket.{r.key}", category_label(brackets[r.key]), brackets[r.key].label_ja,
                           r.cases, r.amount, brackets[r.key].confirmed, brackets[r.key].source)
                       for r in summary.by_bracket],
    }
    return out
