"""Simultaneous identical licence requests: one is filed, the others are refused with a message.

Regression: 12 identical requests at once on PostgreSQL gave 3–4 server errors (two requests took
the same reference) and lost submissions. The requests here really run at once, each thread on
its own database connection, so the test reads committed data; it therefore runs outside the
per-test transaction (``transaction=True``).
Run it on PostgreSQL with ``DATABASE_URL=postgresql://…`` (CI does): there the requests overlap for
real. On SQLite writers queue, one transaction at a time, and so do the threads here.
"""

import threading
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from rest_framework.test import APIClient

from kyoso.ip.models import Invention

from ..models import LicenceRequest
from .helpers import consortium, org, policy

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 12


@pytest.fixture
def committed_world(transactional_db):
    """The demo world in a transactional test (committed for real, so every thread reads it).

    pytest-django runs transactional tests after the others and empties the database after each;
    the demo is built again when an earlier transactional test left it empty.
    """
    from kyoso.demo.build import build_demo

    if not get_user_model().objects.filter(username="ipoffice").exists():
        build_demo()
    yield
    connections.close_all()


class _NoQueue:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _writers_queue():
    """PostgreSQL: no queue, the requests really overlap. SQLite: one writer at a time, as a file
    database does (kyoso opens its transactions IMMEDIATE, so writers wait their turn); the test's
    in-memory database would instead fail the second writer with "database table is locked"."""
    return threading.Lock() if connection.vendor == "sqlite" else _NoQueue()


def submit_at_once(payloads: list[dict], username: str) -> list[tuple[int, dict]]:
    """POST each payload from its own thread, all released together; (status, body) per thread."""
    user = get_user_model().objects.get(username=username)
    start = threading.Barrier(len(payloads))
    writers_queue = _writers_queue()
    results: list[tuple[int, dict] | BaseException] = [None] * len(payloads)

    def submit(i: int) -> None:
        try:
            client = APIClient()
            client.force_authenticate(user)
            start.wait()
            with writers_queue:
                response = client.post("/api/licence-requests/", payloads[i], format="json")
            results[i] = (response.status_code, response.json())
        except BaseException as error:  # reported below, with the thread's own failure
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(payloads))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    failures = [r for r in results if isinstance(r, BaseException) or r is None]
    assert not failures, failures
    return results


def request_payload(invention: Invention, **changes) -> dict:
    return {"requester": org("Asahi Devices").pk, "invention": invention.pk, "policy": policy("nagoya-hmhs").pk,
            "purpose": "business", "field": "battery packs for delivery drones", "territory": "Japan",
            "requested_on": date(2026, 11, 2).isoformat(), **changes}


def foreground(n: int) -> list[Invention]:
    return list(Invention.objects.filter(consortium=consortium(), ip_kind="foreground",
                                         agreement__research_class="cooperative").order_by("pk")[:n])


def test_requests_at_once_identical_ones_file_one_and_refuse_the_others(committed_world):
    [invention] = foreground(1)
    results = submit_at_once([request_payload(invention)] * THREADS, "ipoffice")
    filed = [body for status, body in results if status == 201]
    refused = [body for status, body in results if status == 400]
    assert len(filed) == 1
    assert len(refused) == THREADS - 1
    reference = filed[0]["reference"]
    assert all(body == {"non_field_errors": [f"The same request is already open as {reference}; it was not filed twice."]}
               for body in refused)
    assert LicenceRequest.objects.filter(invention=invention, field="battery packs for delivery drones").count() == 1

    # Different requests at once (one test: each transactional test builds the demo again): two
    # requests reading the same last reference, the second takes the next one, no server error.
    inventions = foreground(3)
    payloads = [request_payload(invention, field=f"drone batteries, lot {i}") for i in range(4) for invention in inventions]
    results = submit_at_once(payloads, "ipoffice")
    assert [(status, body) for status, body in results if status != 201] == []
    references = [body["reference"] for _status, body in results]
    assert len(set(references)) == len(payloads)
    assert all(reference.startswith("LR-2026-") for reference in references)
