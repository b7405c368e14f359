"""``kyoso sources [--markdown [FILE]] [--check]``: the sources registry that rule rows cite.

Without options: one line per source (id, citation, consulted date). ``--markdown`` writes
``docs/sources.md`` (or FILE; ``-`` for standard output) from ``kyoso/rules/data/sources/*.csv``;
``--check`` only loads and checks the registry. A malformed registry is an error naming the file
and line (exit status 1).
"""

from pathlib import Path

from django.core.management.base import CommandError

from kyoso.core.commands import KyosoCommand
from kyoso.rules.sources import SourceError, load_registry
from kyoso.rules.sources import markdown as sources_page

DEFAULT_PAGE = Path(__file__).resolve().parents[4] / "docs" / "sources.md"


class Command(KyosoCommand):
    help = "List the sources registry, check it, or write docs/sources.md from it (--markdown)."

    def add_arguments(self, parser):
        parser.add_argument("--markdown", nargs="?", const=str(DEFAULT_PAGE), metavar="FILE",
                            help="write the sources page (default docs/sources.md; - for standard output)")
        parser.add_argument("--check", action="store_true", help="only check the registry")

    def handle(self, *args, markdown: str | None = None, check: bool = False, **options):
        try:
            sources = load_registry()
        except SourceError as error:
            raise CommandError(str(error)) from None
        if check:
            self.stdout.write(f"{len(sources)} sources, all with a url and a consulted date.")
            return
        if markdown:
            page = _page(sources)
            if markdown == "-":
                self.stdout.write(page, ending="")
            else:
                Path(markdown).write_text(page, encoding="utf-8")
                self.stdout.write(f"Wrote {len(sources)} sources to {markdown}.")
            return
        for item in sources.values():
            self.stdout.write(f"{item.id}\t{item.citation}\t{item.consulted.isoformat()}")


def _page(sources) -> str:
    return sources_page(sources)
