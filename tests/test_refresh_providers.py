"""`migrate catalog refresh ovhcloud|scaleway|outscale|otc|stackit` against loopback servers replaying
answers shaped like the public APIs' (tests/fixtures/price_apis/README.md says which public answer each mirrors)."""

import re
import shutil

import pytest
import yaml

from conftest import FIXTURES
from price_api_server import Replay

PAGES = FIXTURES / "price_apis"
CATALOG = FIXTURES / "refresh"


def _page(name):
    return (PAGES / name).read_text()


def _offers(path):
    return {o["id"]: o for o in yaml.safe_load(path.read_text())["offers"]}


def _refresh(run, feed, routes, own, *extra, ok=True):
    for f in (f"{feed}.yaml", "azure.yaml"):
        if not (own / f).exists():
            shutil.copy(CATALOG / f, own / f)
    with Replay(routes) as api:
        result = run("catalog", "refresh", feed, "--endpoint", api.base, "--catalog-dir", own, *extra, ok=ok)
    return api, result


def _refreshed(comp, api, day):
    return comp["source"].startswith(api.base) and comp["as_of"] == day and comp["basis"] == "public-api" \
        and "rule" not in comp


def test_ovhcloud(run, tmp_path):
    routes = {("GET", "/1.0/order/catalog/public/cloud"):
              [(200, {"Date": "Tue, 24 Nov 2026 08:00:00 GMT"}, _page("ovhcloud-cloud-catalog.json"))]}
    api, result = _refresh(run, "ovhcloud", routes, tmp_path)
    assert "ovhSubsidiary=FR" in api.requests[0][1]
    offers = _offers(tmp_path / "ovhcloud.yaml")
    b3 = offers["ovh-b3-16"]["price"][0]
    assert b3["amount"] == pytest.approx(0.1023)                       # 10230000 x 10^-8 EUR, not the 3AZ variant
    assert _refreshed(b3, api, "2026-11-24")
    assert offers["ovh-b3-16-monthly"]["price"][0]["amount"] == pytest.approx(74.68)
    assert offers["ovh-c3-8"]["price"][0]["amount"] == pytest.approx(0.0913)
    # not in the API answer: untouched (still an estimate with its rule), and reported
    assert offers["ovh-r3-16"] == _offers(CATALOG / "ovhcloud.yaml")["ovh-r3-16"]
    assert "ovh-r3-16" in result.stderr


def test_scaleway_follows_pages_keeps_to_its_zone_and_reads_per_minute_prices(run, tmp_path):
    routes = {("GET", "/product-catalog/v2alpha1/public-catalog/products"):
              [(200, {"Date": "Wed, 01 Jul 2026 15:09:27 GMT"}, _page("scaleway-products-page1.json")),
               (200, {"Date": "Wed, 01 Jul 2026 15:09:28 GMT"}, _page("scaleway-products-page2.json"))]}
    api, _ = _refresh(run, "scaleway", routes, tmp_path)
    assert [("page=1" in r[1], "page=2" in r[1]) for r in api.requests] == [(True, False), (False, True)]
    assert all("zone=fr-par-1" in r[1] and "product_types=instance" in r[1] for r in api.requests)
    offers = _offers(tmp_path / "scaleway.yaml")
    pop2 = offers["scw-pop2-4c-16g"]["price"][0]
    assert pop2["amount"] == pytest.approx(0.147) and _refreshed(pop2, api, "2026-07-01")   # fr-par-1, not nl-ams-1
    assert offers["scw-pop2-2c-8g"]["price"][0]["amount"] == pytest.approx(0.0735)
    assert offers["scw-l4-1-24g"]["price"][0]["amount"] == pytest.approx(0.013125 * 60)      # per minute -> per hour
    assert offers["scw-pro2-xxs"] == _offers(CATALOG / "scaleway.yaml")["scw-pro2-xxs"]      # retired product ignored


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
    before = _offers(CATALOG / "outscale.yaml")
    assert offers["osc-tinav5-c8r16p1"] == before["osc-tinav5-c8r16p1"]              # no p1 price in the answer
    assert offers["osc-tinav5-c4r16p2-gov"] == before["osc-tinav5-c4r16p2-gov"]      # other region: no price_key


