"""Consumed quantities per resource and meter, grouped in the same scan as the costs."""

import csv
import io
from collections import defaultdict
from decimal import Decimal

import duckdb
import pytest

from conftest import FIXTURES

from migrate.config import load_config
from migrate.cost_baseline import monthly_quantities
from migrate.errors import MigrateError
from migrate.cli.costs import read_baseline
from migrate.sources.costs.export import QUANTITY_COLUMNS, aggregate

COSTS = FIXTURES / "costs"


def _focus_with_quantities(tmp_path):
    """The FOCUS 1.0 fixture with a quantity, a unit and a meter on every usage row."""
    rows = list(csv.DictReader(io.StringIO((COSTS / "focus-1.0-azure.csv").read_text(encoding="utf-8-sig"))))
    for i, r in enumerate(rows):
        if r["ChargeCategory"] == "Usage":
            r["ConsumedQuantity"] = str(Decimal(i + 1) * Decimal("1.25"))
            r["ConsumedUnit"] = "Hours" if "virtualmachines" in r["ResourceId"].lower() else "GB/Month"
            r["x_SkuMeterCategory"] = r["ServiceName"]
    out = tmp_path / "focus.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return out, rows


def _independent(rows, quantity="ConsumedQuantity", unit="ConsumedUnit", meter="x_SkuMeterCategory"):
    out = defaultdict(Decimal)
    for r in rows:
        get = {k.lower(): v for k, v in r.items()}
        charge = get.get("chargecategory") or "Usage"
        if charge == "Usage" and get.get("resourceid") and get.get(quantity.lower()):
            out[(get["resourceid"].lower(), get.get(meter.lower()) or None, get.get(unit.lower()) or None)] += \
                Decimal(get[quantity.lower()])
    return out


def _grouped(q):
    out = defaultdict(float)
    for r in q[q["charge_category"].eq("Usage") & q["resource_id"].notna() & q["quantity"].notna()].itertuples():
        out[(r.resource_id, r.meter_category, r.unit)] += r.quantity
    return out


def test_quantities_come_from_the_same_scan_and_leave_the_costs_as_they_were(tmp_path):
    path, rows = _focus_with_quantities(tmp_path)
    plain, both = aggregate([path]), aggregate([path], quantities=True)
    assert plain.quantities is None
    assert both.rows.equals(plain.rows)
    assert list(both.quantities.columns) == list(QUANTITY_COLUMNS)
    expected = _independent(rows)
    got = _grouped(both.quantities)
    assert got.keys() == expected.keys() and len(expected) >= 3
    assert all(got[k] == pytest.approx(float(v)) for k, v in expected.items())
    # every row of the export is counted once in each grouping set
    assert both.quantities["rows"].sum() == both.rows["rows"].sum() == len(rows)


def test_parquet_with_native_types_gives_the_same_quantities(tmp_path):
    path, _ = _focus_with_quantities(tmp_path)
    pq = tmp_path / "focus.parquet"
    duckdb.connect().execute(f"COPY (SELECT * FROM read_csv('{path}', header = true)) TO '{pq}' (FORMAT parquet)")
    a, b = aggregate([path], quantities=True).quantities, aggregate([pq], quantities=True).quantities
    assert _grouped(a) == pytest.approx(_grouped(b))


def test_classic_ea_export_reads_quantity_unit_and_meter():
    rows = list(csv.DictReader(io.StringIO((COSTS / "ea-actual.csv").read_text(encoding="utf-8-sig"))))
    for r in rows:
        r["ChargeCategory"] = "Usage" if r["ChargeType"] == "Usage" else r["ChargeType"]
    q = aggregate([COSTS / "ea-actual.csv"], quantities=True).quantities
    expected = _independent(rows, "Quantity", "UnitOfMeasure", "MeterCategory")
    assert _grouped(q) == pytest.approx({k: float(v) for k, v in expected.items()})
    assert set(q["meter_name"].dropna()) >= {"Virtual Machines", "Storage"}


def test_monthly_quantities_average_the_complete_months(tmp_path):
    path, rows = _focus_with_quantities(tmp_path)
    b = read_baseline([path], load_config(None), quantities=True)
    m = monthly_quantities(b)
    n = len(b.complete_months)
    assert n >= 1 and set(m["months"]) == {n}
    inside = [r for r in rows if r["ChargePeriodStart"][:7] in b.complete_months]
    expected = _independent(inside)
    got = {(r.resource_id, r.meter_category, r.unit): r.monthly_quantity * n for r in m.itertuples()
           if r.monthly_quantity == r.monthly_quantity}
    assert got == pytest.approx({k: float(v) for k, v in expected.items()})


def test_a_quantity_that_is_not_a_number_names_column_and_line(tmp_path):
    path, rows = _focus_with_quantities(tmp_path)
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    col = header.index("ConsumedQuantity")
    fields = next(csv.reader([lines[3]]))
    fields[col] = "lots"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(fields)
    lines[3] = buf.getvalue()
    path.write_text("\n".join(lines) + "\n")
    aggregate([path])  # costs alone do not read the quantity
    with pytest.raises(MigrateError) as err:
        aggregate([path], quantities=True)
    assert "ConsumedQuantity" in str(err.value) and "line 4" in str(err.value) and "lots" in str(err.value)
