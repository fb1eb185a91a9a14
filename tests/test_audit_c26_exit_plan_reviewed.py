"""C26: exit plan reviewed within 12 months."""

import pytest
from audit_fixtures import check, full_evidence, plan, res


@pytest.mark.parametrize("reviewed,status", [("2026-06-01", "PASS"), ("2025-11-01", "FAIL"), ("2027-01-01", "FAIL"),
                                             (None, "UNKNOWN")])
def test_review_age(reviewed, status):
    e = full_evidence()
    e["exit_plan"]["last_reviewed"] = reviewed
    assert check("C26", plan([res("a")]), e).status == status


def test_skipped_outside_the_fin_profile():
    from audit_fixtures import settings
    from migrate.audit.run import run_audit

    results = {c.id: f for c, f in run_audit(plan([res("a")]), full_evidence(), settings(), profile="health")}
    assert results["C26"].status == "SKIPPED"
