"""`migrate costs`: format detection, totals checked against an independent sum (csv + Decimal), bad input."""

import csv
import gzip
import io
import json
import shutil
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest

from conftest import FIXTURES

COSTS = FIXTURES / "costs"
CENT = Decimal("0.01")


def rows_of(path: Path) -> list[dict]:
    raw = gzip.open(path, "rb").read() if path.name.endswith(".gz") else path.read_bytes()
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def independent(path: Path) -> dict:
    """Totals per (service, month) and per resource, computed with the csv module and Decimal."""
    out = {"service_month": defaultdict(lambda: [Decimal(0), Decimal(0)]),
           "resource": defaultdict(lambda: [Decimal(0), Decimal(0)]), "month": defaultdict(lambda: [Decimal(0)] * 2)}
    for r in rows_of(path):
        get = {k.lower(): (v.strip() if v and v.strip() != "NULL" else "") for k, v in r.items()}
        if "billedcost" in get:
            month, service = get["chargeperiodstart"][:7], get["servicename"]
            billed, effective = Decimal(get["billedcost"]), Decimal(get["effectivecost"])
            charge = get["chargecategory"]
        else:
            m, d, y = get["date"].split("/")
            month, service = f"{y}-{int(m):02d}", get["metercategory"]
            cost = Decimal(get.get("cost") or get["costinbillingcurrency"])
            billed = effective = cost
            charge = get["chargetype"]
        for key, bucket in (((service, month), "service_month"), (month, "month")):
            out[bucket][key] = [out[bucket][key][0] + billed, out[bucket][key][1] + effective]
        rid = get.get("resourceid", "").lower()
        publisher = get.get("publishername") or "Microsoft"
        if rid and charge in ("Usage",) and "microsoft.capacity" not in rid and publisher == "Microsoft" \
                and get.get("providername", "Microsoft") == "Microsoft" and get.get("publishertype", "Azure") == "Azure":
            out["resource"][rid] = [out["resource"][rid][0] + billed, out["resource"][rid][1] + effective]
    return out


def cents(x: Decimal) -> float:
    return float(x.quantize(CENT, rounding=ROUND_HALF_EVEN))


@pytest.mark.parametrize("name, fmt, version", [
    ("focus-1.0-azure.csv", "focus", "1.0"), ("focus-1.1-usd.csv.gz", "focus", "1.1"), ("focus-1.2.csv", "focus", "1.2"),
    ("ea-actual.csv", "ea", None), ("mca-amortized.csv", "mca", None)])
def test_totals_equal_an_independent_sum(run, name, fmt, version):
    t = json.loads(run("costs", COSTS / name, "--format", "json", "--currency", "billing").stdout)
    assert [(f["format"], f["version"]) for f in t["files"]] == [(fmt, version)]
    assert t["files"][0]["rows"] == len(rows_of(COSTS / name))
    ref = independent(COSTS / name)
    got = {(r["service"], r["month"]): [r["billed_cost"], r["effective_cost"]] for r in t["by_service_month"]}
    assert got == {k: [cents(v[0]), cents(v[1])] for k, v in ref["service_month"].items()}
    got = {r["month"]: [r["billed_cost"], r["effective_cost"]] for r in t["by_month"]}
    assert got == {k: [cents(v[0]), cents(v[1])] for k, v in ref["month"].items()}
    got = {r["resource_id"]: [r["billed_cost"], r["effective_cost"]] for r in t["by_resource"]}
    assert got == {k: [cents(v[0]), cents(v[1])] for k, v in ref["resource"].items()}


def test_focus_quirks_and_shared_charges(run):
    """Literal NULL, datetimes without T/Z, lower-cased ids and another provider's rows are all read."""
    t = json.loads(run("costs", COSTS / "focus-1.0-azure.csv", "--format", "json").stdout)
    assert t["months"] == ["2026-08", "2026-09", "2026-10"]
    assert t["complete_months"] == ["2026-08", "2026-09"]      # October only has its first day
    shared = {r["kind"]: (r["billed_cost"], r["effective_cost"]) for r in t["shared"]}
    assert shared == {"commitment purchase": (100.0, 0.0), "credit": (-5.0, -5.0), "marketplace": (20.0, 20.0),
                      "other provider": (7.77, 7.77), "support": (58.0, 58.0), "tax": (2.0, 2.0)}
    vm = next(r for r in t["by_resource"] if r["resource_id"].endswith("virtualmachines/vm-app-01"))
    assert (vm["billed_cost"], vm["effective_cost"], vm["rows"]) == (49.5, 44.0, 5)  # 08-31 row has no T/Z
    assert t["total"]["billed_cost"] == sum(r["billed_cost"] for r in t["by_month"])


