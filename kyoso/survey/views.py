"""The survey page (figures, each a link to the records it counts), its files, and the records page."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView

from kyoso.agreements.models import Agreement
from kyoso.core.charts import Series, line_chart, yen_millions
from kyoso.core.pdf import pdf_response
from kyoso.rules import survey as rules
from kyoso.rules.fiscal import fiscal_year_of

from . import files
from .context import institution_series, target_standing
from .labels import (
    INVESTMENT_LABEL,
    NATIONAL_SERIES_LABEL,
    OTHER_LABELS,
    PATENT_LABELS,
    PATH_LABEL,
    RESEARCH_LABELS,
    label,
)
from .services import (
    PATENT_FIGURES,
    SURVEY_YEARS,
    filings_of,
    institutions_for,
    licences_of,
    may_run_survey,
    survey_report,
)

#: The records page lists the largest cases first, this many at most (the count says how many in all).
RECORDS_SHOWN = 1000


def _fiscal_year(request) -> int:
    default = fiscal_year_of(timezone.localdate()) - 1  # the survey asks about the year just ended
    try:
        year = int(request.GET.get("fiscal_year") or default)
    except ValueError:
        raise Http404 from None
    if year not in SURVEY_YEARS:
        raise Http404
    return year


class SurveyMixin(LoginRequiredMixin):
    """The institution and fiscal year a survey page is about; only the IP office and the auditor."""

    def setup_survey(self, request):
        if not may_run_survey(request.user):
            raise PermissionDenied
        institutions = institutions_for(request.user)
        chosen = request.GET.get("institution")
        if chosen:
            if not chosen.isdigit():
                raise Http404
            institution = institutions.filter(pk=chosen).first()
            if institution is None:
                raise Http404
        else:
            institution = institutions.first()
        return institutions, institution, _fiscal_year(request)


class SurveyView(SurveyMixin, TemplateView):
    """The survey of one institution and fiscal year in the survey's categories; ``?export=xlsx|csv|pdf``
    (the PDF in the page's language or ``&lang=ja|en``)."""

    template_name = "survey/report.html"

    def get(self, request, *args, **kwargs):
        institutions, institution, fiscal_year = self.setup_survey(request)
        context = {"institutions": institutions, "institution": institution, "fiscal_year": fiscal_year}
        if institution is None:
            return self.render_to_response(context)
        export = request.GET.get("export")
        filename = f"mext-survey-{institution.pk}-fy{fiscal_year}"
        if export == "pdf":  # read inside the PDF's language: the missing facts are sentences in it
            return pdf_response(request, "print/survey.html", lambda: {
                **context, **files.report_context(survey_report(institution, fiscal_year, user=request.user))},
                filename=filename)
        report = survey_report(institution, fiscal_year, user=request.user)
        if export == "xlsx":
            response = HttpResponse(
                files.workbook(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
            return response
        if export == "csv":
            response = HttpResponse(files.csv_text(report), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
            return response
        context.update(files.report_context(report))
        return self.render_to_response(context)


class SurveyRecordsView(SurveyMixin, TemplateView):
    """The records one figure of the survey counts (``?figure=joint_research.by_bracket.zero``)."""

    template_name = "survey/records.html"

    def get(self, request, *args, **kwargs):
        _institutions, institution, fiscal_year = self.setup_survey(request)
        figure = request.GET.get("figure", "")
        if institution is None:
            raise Http404
        context = {"institution": institution, "fiscal_year": fiscal_year, "figure": figure}
        section, _dot, key = figure.partition(".")
        if section in rules.RESEARCH_KINDS:
            report = survey_report(institution, fiscal_year, user=request.user)
            try:
                cases = rules.cases_of(report.cases[section], key)
            except KeyError:
                raise Http404 from None
            cases = sorted(cases, key=lambda case: (-case.amount, case.agreement_id, case.partner_id))
            shown = cases[:RECORDS_SHOWN]
            agreements = Agreement.objects.in_bulk({case.agreement_id for case in shown})
            context.update(kind="cases", title=label(RESEARCH_LABELS[section]), total=len(cases), rows=[
                {"agreement": agreements[case.agreement_id], "partner": report.partners[case.partner_id],
                 "amount": case.amount} for case in shown])
        elif section == "patents" and key in PATENT_FIGURES:
            filings = filings_of(institution, fiscal_year, key)
            context.update(kind="filings", title=label(PATENT_LABELS[key]), total=filings.count(),
                           rows=filings.select_related("family__invention").order_by("filing_date", "pk")[:RECORDS_SHOWN])
        elif figure == "licensing.cases":
            licences = licences_of(institution, fiscal_year)
            context.update(kind="licences", title=label(OTHER_LABELS["licensing_cases"]), total=licences.count(),
                           rows=licences.select_related("licensee").order_by("number")[:RECORDS_SHOWN])
        else:
            raise Http404
        context["shown"] = min(context["total"], RECORDS_SHOWN)
        return self.render_to_response(context)



class SurveyContextView(SurveyMixin, TemplateView):
    """The institution's series beside the national one, and the three-fold target as a chart."""

    template_name = "survey/context.html"

    def get(self, request, *args, **kwargs):
        institutions, institution, _year = self.setup_survey(request)
        context = {"institutions": institutions, "institution": institution, "national": rules.national_series()}
        national_chart = line_chart([Series(
            label(NATIONAL_SERIES_LABEL),
            [(y.fiscal_year, y.joint_private_amount) for y in rules.national_series()
             if y.joint_private_amount is not None],
        )], formatter=yen_millions)
        context["national_chart"] = national_chart
        if institution is None:
            return self.render_to_response(context)
        series = institution_series(institution)
        standing = target_standing(institution, series, today=timezone.localdate())
        lines = [Series(label(INVESTMENT_LABEL), [(y.fiscal_year, y.company_investment) for y in series])]
        if standing.path:
            lines.append(Series(label(PATH_LABEL), standing.path, style="target", dashed=True))
        path = dict(standing.path)
        context.update(
            series=[{"year": y, "path": path.get(y.fiscal_year)} for y in series],
            standing=standing, target_label=label((standing.target.label, standing.target.label_ja)),
            chart=line_chart(lines, formatter=yen_millions),
        )
        return self.render_to_response(context)
