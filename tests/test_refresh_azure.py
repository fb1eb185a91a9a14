"""`migrate catalog refresh azure` against a loopback server replaying Retail Prices API pages."""

import datetime as dt
import json
import shutil

import pytest
import yaml

from conftest import FIXTURES, GOLDEN
from price_api_server import Replay

from migrate.errors import MigrateError
from migrate.refresh.http import fetch_json, response_day

PAGES = FIXTURES / "price_apis"
CATALOG = FIXTURES / "refresh"
ANSWERED = {"Date": "Thu, 20 Aug 2026 21:04:55 GMT"}


def _own(tmp_path):
    """A company catalogue directory holding the refresh test catalogue's azure.yaml."""
    own = tmp_path / "cat"
    own.mkdir()
    shutil.copy(CATALOG / "azure.yaml", own / "azure.yaml")
    return own


def _routes(headers=ANSWERED):
    p1 = (PAGES / "azure-retail-vm-page1.json").read_text()
    p2 = (PAGES / "azure-retail-vm-page2.json").read_text()
    return {("GET", "/api/retail/prices"): [(429, {"Retry-After": "0"}, "{}"), (200, headers, p1), (200, headers, p2)]}


def test_refresh_updates_vm_prices_with_source_date_and_basis(run, tmp_path):
    own = _own(tmp_path)
    with Replay(_routes()) as api:
        result = run("catalog", "refresh", "azure", "--endpoint", api.base, "--catalog-dir", own)
    # one throttled answer, then two pages following NextPageLink
    assert [r[0] for r in api.requests] == ["GET", "GET", "GET"]
    assert "%24skip=7" in api.requests[2][1] or "$skip=7" in api.requests[2][1]
    assert "francecentral" in api.requests[0][1]
    sizes = yaml.safe_load((own / "azure.yaml").read_text())["vm_sizes"]["sizes"]
    d4 = sizes["Standard_D4s_v5"]
    assert (d4["linux_hour"], d4["windows_hour"]) == (0.2304, 0.4144)      # Spot, Low Priority, Cloud Services ignored
    # the observation date is the day the API answered (its Date header), and the basis says how
    assert d4["source"].startswith(api.base) and d4["as_of"] == "2026-08-20" and d4["basis"] == "public-api"
    assert "unverified" not in d4 and "rule" not in d4
    assert sizes["Standard_D2s_v5"]["linux_hour"] == 0.1152                # DevTest meter ignored
    # the API listed no Windows price for D2s_v5: the old one is not passed off as read there
    assert "windows_hour" not in sizes["Standard_D2s_v5"] and "Standard_D2s_v5 (windows, removed)" in result.stderr
    assert sizes["Standard_E8s_v5"]["linux_hour"] == 0.6264                # latest effectiveStartDate wins
    before = yaml.safe_load((CATALOG / "azure.yaml").read_text())["vm_sizes"]["sizes"]
    assert sizes["Standard_B2s"] == before["Standard_B2s"]                  # Low Priority only: left alone
    assert "Standard_D4s_v5" in result.stdout and "0.2304" in result.stdout
    assert "not listed by the API" in result.stderr and "observed 2026-08-20" in result.stderr


def test_refreshed_rows_count_as_verified_the_others_keep_their_rule(run, tmp_path):
    own = _own(tmp_path)
    with Replay(_routes()) as api:
        run("catalog", "refresh", "azure", "--endpoint", api.base, "--catalog-dir", own)
    from migrate.catalog.load import load_catalog

    cat = load_catalog(own, bundled=False)
    vm = cat.vm_prices.xs("francecentral", level="region")
    assert vm.loc["standard_d4s_v5", "price_basis"] == "public-api" and not vm.loc["standard_d4s_v5", "price_unverified"]
    assert vm.loc["standard_b2s", "price_basis"] == "estimate-rule" and vm.loc["standard_b2s", "price_unverified"]
    out = run("catalog", "validate", own, "--no-bundled-catalogs").stdout
    # 4 refreshed, 2 left as estimated, 9 as the file gives them (price-page); D2s_v5's Windows price went (see below)
    assert "azure.yaml: 15 prices: public-api 27%, price-page 60%, estimate-rule 13%; oldest observed 2026-01-01" in out


