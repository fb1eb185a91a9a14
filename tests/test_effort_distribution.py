"""Programme effort as a distribution: seeded, reproducible, bounded, and shown with a duration."""

import numpy as np
import pytest

from conftest import GOLDEN, load_json

from migrate.estimate.distribution import duration_months, effort_distribution

RNG = np.random.default_rng(7)
LOW = RNG.uniform(0, 2, 400).round(2)
LIKELY = (LOW + RNG.uniform(0, 2, 400)).round(2)
HIGH = (LIKELY + RNG.uniform(0, 5, 400)).round(2)
ARGS = {"seed": 42, "samples": 4000, "max_draws": 10_000_000}


def test_seeded_distribution_is_reproducible_and_order_free():
    a = effort_distribution(LOW, LIKELY, HIGH, **ARGS)
    b = effort_distribution(LOW, LIKELY, HIGH, **ARGS)
    perm = RNG.permutation(len(LOW))
    c = effort_distribution(LOW[perm], LIKELY[perm], HIGH[perm], **ARGS)
    assert a == b == c
    assert a["method"] == "monte-carlo" and a["samples"] == 4000 and a["seed"] == 42
    other = effort_distribution(LOW, LIKELY, HIGH, **{**ARGS, "seed": 43})
    assert other["p50_days"] != a["p50_days"]  # the seed is really used


def test_percentiles_are_ordered_and_within_the_range():
    d = effort_distribution(LOW, LIKELY, HIGH, **ARGS)
    assert LOW.sum() <= d["p50_days"] <= d["p90_days"] <= HIGH.sum()
    # PERT mean per line is (low + 4 likely + high) / 6; the sample mean must be close to its sum.
    assert d["mean_days"] == pytest.approx(((LOW + 4 * LIKELY + HIGH) / 6).sum(), rel=0.002)


def test_normal_approximation_matches_monte_carlo_at_scale():
    mc = effort_distribution(LOW, LIKELY, HIGH, **ARGS)
    clt = effort_distribution(LOW, LIKELY, HIGH, **{**ARGS, "max_draws": 1000})
    assert clt["method"] == "normal-approximation" and clt["samples"] is None
    assert clt["p50_days"] == pytest.approx(mc["p50_days"], rel=0.005)
    assert clt["p90_days"] == pytest.approx(mc["p90_days"], rel=0.005)
    assert clt["p50_days"] <= clt["p90_days"]


def test_fixed_lines_and_a_hand_checked_case():
    # low == high: no spread, the sum is exact whatever the method.
    d = effort_distribution([1.0, 2.0], [1.0, 2.0], [1.0, 2.0], **ARGS)
    assert d["p50_days"] == d["p90_days"] == d["mean_days"] == 3.0
    # One symmetric PERT line [0, 1, 2] is Beta(3, 3) on [0, 2]: median 1, sd 2 * sqrt(1/28).
    sym = effort_distribution([0.0], [1.0], [2.0], **{**ARGS, "max_draws": 0})
    assert sym["p50_days"] == 1.0
    assert sym["p90_days"] == pytest.approx(1 + 1.2815516 * 2 * (1 / 28) ** 0.5, abs=0.01)
    assert duration_months(900, 5, 18) == 10.0


def test_plan_carries_the_distribution_and_the_team_duration(run, frozen, tmp_path):
    out = tmp_path / "out"
    result = run("plan", GOLDEN / "inventory.json", *frozen, "--team", "3", "--out", out)
    doc = load_json(out / "plan.json")
    assert doc["inputs"]["config"]["programme"]["team_size"] == 3
    for p in doc["providers"]:
        d = p["effort_distribution"]
        e = p["effort_days"]
        assert e["low"] <= d["p50_days"] <= d["p90_days"] <= e["high"]
        assert d["team_size"] == 3 and d["days_per_month"] == 18
        assert d["duration_months"]["p50"] == round(d["p50_days"] / (3 * 18), 1)
    assert "P50 / P90 days" in result.output and "months P50-P90 (team 3)" in result.output
    again = tmp_path / "again"
    run("plan", GOLDEN / "inventory.json", *frozen, "--team", "3", "--out", again)
    assert load_json(again / "plan.json")["providers"] == doc["providers"]


@pytest.mark.parametrize("override, place", [
    ("programme: {team_size: 0}", "programme.team_size"),
    ("programme: {distribution: {samples: 10}}", "programme.distribution.samples"),
    ("programme: {waves: {couple_kinds: parent}}", "programme.waves.couple_kinds"),
])
def test_bad_programme_config_is_refused(run, frozen, tmp_path, override, place):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text(override + "\n")
    out = tmp_path / "out"
    result = run("plan", GOLDEN / "inventory.json", *frozen, "--config", cfg, "--out", out, ok=False)
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr and place in result.stderr
    assert not out.exists()
