"""``kyoso agreement draft NUMBER --lang ja|en --out FILE.docx`` — a draft of an agreement as Word.

Each run stores a new numbered draft version (with the term changes since the previous one) and
writes its document, as the agreement page's "Generate a draft version" does.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from kyoso.core.commands import KyosoCommand
from kyoso.core.roles import Actor, Role

from ...drafts import render_draft
from ...models import Agreement
from ...sakura import record_draft_version

OPERATOR = Actor(user_id=None, role=Role.IP_OFFICE)


class Command(KyosoCommand):
    help = "Agreements: a Word draft of an agreement, stored as a new version."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{draft}")
        draft = actions.add_parser("draft", help="write a draft of the agreement as .docx")
        draft.add_argument("number", help="the agreement number")
        draft.add_argument("--lang", choices=["ja", "en"], default="ja")
        draft.add_argument("--out", required=True, help="the .docx file to write")
        draft.add_argument("--as", dest="username", help="record the version as this user (default: the IP office operator)")

    def handle(self, *args, **options):
        agreement = Agreement.objects.for_user(OPERATOR).filter(number=options["number"]).first()
        if agreement is None:
            raise CommandError(f"no agreement {options['number']!r}")
        user = OPERATOR
        if options.get("username"):
            user = get_user_model().objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"no user {options['username']!r}")
        version = record_draft_version(agreement, options["lang"], user=user)
        out = Path(options["out"])
        out.write_bytes(render_draft(version, options["lang"]))
        self.stdout.write(f"{agreement.number} version {version.number} ({options['lang']}) written to {out}")