def test_without_a_readable_date_header_the_refresh_is_dated_today(run, tmp_path):
    own = _own(tmp_path)
    page = (PAGES / "azure-retail-vm-page2.json").read_text()
    with Replay({("GET", "/api/retail/prices"): [(200, {"Date": ""}, page)]}) as api:
        run("catalog", "refresh", "azure", "--endpoint", api.base, "--catalog-dir", own)
    e8 = yaml.safe_load((own / "azure.yaml").read_text())["vm_sizes"]["sizes"]["Standard_E8s_v5"]
    assert e8["as_of"] == dt.date.today().isoformat() and e8["basis"] == "public-api"


def test_another_region_fills_its_regional_block(run, tmp_path):
    own = _own(tmp_path)
    page = (PAGES / "azure-retail-vm-westeurope.json").read_text()
    with Replay({("GET", "/api/retail/prices"): [(200, ANSWERED, page)]}) as api:
        run("catalog", "refresh", "azure", "--endpoint", api.base, "--catalog-dir", own, "--region", "westeurope")
    assert "westeurope" in api.requests[0][1]
    doc = yaml.safe_load((own / "azure.yaml").read_text())
    row = doc["regional_prices"]["westeurope"]["vm_sizes"]["Standard_D4s_v5"]
    assert row["linux_hour"] == 0.2208 and row["basis"] == "public-api" and row["as_of"] == "2026-08-20"
    # the catalogue's own region is untouched
    assert doc["vm_sizes"]["sizes"]["Standard_D4s_v5"]["linux_hour"] == 0.2


def test_refreshed_price_and_source_reach_the_plan(run, tmp_path):
    own = _own(tmp_path)
    for f in ("alpha.yaml", "beta.yaml"):
        shutil.copy(FIXTURES / "catalog" / f, own / f)
    with Replay(_routes()) as api:
        run("catalog", "refresh", "azure", "--endpoint", api.base, "--catalog-dir", own)
    run("plan", GOLDEN / "inventory.json", "--catalog-dir", own, "--no-bundled-catalogs", "--out", tmp_path / "p")
    doc = json.loads((tmp_path / "p" / "plan.json").read_text())
    vm = next(r for r in doc["resources"] if r["name"] == "vm-fits")      # a Standard_D4s_v5, Linux
    assert vm["azure"]["monthly_eur"] == round(0.2304 * 730, 2)
    src = vm["azure"]["sources"][0]
    assert src["source"].startswith(api.base) and src["unverified"] is False and src["as_of"] == "2026-08-20"


def test_dry_run_writes_nothing(run, tmp_path):
    own = _own(tmp_path)
    with Replay(_routes()) as api:
        result = run("catalog", "refresh", "azure", "--endpoint", api.base, "--catalog-dir", own, "--dry-run")
    assert "would change" in result.stderr
    assert (own / "azure.yaml").read_text() == (CATALOG / "azure.yaml").read_text()


def test_server_error_leaves_the_file_alone(run, tmp_path):
    own = _own(tmp_path)
    routes = {("GET", "/api/retail/prices"): [(403, {}, '{"error": "forbidden"}')]}
    with Replay(routes) as api:
        result = run("catalog", "refresh", "azure", "--endpoint", api.base, "--catalog-dir", own, ok=False)
    assert result.exit_code == 2 and "HTTP 403" in result.stderr
    assert (own / "azure.yaml").read_text() == (CATALOG / "azure.yaml").read_text()


def test_unreachable_api_retries_then_fails_clearly():
    waits = []
    with Replay({}) as api:
        dead = api.base
    with pytest.raises(MigrateError) as err:
        fetch_json(f"{dead}/api/retail/prices", sleep=waits.append)
    assert "unreachable after 5 attempts" in str(err.value) and len(waits) == 4
    assert waits == sorted(waits)                                              # backoff grows


@pytest.mark.parametrize("header,day", [
    ("Wed, 01 Jul 2026 15:09:27 GMT", "2026-07-01"),
    ("Wed, 01 Jul 2026 23:30:00 -0200", "2026-07-02"),     # a day is a UTC day
    ("not a date", None),
    (None, None),
])
def test_response_day(header, day):
    assert response_day(header) == day
