"""`migrate catalog refresh ovhcloud|scaleway|outscale` against loopback servers replaying API-shaped pages."""

import datetime as dt

import pytest
import yaml

from conftest import FIXTURES
from price_api_server import Replay

PAGES = FIXTURES / "price_apis"
BUNDLED = FIXTURES.parents[1] / "provider_catalogs"


def _page(name):
    return (PAGES / name).read_text()


def _offers(path):
    return {o["id"]: o for o in yaml.safe_load(path.read_text())["offers"]}


def _refresh(run, feed, routes, own):
    with Replay(routes) as api:
        result = run("catalog", "refresh", feed, "--endpoint", api.base, "--catalog-dir", own)
    return api, result


def test_ovhcloud(run, tmp_path):
    routes = {("GET", "/1.0/order/catalog/public/cloud"): [(200, {}, _page("ovhcloud-cloud-catalog.json"))]}
    api, result = _refresh(run, "ovhcloud", routes, tmp_path)
    assert "ovhSubsidiary=FR" in api.requests[0][1]
    offers = _offers(tmp_path / "ovhcloud.yaml")
    b3 = offers["ovh-b3-16"]["price"][0]
    assert b3["amount"] == pytest.approx(0.1023)                       # 10230000 x 10^-8 EUR
    assert b3["source"].startswith(api.base) and b3["as_of"] == dt.date.today().isoformat()
    assert b3["unverified"] is False
    assert offers["ovh-c3-8"]["price"][0]["amount"] == pytest.approx(0.0913)
    # not in the API answer: untouched, and reported
    assert offers["ovh-r3-16"] == _offers(BUNDLED / "ovhcloud.yaml")["ovh-r3-16"]
    assert "ovh-r3-16" in result.stderr


def test_scaleway_follows_pages_and_keeps_to_its_zone(run, tmp_path):
    routes = {("GET", "/product-catalog/v2alpha1/public-catalog/products"):
              [(200, {}, _page("scaleway-products-page1.json")), (200, {}, _page("scaleway-products-page2.json"))]}
    api, _ = _refresh(run, "scaleway", routes, tmp_path)
    assert [("page=1" in r[1], "page=2" in r[1]) for r in api.requests] == [(True, False), (False, True)]
    assert all("zone=fr-par-1" in r[1] for r in api.requests)
    offers = _offers(tmp_path / "scaleway.yaml")
    assert offers["scw-pop2-4c-16g"]["price"][0]["amount"] == pytest.approx(0.147)   # fr-par-1, not nl-ams-1
    assert offers["scw-pop2-2c-8g"]["price"][0]["amount"] == pytest.approx(0.0735)
    before = _offers(BUNDLED / "scaleway.yaml")
    assert offers["scw-pro2-xxs"] == before["scw-pro2-xxs"]                           # retired product ignored


def test_outscale_prices_tina_types_from_core_and_ram(run, tmp_path):
    routes = {("POST", "/api/v1/ReadPublicCatalog"): [(200, {}, _page("outscale-readpubliccatalog.json"))]}
    api, _ = _refresh(run, "outscale", routes, tmp_path)
    assert api.requests[0][0] == "POST" and api.requests[0][2] == {}
    offers = _offers(tmp_path / "outscale.yaml")
    # tinav5.c4r16p2 = 4 vCores x 0.025 + 16 GiB x 0.0085
    assert offers["osc-tinav5-c4r16p2"]["price"][0]["amount"] == pytest.approx(4 * 0.025 + 16 * 0.0085)
    assert offers["osc-tinav5-c2r4p3"]["price"][0]["amount"] == pytest.approx(2 * 0.0175 + 4 * 0.0085)
    assert offers["osc-bsu-gp2"]["price"][0]["amount"] == pytest.approx(0.12)
    assert offers["osc-oos"]["price"][0]["amount"] == pytest.approx(0.0255)
    before = _offers(BUNDLED / "outscale.yaml")
    assert offers["osc-tinav5-c8r16p1"] == before["osc-tinav5-c8r16p1"]              # no p1 price in the answer
    assert offers["osc-tinav5-c4r16p2-gov"] == before["osc-tinav5-c4r16p2-gov"]      # other region: no price_key


def test_refreshed_catalogue_still_validates_and_plans(run, tmp_path):
    routes = {("POST", "/api/v1/ReadPublicCatalog"): [(200, {}, _page("outscale-readpubliccatalog.json"))]}
    _refresh(run, "outscale", routes, tmp_path)
    assert run("catalog", "validate", tmp_path).stdout.startswith("ok:")
    rows = run("catalog", "show", "outscale", "--catalog-dir", tmp_path, "--format", "json").stdout
    assert '"osc-tinav5-c4r16p2"' in rows


def test_non_eur_catalogue_is_refused(run, tmp_path):
    doc = _page("ovhcloud-cloud-catalog.json").replace('"currencyCode": "EUR"', '"currencyCode": "USD"')
    routes = {("GET", "/1.0/order/catalog/public/cloud"): [(200, {}, doc)]}
    with Replay(routes) as api:
        result = run("catalog", "refresh", "ovhcloud", "--endpoint", api.base, "--catalog-dir", tmp_path, ok=False)
    assert result.exit_code == 2 and "expected EUR" in result.stderr
    assert (tmp_path / "ovhcloud.yaml").read_text() == (BUNDLED / "ovhcloud.yaml").read_text()
