import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
TEST_CATALOG = FIXTURES / "catalog"
GOLDEN = FIXTURES / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")


@pytest.fixture
def run():
    """Run the CLI in-process; returns the click Result (stdout and stderr kept apart)."""
    def _run(*args, ok=True):
        result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output + result.stderr
        return result
    return _run


@pytest.fixture
def frozen():
    """CLI options selecting the frozen test catalogue only."""
    return ["--catalog-dir", str(TEST_CATALOG), "--no-bundled-catalogs"]


def load_json(path):
    return json.loads(Path(path).read_text())


@pytest.fixture(scope="session")
def moto():
    """A real S3-compatible server (moto's server mode) on 127.0.0.1, shared by the drill and target-check tests."""
    from drill_servers import start_moto

    server = start_moto()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def demo_plan():
    """plan.json of `migrate plan --demo` against every bundled provider, computed once for the session."""
    from migrate.cli.pipeline import run_pipeline
    from migrate.plan import plan_document, summarise

    plan, _, _ = run_pipeline(inputs=(), demo=True, providers=(), requirements=(), config=None, with_edges=True)
    return json.loads(json.dumps(plan_document(plan, summarise(plan))))
