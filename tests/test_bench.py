"""``make bench`` (kyoso.bench): a smoke run on a tiny generated world, and the rule deciding its
exit status. No timing is asserted here — timings belong to the bench's own report."""

import io
import json

import pytest
from django.db import connection

from kyoso import bench
from kyoso.bench import Figure, Report, exit_status, judge, noise_margin


def test_a_figure_over_budget_by_less_than_the_noise_margin_does_not_fail():
    margin = 0.10
    assert judge(Figure("pages", "p", value=990.0, budget=1000.0), margin) == "ok"
    assert judge(Figure("pages", "p", value=1050.0, budget=1000.0), margin) == "within noise"
    assert judge(Figure("pages", "p", value=1200.0, budget=1000.0), margin) == "OVER"
    # Rows per second: more is better, the margin works the other way round.
    assert judge(Figure("imports", "i", value=4800.0, unit="rows/s", budget=5000.0), margin) == "within noise"
    assert judge(Figure("imports", "i", value=4000.0, unit="rows/s", budget=5000.0), margin) == "OVER"
    # Nothing to judge without a budget; a broken page fails whatever its time.
    assert judge(Figure("effects", "e", value=99999.0), margin) == ""
    assert judge(Figure("pages", "p", value=1.0, budget=150.0, problems=["status 500"]), margin) == "BROKEN"


def test_exit_status_is_one_only_when_a_budget_is_missed_beyond_the_margin():
    report = Report(started_at="", scale="tiny", vendor="sqlite", database="", noise_margin=0.2)
    report.figures = [Figure("pages", "a", value=170.0, budget=150.0), Figure("pages", "b", value=100.0, budget=150.0)]
    assert exit_status(report) == 0  # 170 ms is 13 % over, inside a 20 % margin
    assert [f.verdict for f in report.figures] == ["within noise", "ok"]
    report.figures.append(Figure("commands", "remind", value=4.0, unit="s", budget=3.0))
    assert exit_status(report) == 1  # 33 % over


def test_noise_margin_is_the_reference_jobs_p95_over_its_fastest_run():
    assert noise_margin([10.0] * 19 + [12.0]) == pytest.approx(0.05)  # p95 of 20 runs is the 19th: 10 ms → the floor
    assert noise_margin([10.0, 11.0, 12.0, 13.0]) == pytest.approx(0.3)
    assert noise_margin([]) == 0.05
    # A machine evenly busy: little spread, but twice as slow as its quietest run → 100 %.
    assert noise_margin([20.0, 20.0, 20.0, 21.0], baseline_ms=10.0) == pytest.approx(1.0)


def test_small_run_reports_every_section(db, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench, "settle", lambda: None)  # gc.freeze would pin the test process's objects
    measure_commands = bench.measure_commands

    def after_an_earlier_run(report, args):  # an earlier run today has sent every reminder due
        from django.core.management import call_command

        call_command("remind", stdout=io.StringIO())
        measure_commands(report, args)

    monkeypatch.setattr(bench, "measure_commands", after_an_earlier_run)
    args = bench.parse_args(["--scale", "tiny", "--requests", "1", "--only", "docket:home,docket:forecast,deadline_list,deadline-list", "--roles", "ipoffice,company",
                             "--output", str(tmp_path)])
    status = bench.run(args, in_process=True)
    assert status in (0, 1)
    vendor = connection.vendor  # the report is named after the database the suite runs on
    text = (tmp_path / f"{vendor}-tiny.md").read_text()
    for section in bench.SECTIONS:
        assert f"## {section}\n" in text
    assert "Skipped: in-process run" in text  # imports and concurrency need their own processes
    data = json.loads((tmp_path / f"{vendor}-tiny.json").read_text())
    measured = {(f["section"], f["name"].split(" ")[0], f["role"]) for f in data["figures"]}
    assert ("pages", "docket:home", "ipoffice") in measured
    assert ("pages", "docket:forecast", "company") in measured
    assert ("exports", "docket:deadline_list", "ipoffice") in measured
    assert ("pages", "deadline-list", "company") in measured  # the API's lists (viewsets have no get())
    names = {section: [f["name"] for f in data["figures"] if f["section"] == section] for section in bench.SECTIONS}
    assert [name.split(" ")[0].rstrip(":") for name in names["effects"]] == [
        "gc.freeze", "gc.freeze", "FastTable", "FastTable", "KeysFirst", "KeysFirst"]
    assert names["commands"] == ["kyoso docket recompute --all", "kyoso remind (first run)", "kyoso remind (nothing new)"]
    # The first run sends (whatever an earlier run sent is cleared first); the second finds nothing new.
    notes = {f["name"]: f["note"] for f in data["figures"] if f["section"] == "commands"}
    first_sent = int(notes["kyoso remind (first run)"].split(" reminder(s)")[0].replace(",", ""))
    assert first_sent > 0
    assert notes["kyoso remind (nothing new)"].startswith("0 reminder(s) in 0 digest(s) sent")
    # The exit status is the verdicts' (1 exactly when one is OVER or BROKEN).
    assert status == int(any(f["verdict"] in ("OVER", "BROKEN") for f in data["figures"]))
    assert data["noise_margin"] >= 0.05 and data["machine"]["load_start"]