def test_baseline_file_averages_complete_months(run, tmp_path):
    out = tmp_path / "baseline.csv"
    run("costs", COSTS / "focus-1.0-azure.csv", "-o", out)
    rows = {(r["kind"], r["resource_id"].rsplit("/", 1)[-1]): r for r in csv.DictReader(out.open())}
    vm = rows[("resource", "vm-app-01")]
    # effective: August 10.00 + 12.50, September 8.25 + 8.25; the October row is outside complete months.
    assert (vm["2026-08"], vm["2026-09"], vm["monthly_average"]) == ("22.5", "16.5", "19.5")
    assert rows[("support", "")]["monthly_average"] == "29.0"
    assert list(rows)[0][0] == "resource"                       # resources first, then shared kinds
    billed = tmp_path / "billed.csv"
    run("costs", COSTS / "focus-1.0-azure.csv", "-o", billed, "--cost-basis", "billed")
    rows = {(r["kind"], r["resource_id"].rsplit("/", 1)[-1]): r for r in csv.DictReader(billed.open())}
    assert rows[("resource", "vm-app-01")]["monthly_average"] == "22.25"
    assert rows[("commitment purchase", "")]["monthly_average"] == "50.0"


def test_usd_export_converted_with_the_configured_rate(run):
    t = json.loads(run("costs", COSTS / "focus-1.1-usd.csv.gz", "--format", "json").stdout)
    ref = independent(COSTS / "focus-1.1-usd.csv.gz")
    usd = sum(v[1] for v in ref["month"].values())
    assert t["currency"] == "EUR" and t["billing_currencies"] == ["USD"]
    assert t["exchange_rates"]["USD"]["source"].startswith("https://www.ecb.europa.eu/")
    assert t["total"]["effective_cost"] == cents(usd * Decimal(str(t["exchange_rates"]["USD"]["rate"])))


def test_parquet_with_native_types_reads_like_csv(run, tmp_path):
    import duckdb

    pq = tmp_path / "focus.parquet"
    src = str(COSTS / "focus-1.2.csv")
    duckdb.connect().execute(
        f"COPY (SELECT * REPLACE (CAST(BilledCost AS DECIMAL(18,6)) AS BilledCost, CAST(EffectiveCost AS DOUBLE) "
        f"AS EffectiveCost, CAST(ChargePeriodStart AS TIMESTAMP) AS ChargePeriodStart) FROM read_csv('{src}', "
        f"all_varchar = true)) TO '{pq}' (FORMAT parquet)")
    a = json.loads(run("costs", pq, "--format", "json").stdout)
    b = json.loads(run("costs", src, "--format", "json").stdout)
    assert a["files"][0]["version"] == "1.2"
    assert a["by_service_month"] == b["by_service_month"] and a["by_resource"] == b["by_resource"]


def test_partitioned_folder_and_glob(run, tmp_path):
    lines = (COSTS / "focus-1.0-azure.csv").read_text().splitlines()
    header, body = lines[0], lines[1:]
    start = header.split(",").index("ChargePeriodStart")
    for month in ("2026-08", "2026-09", "2026-10"):
        part = tmp_path / "export" / month / "part_0_0001.csv"
        part.parent.mkdir(parents=True)
        mine = [ln for ln in body if next(csv.reader([ln]))[start].startswith(month)]
        part.write_text("\n".join([header, *mine]) + "\n")
    whole = json.loads(run("costs", COSTS / "focus-1.0-azure.csv", "--format", "json").stdout)
    folder = json.loads(run("costs", tmp_path / "export", "--format", "json").stdout)
    globbed = json.loads(run("costs", str(tmp_path / "export" / "*" / "*.csv"), "--format", "json").stdout)
    assert len(folder["files"]) == 3 and [f["rows"] for f in folder["files"]] == [8, 8, 1]
    for t in (folder, globbed):
        assert t["by_service_month"] == whole["by_service_month"] and t["total"] == whole["total"]


def test_csv_output_lists_every_dimension(run):
    out = run("costs", COSTS / "ea-actual.csv", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["dimension"] for r in rows} == {"month", "service", "service_month", "resource_group", "resource", "shared"}
    month = [r for r in rows if r["dimension"] == "month"]
    assert [(r["key"], r["billed_cost"]) for r in month] == [("2026-08", "185.85")]


def test_table_output(run):
    out = run("costs", COSTS / "focus-1.0-azure.csv").stdout
    assert "focus-1.0-azure.csv (focus 1.0, 17 rows)" in out
    assert "complete: 2026-08, 2026-09" in out and "Shared charges" in out


