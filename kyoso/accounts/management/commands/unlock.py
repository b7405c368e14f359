"""``kyoso unlock NAME``: lift a sign-in lock early (after the account holder was reached)."""

from django.core.management.base import BaseCommand, CommandError

from kyoso.accounts.lockout import clear, user_key


class Command(BaseCommand):
    help = "Forget failed sign-ins and lift the lock on a user name (or an address: token:ADDRESS)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="user name, or token:ADDRESS for an address locked out of the API")

    def handle(self, *args, name, **options):
        key = name if name.startswith("token:") else user_key(name)
        if not clear(key):
            raise CommandError(f"{name} is not locked and has no failed sign-ins.")
        self.stdout.write(f"Unlocked {name}.")
