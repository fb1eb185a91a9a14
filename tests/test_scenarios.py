"""Like-for-like scenarios: every resource has one disposition at every provider and a monthly figure; totals
cover the same estate on both sides, say when they are lower bounds, and carry a verified share and a range.

The estate and catalogue of tests/fixtures/scenarios are small enough to check by hand (its README lists every
expected figure).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from migrate.catalog.load import load_catalog
from migrate.config import load_config
from migrate.cost_baseline import CostBaseline
from migrate.estimate.quantities import check_usage_file
from migrate.plan import build_plan, plan_document, summarise
from migrate.sources.inventory.importer import import_files
from migrate.sources.usage import read_usage

FIX = Path(__file__).parent / "fixtures" / "scenarios"
DISPOSITIONS = {"offer", "self-managed", "stays-on-azure", "retire"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(FIX / "catalog", bundled=False)


def _plan(catalog, usage=True, config=None, **kw):
    inv = import_files([FIX / "inventory.json"], input_format="auto", vm_sizes=catalog.vm_sizes,
                       location="francecentral", resource_group=None).inventory
    inv = inv.drop(columns=["properties", "tags"])
    u = check_usage_file(str(FIX / "usage.yaml"), read_usage(FIX / "usage.yaml"), {"gb_month", "gb", *catalog.meters}) \
        if usage else None
    return build_plan(inv, catalog, config=config or load_config(None), usage=u, **kw)


@pytest.fixture(scope="module")
def doc(catalog):
    plan = _plan(catalog)
    return plan_document(plan, summarise(plan))


def _prov(doc, pid):
    return next(p for p in doc["providers"] if p["id"] == pid)


def _target(doc, name, pid):
    return next(r for r in doc["resources"] if r["name"] == name)["targets"][pid]


def test_azure_total_is_every_resource_priced_and_verified(doc):
    az = doc["azure"]
    assert az["monthly_eur"] == 604.00
    assert not az["lower_bound"] and az["unpriced_resources"] == 0
    assert az["verified_share"] == 1.0
    assert az["range_eur"]["low"] < 604.00 < az["range_eur"]["high"]


def test_provider_hosting_nothing_costs_what_azure_costs_and_never_breaks_even(doc):
    p = _prov(doc, "nothing")
    assert p["scenario"]["monthly_eur"] == doc["azure"]["monthly_eur"] == 604.00
    assert p["scenario"]["by_disposition"]["stays-on-azure"]["resources"] == 8
    assert not p["scenario"]["complete"]
    t = p["tco"]
    assert t["total_eur"] == t["azure_total_eur"] == round(604.00 * 36, 2)
    assert t["one_off_total_eur"] == 0.0
    assert t["break_even_month"] is None and "nothing moves" in t["break_even_note"]


def test_provider_hosting_everything_is_a_complete_exit(doc):
    p = _prov(doc, "all")
    sc = p["scenario"]
    assert sc["monthly_eur"] == 385.50 and sc["complete"]
    assert sc["by_disposition"]["offer"]["resources"] == 8
    assert _target(doc, "vm1", "all")["formula"] == "36.50 EUR/month (all-f2, price-page) x 1 = 36.50"
    assert _target(doc, "pg1", "all")["formula"] == ("73.00 EUR/month (all-pg, price-page) x 1 + 0.05 EUR/GB-month "
                                                    "(all-pg, price-page) x 100 GB = 78.00")


def test_mixed_provider_keeps_what_it_cannot_host_on_azure(doc):
    p = _prov(doc, "mixed")
    sc = p["scenario"]
    assert sc["monthly_eur"] == 639.80
    by = sc["by_disposition"]
    assert (by["offer"]["resources"], by["self-managed"]["resources"], by["stays-on-azure"]["resources"]) == (2, 1, 5)
    pg = _target(doc, "pg1", "mixed")
    assert pg["disposition"] == "stays-on-azure" and pg["monthly_eur"] == 156.00 and pg["cost_status"] == "residual"
    assert {g["service_class"] for g in p["gaps"]} == {"container.kubernetes", "db.postgresql", "monitoring.logs",
                                                        "network.vnet"}


def test_self_managed_pattern_is_a_priced_bill_of_materials(doc):
    fhir = _target(doc, "hw1/fhir1", "mixed")
    assert fhir["status"] == "self-managed" and fhir["disposition"] == "self-managed"
    assert fhir["monthly_eur"] == 87.60
    roles = [(c["role"], c["offer_id"], c["count"]) for c in fhir["components"]]
    assert roles == [("app servers", "mixed-m2", 2.0), ("store (on compute.vm)", "mixed-m2", 1.0)]


def test_included_child_follows_its_parent(doc):
    for pid, status in (("all", "equivalent"), ("mixed", "gap"), ("nothing", "gap")):
        sub = _target(doc, "vnet1/default", pid)
        assert sub["status"] == status
        assert sub["disposition"] == _target(doc, "vnet1", pid)["disposition"]
    assert next(r for r in doc["resources"] if r["name"] == "vnet1/default")["parent"].endswith("/virtualNetworks/vnet1")


def test_dispositions_add_up_to_the_estate_at_every_provider(doc):
    n = doc["inputs"]["inventory"]["resources"]
    for p in doc["providers"]:
        assert sum(v["resources"] for v in p["scenario"]["by_disposition"].values()) == n
        assert sum(1 for r in doc["resources"] if r["targets"][p["id"]]["disposition"] in DISPOSITIONS) == n


def test_node_pool_on_an_unverified_vm_offer_is_unverified(doc):
    aks = _target(doc, "aks1", "all")
    assert aks["monthly_eur"] == 146.00
    assert not aks["verified"]
    nodes = [c for c in aks["components"] if c["kind"] == "nodes"]
    assert nodes and nodes[0]["offer_id"] == "all-f4" and nodes[0]["basis"] == "secondary"
    sc = _prov(doc, "all")["scenario"]
    assert sc["verified_eur"] == round(385.50 - 146.00, 2)


def test_usage_line_is_quantity_times_price_on_both_sides(doc):
    r = next(r for r in doc["resources"] if r["name"] == "law1")
    assert {"meter": "ingest_gb", "value": 30.0, "origin": "usage-file"} in r["quantities"]
    assert r["azure"]["monthly_eur"] == 2.0 * 30
    assert r["targets"]["all"]["monthly_eur"] == 0.5 * 30
    assert r["targets"]["all"]["formula"] == "0.5 EUR per ingest_gb (all-logs, price-page) x 30 (usage-file) = 15.00"


def test_quantity_from_the_cost_export_wins_over_the_usage_file(catalog):
    """A usage line priced from an export quantity equals that quantity x the price."""
    law = "/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/law1"
    rows = pd.DataFrame({"file": ["e.csv"], "month": ["2026-10"], "resource_id": [law], "service": ["Log Analytics"],
                         "charge_category": ["Usage"], "currency": ["EUR"], "billed": [88.0], "effective": [88.0],
                         "provider": ["Microsoft"], "publisher": ["Microsoft"], "publisher_type": ["Azure"],
                         "description": ["ingestion"], "amount_billed": [88.0], "amount_effective": [88.0],
                         "kind": ["resource"]})
    baseline = CostBaseline(rows, "EUR", ["EUR"], {}, ["2026-10"], ["2026-10"],
                            [{"file": "e.csv", "format": "focus", "version": "1.2", "rows": 1}], [])
    baseline.quantities = pd.DataFrame({"month": ["2026-10"], "resource_id": [law], "meter": ["ingest_gb"],
                                        "quantity": [44.0]})
    plan = _plan(catalog, cost_baseline=baseline, cost_basis="effective")
    doc = plan_document(plan, summarise(plan))
    r = next(r for r in doc["resources"] if r["name"] == "law1")
    assert {"meter": "ingest_gb", "value": 44.0, "origin": "export"} in r["quantities"]
    assert r["targets"]["all"]["monthly_eur"] == 0.5 * 44
    assert r["azure"]["monthly_eur"] == 88.0 and r["azure"]["cost_status"] == "actual"


def test_missing_quantity_makes_a_lower_bound_never_a_zero(catalog):
    config = load_config(None)
    config["usage"]["defaults"] = {}
    plan = _plan(catalog, usage=False, config=config)
    doc = plan_document(plan, summarise(plan))
    st = next(r for r in doc["resources"] if r["name"] == "st1")
    assert st["azure"]["monthly_eur"] is None and st["azure"]["cost_status"] == "unpriced"
    assert doc["azure"]["lower_bound"] and doc["azure"]["unpriced_resources"] >= 1
    t = _prov(doc, "all")["tco"]
    assert t["break_even_month"] is None and "lower bound" in t["break_even_note"]


def test_cli_plan_and_compare_show_the_same_scenarios(run, tmp_path):
    args = [str(FIX / "inventory.json"), "--catalog-dir", str(FIX / "catalog"), "--no-bundled-catalogs",
            "--usage", str(FIX / "usage.yaml")]
    out = run("plan", *args, "--format", "json")
    assert out.exit_code == 0, out.output
    plan = json.loads(out.output)
    cmp = run("compare", *args, "--format", "json")
    assert cmp.exit_code == 0, cmp.output
    rows = {r["provider"]: r for r in json.loads(cmp.output)["providers"]}
    for p in plan["providers"]:
        assert rows[p["id"]]["run_eur_month"] == p["scenario"]["monthly_eur"]
        assert rows[p["id"]]["tco_eur"] == p["tco"]["total_eur"]
    # Complete exits rank first; nothing is ever cheaper than staying when it hosts nothing.
    assert rows["all"]["rank"] == 1 and rows["nothing"]["vs_azure_eur"] == 0.0


def test_bad_usage_file_is_refused_with_its_place(run, tmp_path):
    bad = tmp_path / "u.yaml"
    bad.write_text("microsoft.storage/storageaccounts: {gb_monthly: 5}\n")
    out = run("plan", str(FIX / "inventory.json"), "--catalog-dir", str(FIX / "catalog"), "--no-bundled-catalogs",
              "--usage", str(bad), ok=False)
    assert out.exit_code == 2
    assert "u.yaml" in out.output and "gb_monthly" in out.output and "unknown meter" in out.output


def test_minimum_replicas_of_a_container_app_are_an_inventory_quantity():
    """vCPU and memory per replica x minimum replicas x 730 h; without a minimum replica count the class default
    applies, and other types get no such floor."""
    import math

    from migrate.estimate.quantities import estate_quantities
    from migrate.inventory import derive_sizing

    app = {"type": "microsoft.app/containerapps", "sku": None, "sku_tier": None, "sku_capacity": None, "kind": None,
           "properties": {"template": {"containers": [{"resources": {"cpu": 0.5, "memory": "1Gi"}}],
                                       "scale": {"minReplicas": 3}}}}
    assert derive_sizing(app)["node_count"] == 3 and derive_sizing(app)["memory_gb"] == 1.0
    to_zero = {**app, "properties": {"template": {**app["properties"]["template"], "scale": {"minReplicas": 0}}}}
    assert math.isnan(derive_sizing(to_zero)["node_count"])
    res = pd.DataFrame({"rix": [0, 1, 2], "id": ["a", "b", "c"],
                        "type": ["microsoft.app/containerapps", "microsoft.app/containerapps", "microsoft.web/sites"],
                        "service_class": ["container.serverless", "container.serverless", "web.app"],
                        "storage_gb": [math.nan] * 3, "vcpu": [0.5, 1.0, 2.0], "memory_gb": [1.0, 2.0, 4.0],
                        "node_count": [3.0, 1.0, 1.0], "node_count_assumed": [False, True, False]})
    q = estate_quantities(res, {"container.serverless": {"vcpu_hour": 730, "gb_hour": 1460}})
    got = {(r.rix, r.meter): (r.value, r.origin) for r in q.itertuples()}
    assert got[(0, "vcpu_hour")] == (0.5 * 3 * 730, "inventory")
    assert got[(0, "gb_hour")] == (1.0 * 3 * 730, "inventory")
    assert got[(1, "vcpu_hour")] == (730, "default")
    assert (2, "vcpu_hour") not in got


def test_an_ai_services_account_is_priced_by_its_kind():
    """One SKU (S0) serves every kind of AI services account: an OpenAI account gets the token price of the bundled
    catalogue, another kind does not borrow it and stays without a figure."""
    from migrate.inventory import from_records

    cat = load_catalog()
    recs = [{"id": f"/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/{n}", "name": n,
             "type": "microsoft.cognitiveservices/accounts", "location": "francecentral", "sku": "S0", "kind": k}
            for n, k in (("oai", "OpenAI"), ("lang", "TextAnalytics"))]
    inv = from_records(recs, cat.vm_sizes).drop(columns=["properties", "tags"])
    plan = build_plan(inv, cat, config=load_config(None))
    az = {r["name"]: r["azure"] for r in plan_document(plan, summarise(plan))["resources"]}
    assert az["oai"]["cost_status"] == "priced" and "million_output_tokens" in az["oai"]["formula"]
    assert az["lang"]["cost_status"] == "unpriced" and az["lang"]["monthly_eur"] is None
