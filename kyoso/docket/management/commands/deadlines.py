"""``kyoso deadlines JP|PCT|US|EP …`` – computed deadlines (see kyoso.rules.cli_render)."""

from kyoso.core.commands import KyosoCommand, usage_error
from kyoso.rules.cli_render import CliError, add_deadline_arguments, render_deadlines


class Command(KyosoCommand):
    help = "List the deadlines of a case, rolled to the office's next open day."

    def add_arguments(self, parser):
        add_deadline_arguments(parser)

    def handle(self, *args, **options):
        try:
            self.stdout.write(render_deadlines(options))
        except CliError as error:
            raise usage_error(str(error)) from error
