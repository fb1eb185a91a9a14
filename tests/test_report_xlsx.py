"""plan.xlsx for finance: reopened with openpyxl, numbers are numbers with currency formats, totals match plan.json."""

from __future__ import annotations

import io
import math
from collections import defaultdict

import openpyxl
import pytest
from conftest import GOLDEN, load_json
from report_sections import audit_doc, bare, with_provider_sections, with_top_level_sections

from migrate.report import render_xlsx

BASE_SHEETS = ["Summary", "Providers", "Resources", "Effort", "Gaps", "Audit", "Assumptions & sources"]


@pytest.fixture(scope="module")
def plan():
    return bare(load_json(GOLDEN / "plan.json"))


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(ws, header_row: int = 1) -> list[dict]:
    rows = list(ws.iter_rows(min_row=header_row, values_only=False))
    names = [c.value for c in rows[0]]
    return [{n: c for n, c in zip(names, r)} for r in rows[1:]]


def test_sheets_with_and_without_optional_sections(plan):
    assert _open(render_xlsx.render(plan)).sheetnames == BASE_SHEETS
    full = with_top_level_sections(plan)
    assert _open(render_xlsx.render(full, audit_doc(GOLDEN / "plan.json", full))).sheetnames == \
        BASE_SHEETS + ["TCO", "TCO cumulative", "Waves", "Best mix"]


def test_every_sheet_has_a_frozen_filtered_header_and_sized_columns(plan):
    full = with_top_level_sections(plan)
    wb = _open(render_xlsx.render(full, audit_doc(GOLDEN / "plan.json", full)))
    for ws in wb:
        header = int(ws.freeze_panes[1:]) - 1
        assert ws.freeze_panes.startswith("A") and header >= 1, ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{header}:"), ws.title
        assert all(c.font.bold for c in ws[header] if c.value is not None), ws.title
        assert ws.column_dimensions["A"].width >= 8, ws.title


def test_totals_equal_plan_json_and_are_stored_as_numbers(plan):
    wb = _open(render_xlsx.render(plan))
    by_id = {p["id"]: p for p in plan["providers"]}
    providers = _rows(wb["Providers"])
    assert [r["Provider id"].value for r in providers] == list(by_id)
    for r in providers:
        p = by_id[r["Provider id"].value]
        for col, want in [("Scenario monthly EUR", p["monthly_eur"]), ("Azure monthly EUR", p["azure_monthly_eur"]),
                          ("Verified EUR", p["scenario"]["verified_eur"]), ("Range low EUR", p["scenario"]["range_eur"]["low"]),
                          ("Effort likely (days)", p["effort_days"]["likely"]), ("Status: gap", p["status"]["gap"])]:
            cell = r[col]
            assert cell.data_type == "n" and cell.value == want, (col, cell.value, want)
        assert "€" in r["Scenario monthly EUR"].number_format and "€" in r["Azure monthly EUR"].number_format

    lines = _rows(wb["Resources"])
    assert len(lines) == len(plan["resources"]) * len(plan["providers"])
    sums, azure = defaultdict(float), defaultdict(float)
    for r in lines:
        for col in ("Provider monthly EUR", "Azure monthly EUR"):
            c = r[col]
            assert c.value is None or (c.data_type == "n" and "€" in c.number_format), (col, c.value, c.number_format)
        sums[r["Provider"].value] += r["Provider monthly EUR"].value or 0.0
        azure[r["Provider"].value] += r["Azure monthly EUR"].value or 0.0
    for pid, p in by_id.items():
        assert math.isclose(sums[pid], p["monthly_eur"], abs_tol=0.005)       # filter on one provider: sums are right
        assert math.isclose(azure[pid], plan["azure"]["monthly_eur"], abs_tol=0.005)

    summary = {r["Item"].value: r["Value"] for r in _rows(wb["Summary"], header_row=3)}
    lb = " (LOWER BOUND: lines without a figure)" if plan["azure"]["lower_bound"] else ""
    cell = summary[f"Azure today, monthly (list-prices){lb}"]
    assert cell.value == plan["azure"]["monthly_eur"] and "€" in cell.number_format
    assert summary["Resources in the inventory"].value == 16 and "€" not in summary["Resources in the inventory"].number_format

    effort = _rows(wb["Effort"])
    total = next(r for r in effort if r["Service class"].value == "TOTAL (plan)")
    for p in plan["providers"]:
        col = f"{p['id']} likely (days)"
        assert total[col].value == p["effort_days"]["likely"]
        assert math.isclose(sum(r[col].value for r in effort if r is not total), p["effort_days"]["likely"], abs_tol=0.01)

    gaps = _rows(wb["Gaps"])
    assert len(gaps) == sum(len(p["gaps"]) for p in plan["providers"])
    assert all(r["Resources"].data_type == "n" for r in gaps)


def test_sources_sheet_lists_every_offer_price_with_its_source(plan):
    rows = _rows(_open(render_xlsx.render(plan))["Assumptions & sources"])
    prices = [r for r in rows if r["Kind"].value == "price"]
    assert len(prices) == sum(len(o["price"]) for p in plan["providers"] for o in p["offers"].values())
    assert all(r["Source"].value and r["As of"].value and r["Amount"].data_type == "n" for r in prices)
    model = {r["Item"].value: r["Amount"].value for r in rows if r["Kind"].value == "effort model"}
    assert model["effort.base.gap.likely"] == plan["inputs"]["config"]["effort"]["base"]["gap"][1]


def test_audit_tco_and_waves_sheets(plan):
    full = with_top_level_sections(plan)
    audit = audit_doc(GOLDEN / "plan.json", full)
    wb = _open(render_xlsx.render(full, audit))
    checks = _rows(wb["Audit"], header_row=2)
    assert [(r["Check"].value, r["Result"].value) for r in checks] == [(c["id"], c["status"]) for c in audit["checks"]]
    failed = next(r for r in checks if r["Result"].value == "FAIL")
    assert failed["Resources concerned"].value == len(audit["checks"][1]["resources"]) > 0

    tco = {r["Provider"].value: r for r in _rows(wb["TCO"])}
    for p in full["providers"]:
        assert tco[p["id"]]["TCO total EUR"].value == p["tco"]["total_eur"]
        assert "€" in tco[p["id"]]["TCO total EUR"].number_format
    cum = _rows(wb["TCO cumulative"])
    assert len(cum) == 12 * full["providers"][0]["tco"]["years"] + 1
    assert cum[-1]["Azure EUR"].value == full["providers"][0]["tco"]["cumulative"][-1]["azure_eur"]

    waves = _rows(wb["Waves"])
    assert [r["Wave"].value for r in waves] == [1, 2, 3]
    for p in full["providers"]:
        assert math.isclose(sum(r[f"{p['id']} likely (days)"].value for r in waves), p["effort_days"]["likely"], abs_tol=0.05)


def test_no_audit_says_how_to_get_one(plan):
    ws = _open(render_xlsx.render(plan))["Audit"]
    assert "migrate audit" in ws["A1"].value and ws.max_row == 2


def test_render_is_byte_identical(plan):
    full = with_provider_sections(plan)
    assert render_xlsx.render(full) == render_xlsx.render(full)
    props = _open(render_xlsx.render(full)).properties
    assert props.created == props.modified and props.created.year >= 2020   # the data's date, not the render's
