"""``kyoso user add|list|deactivate|reactivate``: people and roles from the console.

``kyoso user add EMAIL --role ipoffice|cpo|company|researcher|auditor [--company NAME-OR-ID]
[--consortium SLUG]… [--person NAME-OR-ID] [--json]`` invites a user (the same service as the
IP office's page) and prints the one-time link; ``--json`` prints
``{"username": …, "role": …, "invite_url": …}``. Unknown names, a missing company for a company
user and a duplicate address are refused with one line and a non-zero exit; nothing is created.
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.management.base import CommandError
from django.db.models import Q

from kyoso.consortia.models import Consortium
from kyoso.core.commands import KyosoCommand
from kyoso.core.roles import Actor, Role
from kyoso.parties.models import Organisation, Person

from ...services import invite_user, set_active

OPERATOR = Actor(user_id=None, role=Role.IP_OFFICE)
OPTION_OF_FIELD = {"organisation": "--company", "person": "--person", "consortia": "--consortium", "email": "EMAIL"}


class Command(KyosoCommand):
    help = "Invite users with a role, list them, deactivate or reactivate them."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,list,deactivate,reactivate}")
        add = actions.add_parser("add", help="invite a user by e-mail and print the one-time link")
        add.add_argument("email")
        add.add_argument("--role", required=True, choices=list(Role.values))
        add.add_argument("--company", help="the organisation (name, short name or id) a company user acts for")
        add.add_argument("--consortium", action="append", default=[], help="a consortium a CPO runs (slug; repeat)")
        add.add_argument("--person", help="the person record (name, e-mail or id) of a researcher")
        add.add_argument("--language", choices=["ja", "en"], default=None, help="the user's language")
        add.add_argument("--json", action="store_true", help="print {username, role, invite_url}")
        listing = actions.add_parser("list", help="every user with role, company, consortia and status")
        listing.add_argument("--json", action="store_true", help="print one JSON document")
        for name, text in (("deactivate", "no sign-in, no API token"), ("reactivate", "allow sign-in again")):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("email", help="user name or e-mail address")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    # -- add -------------------------------------------------------------------------------------
    def do_add(self, *, email, role, company=None, consortium=(), person=None, language=None, json=False, **_):
        organisation = _one(Organisation, company, "company", ("name", "short_name", "name_ja")) if company else None
        found_person = _person(person) if person else None
        consortia = []
        for slug in consortium:
            found = Consortium.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"no consortium {slug!r}")
            consortia.append(found)
        if role != Role.CPO and consortia:
            raise CommandError("--consortium is for a CPO (--role cpo)")
        try:
            invitation = invite_user(user=OPERATOR, email=email, role=role, organisation=organisation, consortia=consortia,
                                     person=found_person, language=language, connection=get_connection(stream=self.stderr))
        except ValidationError as error:
            raise CommandError(_message(error)) from None
        if json:
            self.stdout.write(_json({"username": invitation.user.get_username(), "role": role, "invite_url": invitation.url}))
        else:
            self.stderr.write(f"Invited {invitation.user.get_username()} as {role}; the link works once:")
            self.stdout.write(invitation.url)

    # -- list ------------------------------------------------------------------------------------
    def do_list(self, *, json=False, **_):
        users = get_user_model().objects.select_related("profile__organisation", "profile__person").prefetch_related(
            "profile__consortia").order_by("username")
        rows = [_row(user) for user in users]
        if json:
            self.stdout.write(_json({"users": rows}))
            return
        for row in rows:
            status = "active" if row["active"] else "deactivated"
            if row["invited"]:
                status = "invited"
            self.stdout.write("  ".join([
                f"{row['username']:<32}", f"{row['role'] or '-':<10}", f"{status:<11}",
                row["company"] or "-", ",".join(row["consortia"]) or "-", row["person"] or "-",
                row["last_login"] or "never",
            ]))

    # -- deactivate / reactivate -------------------------------------------------------------------
    def do_deactivate(self, *, email, **_):
        self._set_active(email, False)

    def do_reactivate(self, *, email, **_):
        self._set_active(email, True)

    def _set_active(self, email: str, active: bool):
        target = get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()
        if target is None:
            raise CommandError(f"no user {email!r}")
        set_active(target, user=OPERATOR, active=active)
        self.stdout.write(f"{'Reactivated' if active else 'Deactivated'} {target.get_username()}.")


def _json(document) -> str:
    return json.dumps(document, ensure_ascii=False)


def _message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{OPTION_OF_FIELD.get(field, field)}: {' '.join(str(m) for e in errors for m in e.messages)}"
            for field, errors in error.error_dict.items()
        )
    return " ".join(error.messages)


def _one(model, value: str, what: str, fields: tuple[str, ...]):
    if value.isdigit():
        found = model.objects.filter(pk=int(value)).first()
        if found is None:
            raise CommandError(f"no {what} with id {value}")
        return found
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__iexact": value.strip()})
    matches = list(model.objects.filter(query)[:2])
    if not matches:
        raise CommandError(f"no {what} {value!r}")
    if len(matches) > 1:
        raise CommandError(f"more than one {what} is called {value!r}; give its id")
    return matches[0]


def _person(value: str):
    if value.isdigit() or "@" in value:
        return _one(Person, value, "person", ("email",))
    words = value.replace(",", " ").split()
    query = Q()
    if len(words) == 2:
        first, second = words
        query = (Q(family_name__iexact=first, given_name__iexact=second) | Q(family_name__iexact=second, given_name__iexact=first)
                 | Q(family_name_ja=first, given_name_ja=second))
    elif len(words) == 1:
        query = Q(family_name_ja__iexact=words[0]) | Q(email__iexact=words[0])
    matches = list(Person.objects.filter(query)[:2]) if query else []
    if not matches:
        raise CommandError(f"no person {value!r}")
    if len(matches) > 1:
        raise CommandError(f"more than one person is called {value!r}; give their id")
    return matches[0]


def _row(user) -> dict:
    profile = getattr(user, "profile", None) if _has_profile(user) else None
    return {
        "username": user.get_username(),
        "email": user.email,
        "role": profile.role if profile else ("ipoffice" if user.is_superuser else None),
        "company": str(profile.organisation) if profile and profile.organisation else None,
        "consortia": [c.slug for c in profile.consortia.all()] if profile else [],
        "person": str(profile.person) if profile and profile.person else None,
        "active": user.is_active,
        "invited": not user.has_usable_password() and user.last_login is None,
        "last_login": user.last_login.isoformat(timespec="seconds") if user.last_login else None,
    }


def _has_profile(user) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        user.profile  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True
