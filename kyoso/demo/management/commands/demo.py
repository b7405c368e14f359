"""``kyoso demo``: load the demo consortium, or print its logins."""

from django.core.management.base import BaseCommand, CommandError

from kyoso.demo.people import DEMO_PASSWORD, LOGINS


class Command(BaseCommand):
    help = "Load the opera-demo consortium with one login per role (only into an empty database)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing (successfully) when data exists already.")
        parser.add_argument("--logins", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, if_empty=False, logins=False, **options):
        from django.contrib.auth import get_user_model

        from kyoso.parties.models import Organisation

        if logins:
            self.print_logins()
            return
        if Organisation.objects.exists() or get_user_model().objects.exists():
            if if_empty:
                self.stdout.write("The database has data already; the demo was not loaded.")
                if get_user_model().objects.filter(username="ipoffice").exists():
                    self.print_logins()  # it is (still) the demo: say how to get in
                return
            raise CommandError("The database is not empty; the demo loads only into an empty database.")
        from kyoso.demo.build import build_demo

        self.stdout.write("Loading the opera-demo and opera-second consortia…")
        build_demo()
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
        self.print_logins()

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write(f"Open http://127.0.0.1:8000 and log in as one of (password for all: {DEMO_PASSWORD}):")
        for username, (_role, _org, _person, description) in LOGINS.items():
            self.stdout.write(f"  {username:<11} {description}")
        self.stdout.write(f"  {'admin':<11} Django admin (/admin/)")
        self.stdout.write("")
