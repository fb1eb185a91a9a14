"""C05: sensitive and health data on SecNumCloud offers valid at cutover."""

import copy

from audit_fixtures import check, line, plan, provider, qual, res, rid

DOC = plan([res("h", classification="health-pseudonymised"),
            res("s", classification="sensitive", targets={"alpha": line("self-managed", "a-vm", runs_on="a-vm")}),
            res("p", classification="none", targets={"alpha": line(offer="a-plain")})])


def test_pass_names_the_sensitive_resources():
    f = check("C05", DOC)
    assert f.status == "PASS" and f.resources == (rid("h"), rid("s"))


def test_fail_names_resources_on_unqualified_offers_or_left_on_azure():
    bad = copy.deepcopy(DOC)
    bad["resources"][0]["targets"]["alpha"] = line(offer="a-plain")
    bad["resources"][1]["targets"]["alpha"] = line("gap")
    f = check("C05", bad)
    assert f.status == "FAIL" and f.resources == (rid("h"), rid("s")) and "stays on Azure" in f.reason


def test_fail_when_the_qualification_ends_before_the_cutover():
    expiring = plan(DOC["resources"], [provider(quals=[qual("secnumcloud", valid_until="2027-01-31")])])
    f = check("C05", expiring, {"target": {"cutover_date": "2027-06-30"}})
    assert f.status == "FAIL" and f.resources == (rid("h"), rid("s")) and "2027-01-31" in f.reason
    assert check("C05", expiring, {"target": {"cutover_date": "2026-12-31"}}).status == "PASS"
    dated = plan(DOC["resources"], [provider(quals=[qual("secnumcloud", valid_until=None, date="2024-01-01")])])
    assert check("C05", dated).status == "PASS"        # a decision date gives 3 years
    assert check("C05", dated, {"target": {"cutover_date": "2027-02-01"}}).status == "FAIL"


def test_unknown_when_the_validity_end_is_not_recorded():
    undated = plan(DOC["resources"], [provider(quals=[qual("secnumcloud", valid_until=None)])])
    f = check("C05", undated)
    assert f.status == "UNKNOWN" and f.resources == (rid("h"), rid("s"))


def test_skipped_without_sensitive_data():
    assert check("C05", plan([res("p")])).status == "SKIPPED"


def test_a_line_retired_at_the_target_needs_no_qualification():
    retired = copy.deepcopy(DOC)
    retired["resources"][0]["targets"]["alpha"] = {**line("retire"), "disposition": "retire"}
    retired["resources"][1]["targets"]["alpha"] = {**line(), "disposition": "stays-on-azure"}
    f = check("C05", retired)
    assert f.status == "FAIL" and f.resources == (rid("s"),)
