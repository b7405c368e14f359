"""People and roles: invitations, role changes, deactivation, personal API tokens, the calendar address.

The demo's personas (see conftest.py); ``company-a`` is Asahi Devices (opera-demo only), ``company-b``
Boso Motors (both consortia). Every page is tried as every persona it must refuse.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from kyoso.accounts import services
from kyoso.accounts.invitations import InvitationRefused
from kyoso.accounts.models import ApiToken, Profile
from kyoso.consortia.models import Consortium
from kyoso.core.models import Event
from kyoso.parties.models import Organisation

PERSONAS = ("ipoffice", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher", "auditor")
PASSWORD = "Correct horse 2026!"


def _asahi():
    return Organisation.objects.get(short_name="Asahi Devices")


def _invite(user, email="new.person@asahi.example", **kwargs):
    kwargs.setdefault("role", "company")
    kwargs.setdefault("organisation", _asahi())
    return services.invite_user(user=user("ipoffice"), email=email, **kwargs)


def _token_of(url: str) -> str:
    return re.search(r"/accounts/invitation/([^/]+)/$", url).group(1)


def _events(target, verb):
    return Event.objects.filter(content_type__model="user", object_id=target.pk, verb=verb)


# -- invitations ------------------------------------------------------------------------------------


def test_an_invitation_creates_the_user_with_the_role_and_mails_a_one_time_link(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(user, email="New.Person@Asahi.example", language="ja")
    invited = invitation.user
    assert (invited.username, invited.email) == ("new.person@asahi.example", "new.person@asahi.example")
    assert not invited.has_usable_password()
    assert (invited.profile.role, invited.profile.organisation.short_name) == ("company", "Asahi Devices")
    assert invitation.url.startswith("http://127.0.0.1:8000/accounts/invitation/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@asahi.example"]
    assert invitation.url in mail.outbox[0].body
    assert "7日間" in mail.outbox[0].body  # in the invited user's language
    event = _events(invited, "invited").get()
    assert event.summary_by_language["en"] == "new.person@asahi.example invited as Member company staff"


def test_the_link_sets_the_password_once_and_signs_in(user):
    invitation = _invite(user)
    web = Client()
    page = web.get(invitation.url)
    assert page.status_code == 200
    assert "new.person@asahi.example" in page.content.decode()
    response = web.post(invitation.url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert web.get("/inventions/").status_code == 200  # signed in
    assert Client().login(username="new.person@asahi.example", password=PASSWORD)
    assert _events(invitation.user, "accepted").count() == 1
    second = Client().get(invitation.url)
    assert second.status_code == 410
    assert "already used" in second.content.decode()
    with pytest.raises(InvitationRefused):
        services.accept_invitation(_token_of(invitation.url), "Another password 2026")


def test_a_weak_password_is_refused_and_the_link_still_works(user):
    invitation = _invite(user)
    response = Client().post(invitation.url, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    assert Client().get(invitation.url).status_code == 200


def test_an_expired_link_is_refused(user):
    invitation = _invite(user)
    eight_days_later = time.time() + 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_later):
        response = Client().get(invitation.url)
        with pytest.raises(InvitationRefused) as refused:
            services.accept_invitation(_token_of(invitation.url), PASSWORD)
    assert response.status_code == 410
    assert "The invitation has expired." in response.content.decode()
    assert refused.value.expired
    assert not get_user_model().objects.get(pk=invitation.user.pk).has_usable_password()


def test_inviting_again_spends_the_first_link(user):
    first = _invite(user)
    second = services.reinvite_user(first.user, user=user("ipoffice"), send=False)
    assert Client().get(first.url).status_code == 410
    assert Client().get(second.url).status_code == 200


def test_a_deactivated_users_link_is_refused(user):
    invitation = _invite(user)
    services.set_active(invitation.user, user=user("ipoffice"), active=False)
    assert Client().get(invitation.url).status_code == 410


@pytest.mark.parametrize("email, role, extra, field", [
    ("company-a@example.org", "company", {"organisation": "asahi"}, "email"),  # the demo user's address
    ("someone@example.org", "company", {}, "organisation"),
    ("someone@example.org", "researcher", {}, "person"),
    ("someone@example.org", "cpo", {}, "consortia"),
    ("not-an-address", "auditor", {}, "email"),
])
def test_an_invitation_the_rules_refuse_creates_nothing(user, email, role, extra, field):
    if extra.get("organisation"):
        extra = {"organisation": _asahi()}
    before = get_user_model().objects.count()
    with pytest.raises(ValidationError) as refused:
        services.invite_user(user=user("ipoffice"), email=email, role=role, **extra)
    assert field in refused.value.error_dict
    assert get_user_model().objects.count() == before


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "ipoffice"])
def test_only_the_ip_office_invites_changes_roles_and_deactivates(user, persona):
    with pytest.raises(PermissionDenied):
        services.invite_user(user=user(persona), email="x@example.org", role="auditor")
    with pytest.raises(PermissionDenied):
        services.change_role(user("company-b"), user=user(persona), role="auditor")
    with pytest.raises(PermissionDenied):
        services.set_active(user("company-b"), user=user(persona), active=False)
    assert not get_user_model().objects.filter(email="x@example.org").exists()
    assert user("company-b").profile.role == "company" and user("company-b").is_active


# -- roles and activation ------------------------------------------------------------------------


def test_a_role_change_is_an_event_in_every_language(user):
    target = user("company-b")
    services.change_role(target, user=user("ipoffice"), role="auditor")
    assert Profile.objects.get(user=target).role == "auditor"
    event = _events(target, "role-changed").get()
    assert event.summary_by_language == {
        "en": "company-b: role changed from Member company staff to Auditor (read-only)",
        "ja": "company-b: 役割を参画企業担当者から監査担当（閲覧のみ）に変更",
    }
    assert event.data["previous_role"] == "company"
    assert event.actor.username == "ipoffice"
    # The same role again changes nothing and writes nothing.
    services.change_role(target, user=user("ipoffice"), role="auditor")
    assert _events(target, "role-changed").count() == 1


def test_a_cpo_gets_the_consortia_they_run(user):
    second = Consortium.objects.get(slug="opera-second")
    services.change_role(user("auditor"), user=user("ipoffice"), role="cpo", consortia=[second])
    from kyoso.core.roles import actor_of

    assert actor_of(get_user_model().objects.get(username="auditor")).consortium_ids == {second.pk}


def test_deactivation_blocks_sign_in_sessions_and_tokens(user):
    target = user("company-a")
    target.set_password(PASSWORD)
    target.save()
    session = Client()
    assert session.login(username="company-a", password=PASSWORD)
    _token, secret = services.create_token(user=target, name="script", expires=timezone.localdate() + timedelta(days=30))
    from rest_framework.authtoken.models import Token

    legacy = Token.objects.create(user=target)
    services.set_active(target, user=user("ipoffice"), active=False)
    assert _events(target, "deactivated").count() == 1
    assert not Client().login(username="company-a", password=PASSWORD)
    assert session.get("/inventions/").status_code == 302  # the open session ends too
    for key in (secret, legacy.key):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert api.get("/api/inventions/").status_code == 401
    services.set_active(target, user=user("ipoffice"), active=True)
    assert _events(target, "reactivated").count() == 1
    assert Client().login(username="company-a", password=PASSWORD)


def test_the_ip_office_cannot_deactivate_itself(user):
    with pytest.raises(ValidationError):
        services.set_active(user("ipoffice"), user=user("ipoffice"), active=False)


# -- the users pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_users_pages_are_the_ip_offices(login, user, persona):
    web = login(persona)
    target = user("company-b")
    urls = ["/accounts/users/", "/accounts/users/invite/", f"/accounts/users/{target.pk}/"]
    expected = 200 if persona == "ipoffice" else 403
    for url in urls:
        assert web.get(url).status_code == expected, url
    if persona != "ipoffice":
        assert web.post("/accounts/users/invite/", {"email": "x@example.org", "role": "auditor", "language": "en"}).status_code == 403
        assert web.post(f"/accounts/users/{target.pk}/active/", {"active": "0"}).status_code == 403
        assert web.post(f"/accounts/users/{target.pk}/", {"role": "auditor"}).status_code == 403
        assert get_user_model().objects.get(pk=target.pk).is_active
        assert not get_user_model().objects.filter(email="x@example.org").exists()
        assert "/accounts/users/" not in web.get("/sources/").content.decode()  # no navigation entry


def test_the_users_page_lists_role_company_consortia_person_and_status(login):
    page = login("ipoffice").get("/accounts/users/").content.decode()
    row = re.search(r"<tr>\s*<td><a href=\"/accounts/users/\d+/\">cpo</a>.*?</tr>", page, re.S).group(0)
    assert "Consortium CPO / secretariat" in row and "opera-demo" in row and "井上 直子" in row
    row = re.search(r"<tr>\s*<td><a href=\"/accounts/users/\d+/\">company-a</a>.*?</tr>", page, re.S).group(0)
    assert "Asahi Devices" in row and "active" in row


def test_the_ip_office_invites_on_the_page_and_sees_the_link_once(login, django_capture_on_commit_callbacks):
    web = login("ipoffice")
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post("/accounts/users/invite/", {
            "email": "kato@boso.example", "role": "company", "organisation": Organisation.objects.get(short_name="Boso Motors").pk,
            "language": "en",
        })
    assert response.status_code == 200
    link = re.search(r'value="(http://127\.0\.0\.1:8000/accounts/invitation/[^"]+)"', response.content.decode()).group(1)
    assert link in mail.outbox[0].body
    assert link not in web.get("/accounts/users/").content.decode()


def test_the_invite_page_says_a_company_user_needs_a_company(login):
    response = login("ipoffice").post("/accounts/users/invite/", {"email": "kato@boso.example", "role": "company", "language": "en"})
    assert response.status_code == 200
    assert "A company user acts for an organisation." in response.content.decode()
    assert not get_user_model().objects.filter(email="kato@boso.example").exists()


def test_the_role_page_changes_the_role_and_the_event_log_shows_it(login, user):
    web = login("ipoffice")
    target = user("company-c")
    response = web.post(f"/accounts/users/{target.pk}/", {"role": "auditor"})
    assert response.status_code == 302
    assert Profile.objects.get(user=target).role == "auditor"
    assert "company-c: role changed from Member company staff to Auditor (read-only)" in web.get("/events/").content.decode()


def test_the_users_pages_read_in_japanese(login, user):
    web = login("ipoffice")
    web.post("/language/", {"language": "ja", "next": "/"})
    page = web.get("/accounts/users/").content.decode()
    assert "ユーザーを招待" in page and "最終ログイン" in page
    assert "参画企業担当者" in page
    assert "ユーザー" in web.get(f"/accounts/users/{user('company-a').pk}/").content.decode()


# -- tokens -----------------------------------------------------------------------------------------


def _api(secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_a_token_made_on_my_account_is_shown_once_and_opens_the_api(login, user):
    web = login("company-a")
    expires = timezone.localdate() + timedelta(days=30)
    response = web.post("/accounts/me/", {"name": "nightly export", "expires": expires.isoformat()})
    assert response.status_code == 200
    secret = re.search(r'id="token-secret" type="text" readonly value="(kyoso_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=user("company-a"))
    assert secret not in (token.key_hash, token.prefix) and len(token.key_hash) == 64
    page = web.get("/accounts/me/").content.decode()
    assert "nightly export" in page and secret not in page and expires.isoformat() in page
    answer = _api(secret).get("/api/contributions/")
    assert answer.status_code == 200
    assert {row["contributor"] for row in answer.json()["results"]} == {_asahi().pk}
    assert ApiToken.objects.get(pk=token.pk).last_used is not None


def test_a_revoked_or_expired_token_is_refused_with_401(user):
    owner = user("company-a")
    token, secret = services.create_token(user=owner, name="ci", expires=timezone.localdate() + timedelta(days=1))
    assert _api(secret).get("/api/inventions/").status_code == 200
    with mock.patch("kyoso.accounts.services.timezone.localdate", return_value=timezone.localdate() + timedelta(days=2)):
        assert _api(secret).get("/api/inventions/").status_code == 401
    services.revoke_token(token, user=owner)
    refused = _api(secret).get("/api/inventions/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"
    assert _api("kyoso_not-a-token").get("/api/inventions/").status_code == 401


@pytest.mark.parametrize("expires_in, field", [(0, "expires"), (400, "expires")])
def test_a_token_expires_after_today_and_within_a_year(user, expires_in, field):
    with pytest.raises(ValidationError) as refused:
        services.create_token(user=user("cpo"), name="x", expires=timezone.localdate() + timedelta(days=expires_in))
    assert field in refused.value.error_dict


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "company-a"])
def test_nobody_sees_or_revokes_anothers_tokens(login, user, persona):
    token, _secret = services.create_token(user=user("company-a"), name="asahi-sync", expires=timezone.localdate() + timedelta(days=9))
    web = login(persona)
    assert "asahi-sync" not in web.get("/accounts/me/").content.decode()
    assert web.post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked is None
    assert not ApiToken.objects.for_user(user(persona)).filter(pk=token.pk).exists()
    with pytest.raises(PermissionDenied):
        services.revoke_token(token, user=user(persona))


def test_the_owner_revokes_on_the_page(login, user):
    token, secret = services.create_token(user=user("auditor"), name="audit", expires=timezone.localdate() + timedelta(days=9))
    web = login("auditor")
    assert web.post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 302
    assert "audit" not in web.get("/accounts/me/").content.decode().split('id="tokens"')[1].split("</table>")[0]
    assert _api(secret).get("/api/").status_code == 401


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_account_opens_for_every_persona_in_both_languages(login, persona):
    web = login(persona)
    assert "API tokens" in web.get("/accounts/me/").content.decode()
    web.post("/language/", {"language": "ja", "next": "/"})
    page = web.get("/accounts/me/").content.decode()
    assert "マイアカウント" in page and "APIトークン" in page and "カレンダーアドレス" in page


def test_my_account_needs_a_sign_in(db):
    assert Client().get("/accounts/me/").status_code == 302
    assert Client().get("/accounts/users/").status_code == 302


# -- the calendar address ---------------------------------------------------------------------------


def test_rotating_the_calendar_address_ends_the_old_one(login, user):
    web = login("cpo")
    old = user("cpo").profile.feed_token
    assert web.get(f"/docket/calendar/{old}.ics").status_code == 200
    assert f"/docket/calendar/{old}.ics" in web.get("/accounts/me/").content.decode()
    assert web.post("/accounts/me/calendar/rotate/").status_code == 302
    new = Profile.objects.get(user=user("cpo")).feed_token
    assert new != old
    assert Client().get(f"/docket/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/docket/calendar/{new}.ics").status_code == 200
    assert f"/docket/calendar/{new}.ics" in web.get("/accounts/me/").content.decode()
    assert _events(user("cpo"), "feed-rotated").count() == 1


# -- a user with no role -------------------------------------------------------------------------------


def test_a_user_without_a_role_is_told_whom_to_ask(db, user):
    nobody = get_user_model().objects.create_user("nobody", "nobody@example.org", PASSWORD)
    web = Client()
    web.force_login(nobody)
    home = web.get("/")
    assert home.status_code == 302 and home["Location"] == "/accounts/no-role/"
    page = web.get(home["Location"]).content.decode()
    assert "you have no role in kyoso yet" in page
    assert "nobody · no role" in page  # the header does not call them an administrator
    assert "ipoffice@example.org" in page  # the IP office's address
    assert "company-a@example.org" not in page
    web.post("/language/", {"language": "ja", "next": "/"})
    assert "まだ役割がありません" in web.get("/accounts/no-role/").content.decode()


def test_a_user_with_a_role_keeps_the_home_page(login):
    assert login("company-a").get("/").status_code == 200


# -- the new user sees what the others of their role and company see --------------------------------


def test_an_invited_company_user_sees_exactly_what_the_demo_user_of_that_company_sees(user, capsys):
    from django.core.management import call_command

    from kyoso.agreements.models import Agreement, Contribution
    from kyoso.docket.models import Deadline
    from kyoso.ip.models import Invention
    from kyoso.licensing.models import Licence, LicenceRequest

    call_command("user", "add", "ito@boso.example", "--role", "company", "--company", "Boso Motors", "--json")
    url = __import__("json").loads(capsys.readouterr().out)["invite_url"]
    Client().post(url, {"password1": PASSWORD, "password2": PASSWORD})
    newcomer = get_user_model().objects.get(username="ito@boso.example")
    demo = user("company-b")
    for model in (Invention, Agreement, Contribution, Licence, LicenceRequest, Deadline):
        for action in ("view", "change"):
            theirs = set(model.objects.for_user(demo, action).values_list("pk", flat=True))
            assert set(model.objects.for_user(newcomer, action).values_list("pk", flat=True)) == theirs, (model, action)
        assert model.objects.for_user(newcomer).exists(), model
    web = Client()
    assert web.login(username="ito@boso.example", password=PASSWORD)
    assert web.get("/").status_code == 200
