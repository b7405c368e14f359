"""The base of kyoso's management commands: every mistake in the arguments is one line, exit 2.

Django prints argparse's usage block before an argument error; kyoso's commands print only the
error (``kyoso fee: error: argument --filed: invalid date '9999-01-01': …``) and exit with status 2,
the status argparse uses for a usage error. Errors found after parsing (``CommandError`` with
``returncode=2``) read the same way.
"""

from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

__all__ = ["KyosoCommand", "OneLineParser", "usage_error", "Progress"]


class OneLineParser(CommandParser):
    """A command parser whose errors are a single line and exit status 2."""

    def error(self, message):
        if self.called_from_command_line:
            self.exit(2, f"{self.prog}: error: {message}\n")
        raise CommandError(f"Error: {message}", returncode=2)


class KyosoCommand(BaseCommand):
    """``BaseCommand`` with :class:`OneLineParser` (sub-commands too)."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Django builds its own CommandParser (and its sub-commands' parsers, while adding the
        # arguments); the subclass only changes how their errors print.
        _one_line(parser)
        return parser


def _one_line(parser: argparse.ArgumentParser) -> None:
    parser.__class__ = OneLineParser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _one_line(sub)


def usage_error(message: str) -> CommandError:
    """A ``CommandError`` for a bad value found after parsing: one line, exit status 2."""
    return CommandError(message, returncode=2)


class Progress:
    """A one-line progress bar for a command's long loop, shown only when ``stream`` is a terminal.

    ``advance(n)`` after each batch; the line is redrawn at most ten times a second (a cron job or
    a pipe sees nothing), and ``close()`` ends it with a newline. No dependency: ``tqdm`` and
    ``rich`` are not among kyoso's libraries and this is all a command needs.
    """

    width = 30

    def __init__(self, stream, total: int | None, label: str):
        self.stream, self.total, self.label, self.done = stream, total, label, 0
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())
        self._drawn = 0.0
        self._started = self._now()

    @staticmethod
    def _now() -> float:
        import time

        return time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.enabled and (now := self._now()) - self._drawn >= 0.1:
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = now - self._started
        if self.total:
            part = min(self.done / self.total, 1.0)
            bar = "#" * round(part * self.width)
            text = f"\r{self.label} [{bar:<{self.width}}] {self.done:,}/{self.total:,} {elapsed:.0f} s"
        else:
            text = f"\r{self.label} {self.done:,} {elapsed:.0f} s"
        self._write(text)

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(self._now())
            self._write("\n")
