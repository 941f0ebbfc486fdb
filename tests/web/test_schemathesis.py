"""Property-based requests over the workbench's OpenAPI description (schemathesis, in process):
whatever a request holds, the answer is never a server error (5xx).

Jobs are queued but not run here (no worker threads), so a generated request that happens to be
valid does not start a long analysis; the queue is large enough never to be full.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the test extra")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from zopa.web import create_app  # noqa: E402


def _app():  # type: ignore[no-untyped-def]
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="zopa-schemathesis-"))
    return create_app(store=f"sqlite:///{folder / 'runs.sqlite'}", job_workers=0, job_queue=10**6)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_request_gets_a_server_error(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call()
    case.validate_response(response, checks=(not_a_server_error,))
