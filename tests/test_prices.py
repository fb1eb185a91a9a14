"""The user's own prices: `--prices FILE` on plan and compare, `catalog price-sheet`, and the override itself."""

import csv
import datetime as dt
import json

import pytest

from conftest import GOLDEN, TEST_CATALOG, load_json

from migrate.catalog.load import load_catalog
from migrate.catalog.overrides import apply_prices, price_sheet_rows
from migrate.errors import MigrateError
from migrate.sources.prices import parse_price_sheet, read_price_sheet

TODAY = dt.date(2026, 12, 1)
HEADER = "provider,offer_id,monthly_eur,source,as_of"


@pytest.fixture(scope="module")
def frozen_catalog():
    return load_catalog(TEST_CATALOG, bundled=False)


def _write(tmp_path, text, name="q.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _offer(cat, provider, offer_id):
    o = cat.offers
    return o[(o["provider"] == provider) & (o["offer_id"] == offer_id)].iloc[0]


# ---------------------------------------------------------------- reading the file
def test_reads_quotes_units_and_template_lines():
    text = (f"{HEADER},unit,name,catalogue_eur\n"
            "alpha,a-m,50,Alpha sales quote Q-17,2026-11-02,,A medium,73.0\n"
            "alpha,a-pg-4,0.25,Alpha sales quote Q-17,2026-11-02,hour,,\n"
            "alpha,a-pg-4,0.15,Alpha sales quote Q-17,2026-11-02,gb_month,,\n"
            "alpha,a-l,,,,,A large,100\n"
            "\n")
    quotes, skipped = parse_price_sheet(text, "q.csv", today=TODAY)
    assert [(q.offer_id, q.amount, q.unit, q.line) for q in quotes] == [
        ("a-m", 50.0, "month", 2), ("a-pg-4", 0.25, "hour", 3), ("a-pg-4", 0.15, "gb_month", 4)]
    assert skipped == 1 and quotes[0].source == "Alpha sales quote Q-17" and quotes[0].as_of == "2026-11-02"


def test_a_french_spreadsheet_with_semicolons_a_decimal_comma_and_a_bom(tmp_path):
    path = _write(tmp_path, "provider;offer_id;monthly_eur;source;as_of\r\nalpha;a-m;1234,50;Devis Alpha;2026-11-02\r\n",
                  encoding="utf-8-sig")
    sheet = read_price_sheet(path, today=TODAY)
    assert [(q.offer_id, q.amount) for q in sheet.quotes] == [("a-m", 1234.5)] and len(sheet.sha256) == 16


@pytest.mark.parametrize("text,place,problem,fix", [
    ("provider,offer_id,monthly_eur,as_of\nalpha,a-m,5,2026-11-02\n", "line 1", "missing column(s) source", "header must name"),
    (f"{HEADER},colour\nalpha,a-m,5,Q,2026-11-02,red\n", "line 1", "unknown column(s) colour", "use only"),
    (f"{HEADER}\nalpha,a-m,five,Q,2026-11-02\n", "line 2", "'five' is not a price", "write a number"),
    (f"{HEADER}\nalpha,a-m,\"1,234.50\",Q,2026-11-02\n", "line 2", "is not a price", "no thousands separator"),
    (f"{HEADER}\nalpha,a-m,-5,Q,2026-11-02\n", "line 2", "is not a price", "write a number"),
    (f"{HEADER}\nalpha,a-m,5,Q,02/11/2026\n", "line 2", "is not a date", "YYYY-MM-DD"),
    (f"{HEADER}\nalpha,a-m,5,Q,2027-01-01\n", "line 2", "after today", "date the quote"),
    (f"{HEADER}\nalpha,a-m,5,,2026-11-02\n", "line 2", "source is empty", "fill provider"),
    (f"{HEADER},unit\nalpha,a-m,5,Q,2026-11-02,week\n", "line 2", "unknown unit 'week'", "hour, month"),
    (f"{HEADER},unit\nalpha,a-m,5,Q,2026-11-02,\nalpha,a-m,0.01,Q,2026-11-02,hour\n", "line 3",
     "the first is on line 2", "one line per offer and unit"),
    (f"{HEADER}\nalpha,a-m,5,Q,2026-11-02,extra\n", "line 2", "more fields than columns", "quote fields"),
    ("", "line 1", "empty", "header"),
])
def test_bad_lines_name_the_line_and_the_fix(text, place, problem, fix):
    with pytest.raises(MigrateError) as err:
        parse_price_sheet(text, "q.csv", today=TODAY)
    e = err.value
    assert (e.file, e.place) == ("q.csv", place) and problem in e.problem and fix in e.fix, str(e)


def test_unreadable_files(tmp_path):
    with pytest.raises(MigrateError, match="price file not found"):
        read_price_sheet(tmp_path / "nope.csv")
    with pytest.raises(MigrateError, match="not UTF-8"):
        read_price_sheet(_write(tmp_path, f"{HEADER}\nalpha,a-m,5,Société,2026-11-02\n", encoding="latin-1"))


# ---------------------------------------------------------------- the override
def _quotes(text):
    return parse_price_sheet(f"{HEADER},unit\n{text}", "q.csv", today=TODAY)[0]


def test_a_monthly_quote_replaces_the_hourly_price(frozen_catalog):
    cat = apply_prices(frozen_catalog, _quotes("alpha,a-m,50,Alpha Q-17,2026-11-02,\n"), "q.csv", "abc")
    o = _offer(cat, "alpha", "a-m")
    assert (o["hour"], o["month"]) == (0.0, 50.0) and not o["unverified"]
    assert o["components"] == [{"component": "instance", "amount": 50.0, "unit": "month", "source": "Alpha Q-17",
                                "as_of": "2026-11-02", "basis": "quote", "rule": None, "unverified": False}]
    # pure: the catalogue it was given is unchanged
    assert _offer(frozen_catalog, "alpha", "a-m")["hour"] == 0.1
    assert cat.files[-1] == {"file": "q.csv", "sha256": "abc"}
    figs = cat.figures[(cat.figures["offer_id"] == "a-m") & (cat.figures["kind"] == "price")]
    assert figs["basis"].tolist() == ["quote"] and figs["file"].tolist() == ["q.csv"]


def test_an_instance_quote_keeps_the_storage_price_and_a_storage_quote_the_instance_price(frozen_catalog):
    cat = apply_prices(frozen_catalog, _quotes("alpha,a-pg-4,0.25,Alpha Q-18,2026-11-02,hour\n"), "q.csv")
    o = _offer(cat, "alpha", "a-pg-4")
    assert (o["hour"], o["gb_month"]) == (0.25, 0.2)
    assert [c["basis"] for c in o["components"]] == ["price-page", "quote"]   # the storage price keeps its provenance
    cat = apply_prices(frozen_catalog, _quotes("alpha,a-pg-4,0.11,Alpha Q-18,2026-11-02,gb_month\n"), "q.csv")
    o = _offer(cat, "alpha", "a-pg-4")
    assert (o["hour"], o["gb_month"]) == (0.3, 0.11)


def test_a_quote_prices_a_quote_only_offer(frozen_catalog):
    b8 = _offer(frozen_catalog, "beta", "b-8")
    assert b8["quote_only"]
    cat = apply_prices(frozen_catalog, _quotes("beta,b-8,180,Beta framework contract 2026,2026-10-01,\n"), "q.csv")
    b8 = _offer(cat, "beta", "b-8")
    assert not b8["quote_only"] and not isinstance(b8["estimate_rule"], str) and b8["month"] == 180.0


@pytest.mark.parametrize("line,problem,fix", [
    ("gamma,g-1,5,Q,2026-11-02,", "unknown provider 'gamma'", "alpha, beta"),
    ("alpha,a-mm,5,Q,2026-11-02,", "alpha has no offer 'a-mm'", "did you mean a-m"),
    ("alpha,a-m,0.01,Q,2026-11-02,gb_month", "a-m has no gb_month price to replace", "one of its units"),
])
def test_quotes_for_what_the_catalogue_does_not_have_are_refused(frozen_catalog, line, problem, fix):
    with pytest.raises(MigrateError) as err:
        apply_prices(frozen_catalog, _quotes(line + "\n"), "q.csv")
    assert err.value.place == "line 2" and problem in err.value.problem and fix in err.value.fix


# ---------------------------------------------------------------- on the command line
def test_plan_with_quotes(run, frozen, tmp_path):
    q = _write(tmp_path, f"{HEADER}\nalpha,a-m,50,Alpha sales quote Q-17,2026-11-02\n")
    run("plan", GOLDEN / "inventory.json", *frozen, "--prices", q, "--out", tmp_path / "p")
    doc = load_json(tmp_path / "p" / "plan.json")
    alpha = next(p for p in doc["providers"] if p["id"] == "alpha")
    assert alpha["offers"]["a-m"]["price"][0]["basis"] == "quote"
    assert alpha["offers"]["a-m"]["price"][0]["source"] == "Alpha sales quote Q-17"
    lines = {(r["name"], p): t for r in doc["resources"] for p, t in r["targets"].items()}
    assert lines[("vm-fits", "alpha")]["monthly_eur"] == 50.0
    # AKS: 10 EUR/month control plane + 4 nodes of a-m at the quoted 50 EUR/month
    assert lines[("aks-1", "alpha")]["monthly_eur"] == 210.0 and "50.00" in lines[("aks-1", "alpha")]["formula"]
    assert {"file": "q.csv", "sha256": read_price_sheet(q).sha256} in doc["inputs"]["catalogs"]


def test_compare_with_quotes(run, frozen, tmp_path):
    q = _write(tmp_path, f"{HEADER}\nalpha,a-m,50,Alpha sales quote Q-17,2026-11-02\n")
    quoted = json.loads(run("compare", GOLDEN / "inventory.json", *frozen, "--prices", q, "--format", "json").stdout)
    listed = json.loads(run("compare", GOLDEN / "inventory.json", *frozen, "--format", "json").stdout)
    assert quoted != listed


def test_a_bad_line_exits_2_and_writes_nothing(run, frozen, tmp_path):
    q = _write(tmp_path, f"{HEADER}\nalpha,a-m,50,Q,2026-11-02\nalpha,a-xl,80,Q,2026-11-02\n")
    result = run("plan", GOLDEN / "inventory.json", *frozen, "--prices", q, "--out", tmp_path / "p", ok=False)
    assert result.exit_code == 2 and f"{q}: line 3: alpha has no offer 'a-xl'" in result.stderr
    assert not (tmp_path / "p").exists()


def test_price_sheet_round_trip(run, frozen, tmp_path):
    sheet = tmp_path / "alpha.csv"
    result = run("catalog", "price-sheet", "alpha", *frozen, "-o", sheet)
    assert "fill monthly_eur, source and as_of" in result.stderr
    rows = list(csv.DictReader(sheet.open()))
    by_key = {(r["offer_id"], r["unit"]): r for r in rows}
    assert by_key[("a-m", "month")]["catalogue_eur"] == "73.0"                  # 0.1 EUR/h x 730
    assert by_key[("a-pg-4", "month")]["catalogue_eur"] == "219.0" and ("a-pg-4", "gb_month") in by_key
    assert all(r["monthly_eur"] == r["source"] == r["as_of"] == "" for r in rows)
    # the sales team fills one line; the rest keep the catalogue price
    for r in rows:
        if r["offer_id"] == "a-m":
            r.update(monthly_eur="55", source="Alpha quote 2026-117", as_of="2026-11-20")
    with sheet.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    run("plan", GOLDEN / "inventory.json", *frozen, "--prices", sheet, "--out", tmp_path / "p")
    doc = load_json(tmp_path / "p" / "plan.json")
    lines = {(r["name"], p): t for r in doc["resources"] for p, t in r["targets"].items()}
    assert lines[("vm-fits", "alpha")]["monthly_eur"] == 55.0


def test_price_sheet_of_an_unknown_provider(run, frozen, tmp_path):
    result = run("catalog", "price-sheet", "gamma", *frozen, "-o", tmp_path / "g.csv", ok=False)
    assert result.exit_code == 2 and "unknown provider 'gamma'" in result.stderr and not (tmp_path / "g.csv").exists()


def test_price_sheet_rows_cover_every_offer(frozen_catalog):
    rows = price_sheet_rows(frozen_catalog, "beta")
    assert {r["offer_id"] for r in rows} == set(frozen_catalog.offers.loc[frozen_catalog.offers["provider"] == "beta",
                                                                          "offer_id"])


def test_demo_plan_shows_a_quoted_ovhcloud_flavor(run, tmp_path):
    """The issue's own check: one line for ovh-r3-64 reaches plan.json and the AKS line."""
    q = _write(tmp_path, f"{HEADER}\novhcloud,ovh-r3-64,199.00,OVHcloud sales quote Q-2026-0042,2026-11-30\n")
    run("plan", "--demo", "--provider", "ovhcloud", "--prices", q, "--out", tmp_path / "p")
    doc = load_json(tmp_path / "p" / "plan.json")
    price = doc["providers"][0]["offers"]["ovh-r3-64"]["price"]
    assert [(c["amount"], c["unit"], c["basis"]) for c in price] == [(199.0, "month", "quote")]
    aks = [r["targets"]["ovhcloud"] for r in doc["resources"] if r["type"] == "microsoft.containerservice/managedclusters"]
    assert any("ovh-r3-64" in t["formula"] and "199.00" in t["formula"] for t in aks)
