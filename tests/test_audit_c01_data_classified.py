"""C01: data-bearing resources have a recognised sensitivity class."""

from audit_fixtures import check, plan, res, rid


def test_pass_when_every_data_bearing_resource_is_classified():
    f = check("C01", plan([res("a", classification="health-nominative"), res("vm", "compute.vm", data=False,
                                                                              classification=None)]))
    assert f.status == "PASS" and "1 data-bearing" in f.reason


def test_fail_names_the_resources_with_an_unrecognised_value():
    f = check("C01", plan([res("a", classification="weird"), res("b", classification=None), res("c")]))
    assert f.status == "FAIL" and f.resources == (rid("a"),) and "weird" in f.reason
    assert "also not given" in f.reason and "unclassified" in f.reason


def test_unknown_names_the_unclassified_resources_and_the_key_to_fill():
    doc = plan([res("a", classification=None), res("b", classification=None), res("old", classification=None,
                                                                                       disp="retire")])
    f = check("C01", doc)
    assert f.status == "UNKNOWN" and f.resources == (rid("a"), rid("b")) and "data_classification" in f.reason
    fixed = check("C01", doc, {"data_classification": [{"resources": ["*/a", "*/B"], "classification": "sensitive"}]})
    assert fixed.status == "PASS"
    assert check("C01", plan([res("a", labels=False)])).status == "UNKNOWN"


def test_skipped_when_no_data_bearing_resource_moves():
    f = check("C01", plan([res("vm", "compute.vm", data=False), res("d", disp="retire")]))
    assert f.status == "SKIPPED" and f.resources == ()