# ------------------------------------------------------------------ bad input: exit 2, file + place, nothing written
def _bad(run, tmp_path, path, *more):
    out = tmp_path / "baseline.csv"
    result = run("costs", path, "-o", out, *more, ok=False)
    assert result.exit_code == 2, result.output
    assert not out.exists()
    return result.stderr


def test_missing_mandatory_column(run, tmp_path):
    text = (COSTS / "focus-1.2.csv").read_text().replace("BillingCurrency,", "Currency,", 1)
    bad = tmp_path / "nocurrency.csv"
    bad.write_text(text)
    err = _bad(run, tmp_path, bad)
    assert "nocurrency.csv" in err and "BillingCurrency" in err and "header" in err


def test_mixed_currencies_without_a_rate(run, tmp_path):
    lines = (COSTS / "focus-1.0-azure.csv").read_text().splitlines()
    bad = tmp_path / "mixed.csv"
    bad.write_text("\n".join([*lines[:3], lines[3].replace(",EUR,", ",SEK,"), *lines[4:]]) + "\n")
    err = _bad(run, tmp_path, bad)
    assert "mixed.csv" in err and "column BillingCurrency" in err and "SEK" in err and "EUR, SEK" in err
    assert "exchange_rates.SEK" in err


def test_a_configured_rate_fixes_it(run, tmp_path):
    lines = (COSTS / "focus-1.0-azure.csv").read_text().splitlines()
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("\n".join([lines[0], lines[1].replace(",EUR,", ",SEK,")]) + "\n")   # 10.00 SEK
    cfg = tmp_path / "c.yaml"
    cfg.write_text("costs:\n  exchange_rates:\n    SEK: {rate: 0.087, source: test, as_of: '2026-11-01'}\n")
    t = json.loads(run("costs", mixed, "--format", "json", "--config", cfg).stdout)
    assert t["total"]["billed_cost"] == 0.87 and t["exchange_rates"]["SEK"]["source"] == "test"
    cfg.write_text("costs:\n  exchange_rates:\n    SEK: {rate: 0.087}\n")
    assert "costs.exchange_rates.SEK" in _bad(run, tmp_path, mixed, "--config", cfg)


def test_malformed_value_names_column_and_line(run, tmp_path):
    text = (COSTS / "focus-1.2.csv").read_text().splitlines()
    bad = tmp_path / "bad.csv"
    cols = text[0].split(",")
    row = next(csv.reader([text[4]]))
    row[cols.index("BilledCost")] = "12,5x"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    bad.write_text("\n".join([*text[:4], buf.getvalue().strip(), *text[5:]]) + "\n")
    err = _bad(run, tmp_path, bad)
    assert "bad.csv" in err and "column BilledCost" in err and "line 5" in err and "12,5x" in err


def test_truncated_csv_and_gzip(run, tmp_path):
    text = (COSTS / "focus-1.2.csv").read_text()
    cut = tmp_path / "cut.csv"
    cut.write_text(text[: len(text) - 300])       # the last row stops half-way
    err = _bad(run, tmp_path, cut)
    assert "cut.csv" in err and "truncated" in err
    raw = (COSTS / "focus-1.1-usd.csv.gz").read_bytes()
    gz = tmp_path / "cut.csv.gz"
    gz.write_bytes(raw[: len(raw) // 2])
    err = _bad(run, tmp_path, gz)
    assert "cut.csv.gz" in err


def test_not_a_cost_export(run, tmp_path):
    f = tmp_path / "other.csv"
    f.write_text("id,type\n/subscriptions/x,microsoft.compute/virtualmachines\n")
    err = _bad(run, tmp_path, f)
    assert "other.csv" in err and "line 1" in err and "FOCUS" in err
    assert "matches no" in _bad(run, tmp_path, str(tmp_path / "nothing" / "*.csv"))


def test_detection_reads_only_the_header(tmp_path):
    from migrate.sources.costs.export import detect

    f = tmp_path / "ea.csv"
    shutil.copy(COSTS / "ea-actual.csv", f)
    assert detect(f).format == "ea" and detect(f).columns[0] == "BillingAccountId"   # the BOM is not in the name


def test_two_runs_of_a_scheduled_export_are_flagged(run, tmp_path):
    for run_id in ("run-a", "run-b"):
        part = tmp_path / "focus" / "20260801-20260831" / run_id / "part_0_0001.csv"
        part.parent.mkdir(parents=True)
        shutil.copy(COSTS / "focus-1.2.csv", part)
    t = json.loads(run("costs", tmp_path / "focus", "--format", "json").stdout)
    assert any("2 runs of the export for 20260801-20260831" in w for w in t["warnings"])
