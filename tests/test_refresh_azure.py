"""`migrate catalog refresh azure` against a loopback server replaying Retail Prices API pages."""

import datetime as dt
import json

import pytest
import yaml

from conftest import FIXTURES, GOLDEN
from price_api_server import Replay

from migrate.errors import MigrateError
from migrate.refresh.http import fetch_json

PAGES = FIXTURES / "price_apis"


def _routes():
    p1 = (PAGES / "azure-retail-vm-page1.json").read_text()
    p2 = (PAGES / "azure-retail-vm-page2.json").read_text()
    return {("GET", "/api/retail/prices"): [(429, {"Retry-After": "0"}, "{}"), (200, {}, p1), (200, {}, p2)]}


def test_refresh_updates_vm_prices_with_source_and_date(run, tmp_path):
    own = tmp_path / "cat"
    with Replay(_routes()) as api:
        result = run("catalog", "refresh", "azure", "--endpoint", api.base, "--catalog-dir", own)
    # one throttled answer, then two pages following NextPageLink
    assert [r[0] for r in api.requests] == ["GET", "GET", "GET"]
    assert "%24skip=5" in api.requests[2][1] or "$skip=5" in api.requests[2][1]
    assert "francecentral" in api.requests[0][1]
    sizes = yaml.safe_load((own / "azure.yaml").read_text())["vm_sizes"]["sizes"]
    today = dt.date.today().isoformat()
    d4 = sizes["Standard_D4s_v5"]
    assert (d4["linux_hour"], d4["windows_hour"]) == (0.2304, 0.4144)      # Spot meter ignored
    assert d4["source"].startswith(api.base) and str(d4["as_of"]) == today and d4["unverified"] is False
    assert sizes["Standard_D2s_v5"]["linux_hour"] == 0.1152                # DevTest meter ignored
    assert sizes["Standard_E8s_v5"]["linux_hour"] == 0.6264                # latest effectiveStartDate wins
    bundled = yaml.safe_load(open(FIXTURES.parents[1] / "provider_catalogs" / "azure.yaml"))["vm_sizes"]["sizes"]
    assert sizes["Standard_B2s"] == bundled["Standard_B2s"]                 # Low Priority only: left alone
    assert "source" not in sizes["Standard_B2s"]
    assert "Standard_D4s_v5" in result.stdout and "0.2304" in result.stdout
    assert "not listed by the API" in result.stderr


def test_refreshed_price_and_source_reach_the_plan(run, tmp_path):
    own = tmp_path / "cat"
    with Replay(_routes()) as api:
        run("catalog", "refresh", "azure", "--endpoint", api.base, "--catalog-dir", own)
    run("plan", GOLDEN / "inventory.json", "--catalog-dir", own, "--provider", "ovhcloud", "--out", tmp_path / "p")
    doc = json.loads((tmp_path / "p" / "plan.json").read_text())
    vm = next(r for r in doc["resources"] if r["name"] == "vm-fits")      # a Standard_D4s_v5, Linux
    assert vm["azure"]["monthly_eur"] == round(0.2304 * 730, 2)
    src = vm["azure"]["sources"][0]
    assert src["source"].startswith(api.base) and src["unverified"] is False


def test_dry_run_writes_nothing(run, tmp_path):
    own = tmp_path / "cat"
    with Replay(_routes()) as api:
        result = run("catalog", "refresh", "azure", "--endpoint", api.base, "--catalog-dir", own, "--dry-run")
    assert "would change" in result.stderr
    bundled = (FIXTURES.parents[1] / "provider_catalogs" / "azure.yaml").read_text()
    assert (own / "azure.yaml").read_text() == bundled


def test_server_error_leaves_the_file_alone(run, tmp_path):
    own = tmp_path / "cat"
    routes = {("GET", "/api/retail/prices"): [(403, {}, '{"error": "forbidden"}')]}
    with Replay(routes) as api:
        result = run("catalog", "refresh", "azure", "--endpoint", api.base, "--catalog-dir", own, ok=False)
    assert result.exit_code == 2 and "HTTP 403" in result.stderr
    assert (own / "azure.yaml").read_text() == (FIXTURES.parents[1] / "provider_catalogs" / "azure.yaml").read_text()


def test_unreachable_api_retries_then_fails_clearly():
    waits = []
    with Replay({}) as api:
        dead = api.base
    with pytest.raises(MigrateError) as err:
        fetch_json(f"{dead}/api/retail/prices", sleep=waits.append)
    assert "unreachable after 5 attempts" in str(err.value) and len(waits) == 4
    assert waits == sorted(waits)                                              # backoff grows
