"""The API under generated requests: no server error, every response as the schema describes it.

Schemathesis reads /api/schema/ from the app itself (WSGI, no server) and sends generated requests
to every operation — reads, creates, updates and deletes — as the IP office (who may change
everything), inside the test's transaction, rolled back afterwards. Bounded: ``EXAMPLES``
requests per operation, over a thousand in all (asserted), and no shrinking, so the run stays
short; a failure names the operation and the request to replay.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES = 12
CHECKS = [not_a_server_error, response_schema_conformance]

pytestmark = pytest.mark.django_db


def load_schema(token: str):
    from django.core.wsgi import get_wsgi_application

    # Django's own WSGI handler: kyoso.wsgi would refuse the development key a test runs with.
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(),
                                          headers={"Authorization": f"Token {token}"})


def fuzz(operation, headers: dict, sent: list) -> None:
    """Send ``EXAMPLES`` generated requests to one operation; raise on the first failed check."""

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        sent.append(operation.label)
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def _described(error: BaseException) -> str:
    """The failure as schemathesis words it (the check, the schema, the request to replay)."""
    return "\n".join(str(part) for part in getattr(error, "exceptions", [error]))[:3000]


def test_generated_requests_get_no_server_error_and_match_the_schema(user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.get_or_create(user=user("ipoffice"))[0].key
    headers = {"Authorization": f"Token {token}"}
    sent: list[str] = []
    failures = []
    operations = [result.ok() for result in load_schema(token).get_all_operations()]
    for operation in operations:
        try:
            fuzz(operation, headers, sent)
        except (Exception, BaseExceptionGroup) as error:  # collected: one report names every failing operation
            failures.append(f"{operation.label}: {_described(error)}")
    if failures:
        pytest.fail(f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures), pytrace=False)
    assert len(sent) >= 1000, f"only {len(sent)} requests over {len(operations)} operations"
