"""The base of kyoso's management commands: every mistake in the arguments is one line, exit 2.

Django prints argparse's usage block before an argument error; kyoso's commands print only the
error (``kyoso fee: error: argument --filed: invalid date '9999-01-01': …``) and exit with status 2,
the status argparse uses for a usage error. Errors found after parsing (``CommandError`` with
``returncode=2``) read the same way.
"""

from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError, CommandParser

__all__ = ["KyosoCommand", "OneLineParser", "usage_error"]


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
