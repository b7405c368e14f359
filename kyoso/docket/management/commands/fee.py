"""``kyoso fee JP exam|annual …`` – official fees with their breakdown (see kyoso.rules.cli_render)."""

from django.core.management.base import BaseCommand, CommandError

from kyoso.rules.cli_render import CliError, add_fee_arguments, render_fee


class Command(BaseCommand):
    help = "Compute a JPO fee (examination request or annuity) with co-owner reductions."

    def add_arguments(self, parser):
        add_fee_arguments(parser)

    def handle(self, *args, **options):
        try:
            self.stdout.write(render_fee(options))
        except CliError as error:
            raise CommandError(str(error)) from error
