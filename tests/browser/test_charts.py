"""Every chart renders as a drawing, in English and in Japanese: the charts page as the CPO (who gets
every kind: bars, lines and the heat map) and the survey's target chart as the IP office. Each chart
is screenshotted and must hold drawn marks with a size, not an empty <svg>."""


import pytest
from playwright.sync_api import expect

from .steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKS = "rect, polyline, circle"


def _every_chart_is_drawn(page, tmp_path, name, at_least):
    charts = page.locator("svg.chart")
    assert charts.count() >= at_least
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, f"chart {i} has no size"
        marks = chart.locator(MARKS)
        assert marks.count() > 0, f"chart {i} ({chart.get_attribute('aria-label')}) draws nothing"
        drawn = [marks.nth(j).bounding_box() for j in range(min(marks.count(), 5))]
        assert any(b and b["width"] > 0 and b["height"] > 0 for b in drawn), f"chart {i} marks have no size"
        shot = tmp_path / f"{name}-{i}.png"
        chart.screenshot(path=str(shot))
        assert shot.stat().st_size > 1000  # a real picture, not a blank pixel


@pytest.mark.parametrize("language", ["en", "ja"])
def test_charts_page_draws_every_chart(page, live_server, demo_world, console_errors, tmp_path, language):
    log_in(page, live_server, "cpo")
    if language == "ja":
        page.select_option("#language-select", "ja")
        expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.goto(f"{live_server.url}/charts/")
    expect(page.locator("h1")).to_have_text("図表" if language == "ja" else "Charts")
    _every_chart_is_drawn(page, tmp_path, f"charts-{language}", at_least=5)
    assert page.locator("#chart-ip-map svg.chart rect").count() > 0  # the heat map
    assert console_errors == []


@pytest.mark.parametrize("language", ["en", "ja"])
def test_survey_target_chart_is_drawn(page, live_server, demo_world, console_errors, tmp_path, language):
    log_in(page, live_server, "ipoffice")
    if language == "ja":
        page.select_option("#language-select", "ja")
        expect(page.locator("html")).to_have_attribute("lang", "ja")
    from kyoso.parties.models import Organisation

    lead = Organisation.objects.get(name="Kita-Nihon University")  # the demo enters its FY2014 baseline
    page.goto(f"{live_server.url}/survey/context/?institution={lead.pk}")
    expect(page.locator("body")).to_contain_text("3倍目標への道筋" if language == "ja" else "Path to the three-fold target")
    _every_chart_is_drawn(page, tmp_path, f"survey-{language}", at_least=2)
    assert console_errors == []
