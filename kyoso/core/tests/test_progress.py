"""A command's progress bar shows on a terminal only (cron mail and pipes stay clean)."""

from io import StringIO

from kyoso.core.commands import Progress


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_draws_one_line_on_a_terminal():
    screen = Terminal()
    progress = Progress(screen, 200, "recompute")
    progress.advance(100)  # the first call draws; later ones at most ten times a second
    assert screen.getvalue().startswith("\rrecompute [" + "#" * 15 + " " * 15 + "] 100/200")
    progress.advance(100)
    progress.close()
    last = screen.getvalue().rstrip("\n").split("\r")[-1]
    assert last.startswith("recompute [" + "#" * 30 + "] 200/200")
    assert "\n" not in screen.getvalue().rstrip("\n")  # redrawn in place, one line
    assert screen.getvalue().endswith("\n")


def test_progress_prints_nothing_when_not_a_terminal():
    piped = StringIO()
    progress = Progress(piped, 200, "recompute")
    progress.advance(200)
    progress.close()
    assert piped.getvalue() == ""
