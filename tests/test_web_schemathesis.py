"""Property-based checks of the JSON API from its own OpenAPI spec (schemathesis).

Every operation gets generated requests, valid and invalid (positive and negative modes,
derandomised so a run repeats): the server must never answer
5xx, and what it answers must match the documented schemas and content types. The app runs
in process over a store holding the demo corpus (stories built by the real story stage).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode, checks

from kronologi.cli import _demo_files, demo_corpus
from kronologi.pipeline import run
from kronologi.store import Store
from kronologi.web import create_app

CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.content_type_conformance,
    checks.status_code_conformance,
]


# schemathesis needs the app when the module is collected (its fixture-based loader does not
# work with pytest 9), so the store is created empty here and filled by the fixture below.
_TMP = tempfile.TemporaryDirectory(prefix="kronologi-schemathesis-")
_STORE = Store(str(Path(_TMP.name) / "kronologi.db"))
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_STORE))
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], deterministic=True
)


@pytest.fixture(scope="module", autouse=True)
def demo_loaded() -> Iterator[None]:
    with resources.as_file(demo_corpus()) as corpus:
        assert run(_demo_files(corpus), _STORE).articles
    yield
    _STORE.close()
    _TMP.cleanup()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_never_fails_and_matches_its_spec(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
