"""``kyoso policy list | show PRESET | evaluate …`` — licensing-policy questions from the shell.

All logic lives in :mod:`kyoso.rules.policy_cli` (pure Python, tested without Django);
this command only adapts it to Django's command machinery.
"""

from kyoso.core.commands import KyosoCommand, usage_error
from kyoso.rules import policy_cli
from kyoso.rules.policy import PolicyError


class Command(KyosoCommand):
    help = "Ask a consortium licensing policy: may X do Y with IP Z? (list, show, evaluate)"
    # The answer comes from the policy files alone: no database, URLs or models are involved,
    # so the command works on a fresh checkout and in scripts without running system checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        policy_cli.add_arguments(parser)

    def handle(self, *args, **options):
        try:
            policy_cli.run(options, self.stdout.write)
        except PolicyError as error:
            raise usage_error(str(error)) from error
