"""``kyoso fee JP exam|annual …``, ``US maintenance``, ``EP renewal``, ``PCT international-filing`` –
official fees with their breakdown (see kyoso.rules.cli_render)."""

from kyoso.core.commands import KyosoCommand, usage_error
from kyoso.rules.cli_render import CliError, add_fee_arguments, render_fee


class Command(KyosoCommand):
    help = ("Compute an official fee with its breakdown: JPO examination request (by who searched) or annuity "
            "with co-owner reductions, USPTO maintenance fee, EPO renewal fee, PCT international filing fee.")

    def add_arguments(self, parser):
        add_fee_arguments(parser)

    def handle(self, *args, **options):
        try:
            self.stdout.write(render_fee(options))
        except CliError as error:
            raise usage_error(str(error)) from error
