"""``kyoso generate``: a synthetic dataset for benchmarks (see ``kyoso.demo.generate``)."""

from django.core.management.base import BaseCommand, CommandError

from kyoso.demo.generate import GENERATED_SLUG_PREFIX, SCALES, generate


class Command(BaseCommand):
    help = (
        "Generate a synthetic dataset in bulk for benchmarks: --scale national (≈1,000 organisations, 300 consortia, "
        "300,000 agreements × 10 years of contributions, 100,000 inventions, 200,000 filings) or small (1/100). "
        "Generated rows have no history. Not for a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small", help="How much to generate (default: small).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; the same seed gives the same data.")

    def handle(self, *args, scale, seed, **options):
        from kyoso.consortia.models import Consortium

        # Generated names are namespaced, so they may join the demo, but not a second generated world.
        if Consortium.objects.filter(slug__startswith=GENERATED_SLUG_PREFIX).exists():
            raise CommandError("This database holds generated data already; generate into a fresh database.")
        world = generate(scale, seed=seed, report=self.progress)
        self.stdout.write(self.style.SUCCESS(f"Done in {world.seconds:.1f} s. Logins: {', '.join(world.usernames.values())}"))

    def progress(self, line: str) -> None:
        # Flushed at once: a national build takes minutes and its progress should show as it goes.
        self.stdout.write(line)
        self.stdout.flush()
