"""``kyoso user add|list|deactivate|reactivate``: the exact command-line contract and its refusals."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from kyoso.core.models import Event


def _add(capsys, *args):
    call_command("user", "add", *args)
    return capsys.readouterr()


def test_add_json_prints_username_role_and_link(db, capsys):
    out = _add(capsys, "Sato@Kiso.example", "--role", "company", "--company", "Kiso Robotics", "--json").out
    document = json.loads(out)
    assert set(document) == {"username", "role", "invite_url"}
    assert document["username"] == "sato@kiso.example"
    assert document["role"] == "company"
    assert document["invite_url"].startswith("http://127.0.0.1:8000/accounts/invitation/")
    created = get_user_model().objects.get(username="sato@kiso.example")
    assert created.profile.organisation.short_name == "Kiso Robotics"
    assert Client().get(document["invite_url"]).status_code == 200
    assert Event.objects.filter(verb="invited", object_id=created.pk, actor_name="system").count() == 1


def test_add_prints_the_link_alone_on_stdout(db, capsys):
    printed = _add(capsys, "audit@uni.example", "--role", "auditor")
    assert printed.out.strip().startswith("http://127.0.0.1:8000/accounts/invitation/")
    assert len(printed.out.strip().splitlines()) == 1
    assert "Invited audit@uni.example as auditor" in printed.err


def test_a_cpo_gets_each_consortium_named(db, capsys):
    _add(capsys, "cpo3@uni.example", "--role", "cpo", "--consortium", "opera-demo", "--consortium", "opera-second")
    profile = get_user_model().objects.get(username="cpo3@uni.example").profile
    assert sorted(profile.consortia.values_list("slug", flat=True)) == ["opera-demo", "opera-second"]


def test_a_researcher_is_linked_to_their_person(db, capsys):
    from kyoso.parties.models import Person

    free = Person.objects.filter(user_profile__isnull=True, family_name="Tanaka").first()
    _add(capsys, "tanaka@uni.example", "--role", "researcher", "--person", f"{free.family_name} {free.given_name}")
    assert get_user_model().objects.get(username="tanaka@uni.example").profile.person == free


@pytest.mark.parametrize("args, message", [
    (["x@uni.example", "--role", "company", "--company", "No Such Corp"], "no company 'No Such Corp'"),
    (["x@uni.example", "--role", "company", "--company", "999999"], "no company with id 999999"),
    (["x@uni.example", "--role", "company"], "--company: A company user acts for an organisation."),
    (["x@uni.example", "--role", "cpo", "--consortium", "nope"], "no consortium 'nope'"),
    (["x@uni.example", "--role", "cpo"], "--consortium: A CPO runs at least one consortium."),
    (["x@uni.example", "--role", "researcher", "--person", "Nobody Atall"], "no person 'Nobody Atall'"),
    (["x@uni.example", "--role", "researcher"], "--person: A researcher user is linked to their person record."),
    (["COMPANY-A@example.org", "--role", "auditor"], "EMAIL: A user with this e-mail address already exists."),
    (["x@uni.example", "--role", "auditor", "--consortium", "opera-demo"], "--consortium is for a CPO"),
])
def test_add_refuses_clearly_and_creates_nothing(db, args, message):
    before = get_user_model().objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("user", "add", *args)
    assert message in str(refused.value)
    assert get_user_model().objects.count() == before


def test_an_unknown_role_is_a_usage_error(db):
    with pytest.raises(CommandError) as refused:
        call_command("user", "add", "x@uni.example", "--role", "boss")
    assert "invalid choice: 'boss'" in str(refused.value)


def test_list_json_and_deactivate(db, capsys):
    call_command("user", "list", "--json")
    rows = {row["username"]: row for row in json.loads(capsys.readouterr().out)["users"]}
    assert rows["company-b"]["role"] == "company" and rows["company-b"]["company"] == "Boso Motors"
    assert rows["cpo"]["consortia"] == ["opera-demo"]
    assert rows["company-b"]["active"] is True
    call_command("user", "deactivate", "company-b@example.org")
    assert "Deactivated company-b." in capsys.readouterr().out
    assert not get_user_model().objects.get(username="company-b").is_active
    call_command("user", "list")
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("company-b "))
    assert "deactivated" in line
    call_command("user", "reactivate", "company-b")
    assert get_user_model().objects.get(username="company-b").is_active
    with pytest.raises(CommandError, match="no user 'ghost@example.org'"):
        call_command("user", "deactivate", "ghost@example.org")


def test_the_console_command_exits_non_zero_on_a_refusal(tmp_path):
    """The installed ``kyoso`` command, on a fresh database: exit status and one line on stderr."""
    import os

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    kyoso = [sys.executable, "-m", "kyoso.cli"]
    subprocess.run([*kyoso, "migrate", "-v", "0"], env=env, check=True, capture_output=True)
    refused = subprocess.run([*kyoso, "user", "add", "a@uni.example", "--role", "company"], env=env, capture_output=True, text=True)
    assert refused.returncode != 0
    assert "--company: A company user acts for an organisation." in refused.stderr
    made = subprocess.run([*kyoso, "user", "add", "a@uni.example", "--role", "ipoffice", "--json"], env=env,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["username"] == "a@uni.example"
