"""The mapping rules of docs/mapping-rules.md, checked on every bundled provider x service class and on the demo."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from migrate.catalog.load import load_catalog
from migrate.mapping.map import coverage_cells
from migrate.mapping.select import eligible_offers


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def cells(catalog):
    return coverage_cells(catalog, sorted(catalog.providers), [])


def test_every_cell_has_one_of_the_four_statuses(cells, catalog):
    assert len(cells) == len(catalog.service_classes) * len(catalog.providers)
    assert set(cells["status"]) <= {"equivalent", "partial", "self-managed", "gap"}


def test_a_partial_offer_names_what_it_lacks(catalog):
    partial = catalog.offers[catalog.offers["mapping"].eq("partial")]
    missing = partial[~partial["offer_reason"].map(lambda r: isinstance(r, str) and len(r) > 10)]
    assert missing.empty, missing[["provider", "offer_id"]].to_string()


def test_a_self_managed_cell_builds_the_class_pattern_from_the_providers_own_offers(cells, catalog):
    offers = eligible_offers(catalog.offers, sorted(catalog.providers), [], catalog.gpu_models)
    sold = set(zip(offers["provider"], offers["service_class"]))
    for c in cells[cells["route"].eq("pattern")].itertuples(index=False):
        comps = catalog.patterns[catalog.patterns["pattern_class"] == c.service_class]
        assert not comps.empty, f"{c.provider} {c.service_class}: self-managed without a pattern"
        for comp in comps.itertuples(index=False):
            assert (c.provider, comp.service_class) in sold or (
                isinstance(comp.fallback, str) and (c.provider, comp.fallback) in sold), \
                f"{c.provider} {c.service_class}: component {comp.role} has no offer there"
        assert catalog.pattern_rules[c.service_class]


def test_a_gap_says_why(cells):
    gaps = cells[cells["status"].eq("gap")]
    assert gaps["reason"].map(lambda r: isinstance(r, str) and "stays on Azure" in r).all()


def test_the_same_situation_gets_the_same_status_at_every_provider(cells, catalog):
    """Two providers without a managed offer of a class, both selling every class its pattern needs, both
    build it (self-managed): no provider is a gap where another in the same situation is not."""
    offers = eligible_offers(catalog.offers, sorted(catalog.providers), [], catalog.gpu_models)
    managed = set(zip(offers.loc[offers["mapping"].isin(["equivalent", "partial"]), "provider"],
                      offers.loc[offers["mapping"].isin(["equivalent", "partial"]), "service_class"]))
    sold = set(zip(offers["provider"], offers["service_class"]))
    blocked = set(zip(catalog.gaps.loc[catalog.gaps["buildable"].eq(False), "provider"],
                      catalog.gaps.loc[catalog.gaps["buildable"].eq(False), "service_class"]))
    gpu_classes = set(catalog.patterns.loc[catalog.patterns["gpu_count"].fillna(0) > 0, "pattern_class"])
    for cls in catalog.patterns["pattern_class"].unique():
        if cls in gpu_classes:
            continue  # needs GPU flavors: depends on more than the classes sold
        comps = catalog.patterns[catalog.patterns["pattern_class"] == cls]
        for p in sorted(catalog.providers):
            if (p, cls) in managed or (p, cls) in blocked:
                continue
            can = all((p, c.service_class) in sold or (isinstance(c.fallback, str) and (p, c.fallback) in sold)
                      for c in comps.itertuples(index=False))
            status = cells[(cells["provider"] == p) & (cells["service_class"] == cls)]["status"].iloc[0]
            assert status == ("self-managed" if can else "gap"), (p, cls, status)


def test_a_cpu_vm_never_lands_on_a_gpu_flavor(catalog):
    from migrate.mapping.select import pick_flavors

    offers = eligible_offers(catalog.offers, sorted(catalog.providers), [], catalog.gpu_models)
    flavors = offers[offers["is_flavor"]]
    req = pd.DataFrame({"key": [0, 1], "service_class": ["compute.vm", "compute.vm"], "need_vcpu": [6.0, 256.0],
                        "need_memory_gb": [112.0, 4096.0]})
    picked = pick_flavors(req, flavors).merge(flavors[["provider", "offer_id", "gpu_count"]], on=["provider", "offer_id"])
    assert (picked["gpu_count"].fillna(0) == 0).all()


def test_withdrawn_offers_are_never_mapped(catalog):
    offers = eligible_offers(catalog.offers, sorted(catalog.providers), [], catalog.gpu_models)
    assert offers["withdrawn"].isna().all()


def test_in_the_demo_no_included_child_is_equivalent_where_its_parent_is_not_hosted(demo_plan):
    by_id = {r["id"].lower(): r for r in demo_plan["resources"]}
    checked = 0
    for r in demo_plan["resources"]:
        if not r["parent"]:
            continue
        parent = by_id[r["parent"].lower()]
        for pid, t in r["targets"].items():
            checked += 1
            assert t["status"] == parent["targets"][pid]["status"], (r["id"], pid)
            assert t["disposition"] == parent["targets"][pid]["disposition"]
    assert checked > 500


def test_gpu_vms_of_the_demo_map_to_gpu_flavors_or_stay_on_azure_with_the_reason(demo_plan):
    gpu = [r for r in demo_plan["resources"] if (r["sizing"].get("gpu") or {}).get("count")]
    assert len(gpu) >= 2
    offers = {p["id"]: p["offers"] for p in demo_plan["providers"]}
    for r in gpu:
        for pid, t in r["targets"].items():
            if t["disposition"] == "offer":
                assert (offers[pid][t["offer_id"]].get("gpu") or {}).get("count", 0) >= 1, (pid, t["offer_id"])
            else:
                assert t["status"] == "gap" and "GPU" in t["reason"], (pid, t["reason"])


def test_demo_dispositions_add_up_to_every_resource_at_every_provider(demo_plan):
    n = demo_plan["inputs"]["inventory"]["resources"]
    assert n == 278
    for p in demo_plan["providers"]:
        assert sum(v["resources"] for v in p["scenario"]["by_disposition"].values()) == n
        assert sum(1 for r in demo_plan["resources"] if r["targets"][p["id"]]["disposition"]) == n


def test_demo_cells_and_azure_lines_carry_a_monthly_figure(demo_plan):
    """A cell without a figure is explained by its catalogue (an offer sold without a public price) or by a
    missing quantity named in its formula; the share with a figure is watched so a regression shows."""
    cells = [(p, t) for r in demo_plan["resources"] for p, t in r["targets"].items()]
    offers = {p["id"]: p["offers"] for p in demo_plan["providers"]}
    for pid, t in cells:
        if t["monthly_eur"] is not None:
            continue
        assert t["cost_status"] == "unpriced" and t["lower_bound"] and not t["verified"], t
        unpriced_offers = [c for c in t["components"] if c.get("unit_monthly_eur", 0) is None]
        assert unpriced_offers or "unknown" in t["formula"], t["formula"]
        for c in unpriced_offers:
            assert offers[pid][c["offer_id"]]["price"] == [], c       # the catalogue sells it without a price
            assert "no catalogued price" in t["formula"]
    priced = np.mean([t["monthly_eur"] is not None for _, t in cells])
    azure = np.mean([r["azure"]["monthly_eur"] is not None for r in demo_plan["resources"]])
    assert priced >= 0.88, priced       # 89.2 % when measured: 305 cells are offers sold without a public price
    assert azure >= 0.95, azure
