"""Sign-in throttling, password rules and the settings a real deployment relies on."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from rest_framework.test import APIClient

RIGHT = "kyoso-demo-2026"  # the demo password


def _sign_in(password: str, username: str = "company-a"):
    return Client().post("/login/", {"username": username, "password": password})


@override_settings(KYOSO_SIGNIN_FAILURE_LIMIT=5, KYOSO_SIGNIN_LOCKOUT_MINUTES=15)
def test_five_wrong_passwords_lock_the_name_even_for_the_right_one(db):
    for _ in range(4):
        assert _sign_in("wrong password").status_code == 200
    fifth = _sign_in("wrong password")
    assert "Too many failed attempts" in fifth.content.decode()
    refused = _sign_in(RIGHT)
    assert refused.status_code == 200  # the form again, not the redirect of a signed-in user
    assert "Too many failed attempts" in refused.content.decode()
    assert "_auth_user_id" not in refused.wsgi_request.session
    # Another user name is not affected.
    assert _sign_in(RIGHT, username="company-b").status_code == 302


@override_settings(KYOSO_SIGNIN_FAILURE_LIMIT=5)
def test_the_ip_office_unlocks_a_name(db, capsys):
    for _ in range(5):
        _sign_in("wrong password")
    call_command("unlock", "company-a")
    assert "Unlocked company-a." in capsys.readouterr().out
    assert _sign_in(RIGHT).status_code == 302


@override_settings(KYOSO_SIGNIN_FAILURE_LIMIT=5)
def test_a_successful_sign_in_forgets_earlier_failures(db):
    for _ in range(4):
        _sign_in("wrong password")
    assert _sign_in(RIGHT).status_code == 302
    for _ in range(4):
        _sign_in("wrong password")
    assert _sign_in(RIGHT).status_code == 302  # 4 + 4 failures, never 5 in a row


@override_settings(KYOSO_SIGNIN_FAILURE_LIMIT=5)
def test_unknown_api_tokens_lock_the_address_out(db):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=get_user_model().objects.get(username="company-a"))
    client = APIClient()
    for _ in range(5):
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        assert client.get("/api/inventions/").status_code == 401  # a token offered and refused
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    locked = client.get("/api/inventions/")
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.json()["detail"]


def test_a_password_like_the_user_name_is_refused(db):
    user = get_user_model().objects.get(username="company-a")
    with pytest.raises(ValidationError) as refused:
        validate_password("company-a1", user=user)
    assert "password_too_similar" in {e.code for e in refused.value.error_list}
    with pytest.raises(ValidationError):
        validate_password("20261129", user=user)  # numeric only, and short


@override_settings(KYOSO_DEVELOPMENT_SECRET_KEY=True, DEBUG=False)
def test_no_server_starts_on_the_development_key():
    from kyoso.core.checks import check_secret_key, refuse_development_key

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        refuse_development_key()
    assert [error.id for error in check_secret_key(None)] == ["kyoso.E001"]


@override_settings(KYOSO_DEVELOPMENT_SECRET_KEY=True, DEBUG=True)
def test_a_development_machine_may_serve_on_the_development_key():
    from kyoso.core.checks import refuse_development_key

    refuse_development_key()  # no exception


def _settings_with(**environment) -> dict:
    code = (
        "import django, json, os; os.environ['DJANGO_SETTINGS_MODULE']='kyoso.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(json.dumps({k: getattr(s, k, None) for k in ['SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE',"
        "'SECURE_HSTS_SECONDS','SECURE_SSL_REDIRECT']}))"
    )
    env = {**os.environ, **environment}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the test suite for Playwright, never in deployment
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def test_https_site_gets_secure_cookies_and_hsts():
    assert _settings_with(SITE_URL="https://ip.example.ac.jp", SECRET_KEY="x" * 60) == {
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_SSL_REDIRECT": True,
    }
    assert _settings_with(SITE_URL="http://127.0.0.1:8000", SECRET_KEY="x" * 60) == {
        "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False, "SECURE_HSTS_SECONDS": 0,
        "SECURE_SSL_REDIRECT": False,
    }


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    """The settings README's "Running it for real" lists pass ``kyoso check --deploy``."""
    env = {
        **os.environ, "SECRET_KEY": "k" * 20 + "Q9-z" * 10, "SITE_URL": "https://ip.example.ac.jp",
        "ALLOWED_HOSTS": "ip.example.ac.jp", "SECURE_HSTS_PRELOAD": "true", "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the test suite for Playwright, never in deployment
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_make_run_serves_on_the_development_key_with_debug_on():
    """``make run`` is for trying kyoso: its server may use the development key (a regression:
    runserver loads kyoso.wsgi, which refused the key and left the newcomer with a traceback)."""
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    run = makefile.split("\nrun: install\n", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG=$${DEBUG:-true} $(BIN)/kyoso runserver" in run
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    load = [sys.executable, "-c", "import kyoso.wsgi"]
    assert subprocess.run(load, env={**env, "DEBUG": "true"}, capture_output=True).returncode == 0
    refused = subprocess.run(load, env={**env, "DEBUG": "false"}, capture_output=True, text=True)
    assert refused.returncode == 1 and "will not serve without a SECRET_KEY" in refused.stderr
