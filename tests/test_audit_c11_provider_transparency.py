"""C11: target publishes jurisdiction, data-format register and (health) transfer map."""

from audit_fixtures import check, full_evidence, plan, res


def test_pass_and_the_catalogue_counts_for_the_jurisdiction_statement():
    assert check("C11", plan([res("h", classification="health")]), full_evidence()).status == "PASS"
    assert check("C11", plan([res("a")]), {"target": {"transparency": {"data_format_register": "x"}}}
                 ).status == "PASS"


def test_unknown_names_the_missing_statements():
    f = check("C11", plan([res("h", classification="health")]),
              {"target": {"transparency": {"data_format_register": "https://x"}}})
    assert f.status == "UNKNOWN" and "transfer_map" in f.reason and "jurisdiction" not in f.reason
    assert check("C11", plan([res("h", classification="health")])).reason.startswith("no evidence file given")


def test_blank_values_count_as_missing():
    f = check("C11", plan([res("a")]), {"target": {"transparency": {"data_format_register": "  "}}})
    assert f.status == "UNKNOWN"
