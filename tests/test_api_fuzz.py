"""The API under generated requests: no server error, every response as the schema describes it.

Schemathesis reads /api/schema/ from the app itself (WSGI, no server) and sends generated requests
to every operation — reads, creates, updates and deletes — as the IP office (who may change
everything), inside the test's transaction, rolled back afterwards. Bounded: ``EXAMPLES``
requests per operation, over a thousand in all (asserted), and no shrinking, so the run stays
short; a failure names the operation and the request to replay.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES = 20
CHECKS = [not_a_server_error, response_schema_conformance]

pytestmark = pytest.mark.django_db


@contextmanager
def connection_kept():
    """Keep the test's connection (and its transaction) open across a request, as Django's test
    client does: the WSGI handler would close it when the request finishes (PostgreSQL). Around
    each request, since the test client puts the handler back after each of its own."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def load_schema(token: str):
    from django.core.wsgi import get_wsgi_application

    # Django's own WSGI handler: kyoso.wsgi would refuse the development key a test runs with.
    with connection_kept():
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(),
                                              headers={"Authorization": f"Token {token}"})


def fuzz(operation, headers: dict, sent: list, real_ids: list[int]) -> None:
    """Send ``EXAMPLES`` generated requests to one operation; raise on the first failed check.

    A generated ``{id}`` rarely names a record, so most requests to one record would end in 404
    before any validation; half of them are sent to a record that exists instead.
    """

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(), data=st.data())
    def run(case, data):
        if real_ids and "id" in (case.path_parameters or {}) and data.draw(st.booleans()):
            case.path_parameters["id"] = data.draw(st.sampled_from(real_ids))
        sent.append(operation.label)
        with connection_kept():
            case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def existing_ids(client, operation) -> list[int]:
    """A few ids of the records behind ``/api/…/{id}/`` (from its list), for requests that find one."""
    if not operation.path.endswith("{id}/"):
        return []
    listing = client.get(operation.path.split("{id}")[0])
    if listing.status_code != 200:
        return []
    rows = listing.json()
    rows = rows.get("results", []) if isinstance(rows, dict) else rows
    return [row["id"] for row in rows[:5] if isinstance(row, dict) and "id" in row]


def _described(error: BaseException) -> str:
    """The failure as schemathesis words it (the check, the schema, the request to replay)."""
    return "\n".join(str(part) for part in getattr(error, "exceptions", [error]))[:3000]


def test_generated_requests_get_no_server_error_and_match_the_schema(user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    token = Token.objects.get_or_create(user=user("ipoffice"))[0].key
    headers = {"Authorization": f"Token {token}"}
    sent: list[str] = []
    failures = []
    operations = [result.ok() for result in load_schema(token).get_all_operations()]
    client = APIClient()
    client.force_authenticate(user("ipoffice"))
    for operation in operations:
        try:
            fuzz(operation, headers, sent, existing_ids(client, operation))
        except (Exception, BaseExceptionGroup) as error:  # collected: one report names every failing operation
            failures.append(f"{operation.label}: {_described(error)}")
    if failures:
        pytest.fail(f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures), pytrace=False)
    assert len(sent) >= 1000, f"only {len(sent)} requests over {len(operations)} operations"