def test_otc_pages_per_service_and_keeps_to_its_region(run, tmp_path):
    dated = {"Date": "Wed, 06 May 2026 16:25:29 GMT"}
    routes = {("GET", "/en/open-telekom-price-api/"): [
        (200, dated, _page("otc-price-api-ecs-page1.json")), (200, dated, _page("otc-price-api-ecs-page2.json")),
        (200, dated, _page("otc-price-api-evs.json"))]}
    api, result = _refresh(run, "otc", routes, tmp_path)
    queries = [r[1] for r in api.requests]
    # one service at a time (ecs, then evs), the region filter in its working form, paged by limitFrom
    assert ["serviceName=ecs" in q for q in queries] == [True, True, False] and "serviceName=evs" in queries[2]
    assert all("filterBy%5Bregion%5D=eu-de" in q and "productType=OTC" in q for q in queries)
    assert "limitFrom=0" in queries[0] and "limitFrom=2" in queries[1]
    offers = _offers(tmp_path / "otc.yaml")
    s3 = offers["otc-s3-medium-1"]["price"][0]
    assert s3["amount"] == pytest.approx(0.051175) and _refreshed(s3, api, "2026-05-06")     # eu-de, not eu-nl
    assert offers["otc-s3-xlarge-4"]["price"][0]["amount"] == pytest.approx(0.274)           # from page 2
    # the evs record is priced per GB in a unit the refresher does not convert: kept and reported
    assert offers["otc-evs-ssd"] == _offers(CATALOG / "otc.yaml")["otc-evs-ssd"]
    assert "otc-evs-ssd" in result.stderr


def test_stackit_reads_hourly_and_per_gb_hour_prices(run, tmp_path):
    routes = {("GET", "/v1/skus"): [(200, {"Date": "Tue, 02 Jun 2026 06:00:00 GMT"}, _page("stackit-pim-skus.json"))]}
    api, result = _refresh(run, "stackit", routes, tmp_path)
    assert "region=eu01" in api.requests[0][1]
    offers = _offers(tmp_path / "stackit.yaml")
    c1 = offers["stackit-c1-1"]["price"][0]
    assert c1["amount"] == pytest.approx(0.01826770833) and _refreshed(c1, api, "2026-06-02")
    assert offers["stackit-g1-2"]["price"][0]["amount"] == pytest.approx(0.0889925)          # eu01, not eu02
    # per GB-hour x 730 hours = per GB-month
    assert offers["stackit-block-premium"]["price"][0]["amount"] == pytest.approx(0.0001027777778 * 730)
    assert "stackit-retired" in result.stderr


def test_refreshed_catalogue_still_validates_and_plans(run, tmp_path):
    routes = {("POST", "/api/v1/ReadPublicCatalog"): [(200, {}, _page("outscale-readpubliccatalog.json"))]}
    _refresh(run, "outscale", routes, tmp_path)
    out = run("catalog", "validate", tmp_path, "--no-bundled-catalogs").stdout
    assert "outscale.yaml: 6 prices: public-api 67%, estimate-rule 33%" in out and out.splitlines()[-1].startswith("ok:")
    rows = run("catalog", "show", "outscale", "--catalog-dir", tmp_path, "--no-bundled-catalogs", "--format", "json").stdout
    assert '"osc-tinav5-c4r16p2"' in rows and '"basis": "public-api"' in rows


@pytest.mark.parametrize("feed,route,page,old,new", [
    ("ovhcloud", ("GET", "/1.0/order/catalog/public/cloud"), "ovhcloud-cloud-catalog.json",
     '"currencyCode": "EUR"', '"currencyCode": "USD"'),
    ("otc", ("GET", "/en/open-telekom-price-api/"), "otc-price-api-ecs-page1.json",
     '"priceAmount": "0.051175 EUR"', '"priceAmount": "0.051175 CHF"'),
    ("stackit", ("GET", "/v1/skus"), "stackit-pim-skus.json", '"currency": "€"', '"currency": "$"'),
])
def test_non_eur_answers_are_refused(run, tmp_path, feed, route, page, old, new):
    doc = _page(page).replace(old, new)
    assert doc != _page(page)
    api, result = _refresh(run, feed, {route: [(200, {}, doc)]}, tmp_path, ok=False)
    assert result.exit_code == 2 and "expected EUR" in result.stderr
    assert (tmp_path / f"{feed}.yaml").read_text() == (CATALOG / f"{feed}.yaml").read_text()


def test_a_catalogue_without_price_keys_is_not_fetched(run, tmp_path):
    text = re.sub(r", price_key: [^,]+", "", (CATALOG / "stackit.yaml").read_text())
    assert "price_key" not in text
    (tmp_path / "stackit.yaml").write_text(text)
    routes = {("GET", "/v1/skus"): [(200, {}, _page("stackit-pim-skus.json"))]}
    api, result = _refresh(run, "stackit", routes, tmp_path, ok=False)
    assert result.exit_code == 2 and "no offer has a price_key" in result.stderr and api.requests == []
