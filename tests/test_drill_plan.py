"""The pure part of the drill: selection, the resume rule, throughput, extrapolation, secret scrubbing."""

from __future__ import annotations

import pytest

from migrate.drill import plan
from migrate.drill.plan import Outcome, SourceObject, TargetObject
from migrate.drill.secrets import scrub
from migrate.drill.uris import parse_blob_uri, parse_s3_uri, parse_size, target_key

A = SourceObject("a", 100, "0x1", "aa" * 16)
B = SourceObject("b", 300, "0x2", None)
C = SourceObject("c", 50, "0x3", "cc" * 16)


def test_sample_takes_blobs_by_name_until_the_size_is_reached():
    assert plan.select([C, B, A], None) == [A, B, C]
    assert plan.select([C, B, A], 100) == [A]
    assert plan.select([C, B, A], 101) == [A, B]
    assert plan.select([C, B, A], 10**9) == [A, B, C]


@pytest.mark.parametrize("target,current", [
    (None, False),
    (TargetObject("k", 100, {"migrate-md5": "aa" * 16, "migrate-source-etag": "0x1"}), True),
    (TargetObject("k", 99, {"migrate-md5": "aa" * 16, "migrate-source-etag": "0x1"}), False),      # size differs
    (TargetObject("k", 100, {"migrate-md5": "bb" * 16, "migrate-source-etag": "0x1"}), False),     # hash differs
    (TargetObject("k", 100, {"migrate-md5": "aa" * 16, "migrate-source-etag": "0x9"}), False),     # blob rewritten since
    (TargetObject("k", 100, {"migrate-source-etag": "0x1"}), False),                               # never verified
])
def test_an_existing_copy_is_skipped_only_when_size_source_and_hash_match(target, current):
    assert plan.is_current(A, target) is current


def test_a_blob_without_content_md5_is_current_on_its_recorded_hash_and_etag():
    assert plan.is_current(B, TargetObject("k", 300, {"migrate-md5": "ff" * 16, "migrate-source-etag": "0x2"}))
    assert plan.target_metadata(B) == {"migrate-source-etag": "0x2"}
    assert plan.target_metadata(A) == {"migrate-source-etag": "0x1", "migrate-md5": "aa" * 16}


def test_busy_time_is_the_union_of_transfer_intervals():
    assert plan.busy_seconds([(0, 2), (1, 3), (5, 6), (5.5, 5.8)]) == 4
    assert plan.busy_seconds([]) == 0


def test_throughput_and_extrapolation():
    t = plan.throughput(125_000_000, 10.0)
    assert t == {"bytes_per_second": 12_500_000.0, "megabits_per_second": 100.0, "measured_bytes": 125_000_000,
                 "measured_seconds": 10.0}
    # 1 TB at 12.5 MB/s = 80,000 s
    assert plan.extrapolate(1000, t["bytes_per_second"], "plan.json") == {"data_gb": 1000, "days": 0.926, "plan": "plan.json"}
    assert plan.throughput(0, 0)["bytes_per_second"] is None
    assert plan.extrapolate(1000, None, "p")["days"] is None


def test_plan_volume_counts_data_bearing_resources_and_unknown_sizes():
    doc = {"resources": [{"data_bearing": True, "sizing": {"storage_gb": 10}},
                         {"data_bearing": True, "sizing": {"storage_gb": None}},
                         {"data_bearing": False, "sizing": {"storage_gb": 500}}]}
    assert plan.plan_data_gb(doc) == (10.0, 1)


def test_counts_and_result():
    outcomes = [Outcome("a", 100, "copied", verified=True, expected="x", actual="x"),
                Outcome("b", 300, "skipped", verified=False, expected="y", actual="z"),
                Outcome("c", 50, "failed", error="boom")]
    doc = plan.evidence(version="1", started_at="2026-01-01T00:00:00Z", finished_at="2026-01-01T00:00:01Z",
                        duration_seconds=1, source={}, target={}, listed=[A, B, C], outcomes=outcomes,
                        measured=plan.throughput(100, 1), extrapolation=None)
    assert doc["objects"] == {"listed": 3, "copied": 1, "skipped": 1, "verified": 1, "mismatched": 1, "failed": 1}
    assert doc["bytes"] == {"listed": 450, "copied": 100, "skipped": 300}
    assert doc["mismatches"] == [{"name": "b", "expected": "y", "actual": "z"}]
    assert doc["result"] == "failed"


def test_uris_sizes_and_keys():
    loc = parse_blob_uri("azure-blob://acct01/data/2024/")
    assert (loc.account, loc.container, loc.prefix) == ("acct01", "data", "2024/")
    s3 = parse_s3_uri("s3://exit-bucket/drill/one")
    assert (s3.bucket, s3.prefix) == ("exit-bucket", "drill/one")
    assert parse_size("2GiB") == 2 * 2**30 and parse_size("1.5MB") == 1_500_000 and parse_size("42") == 42
    assert target_key("2024/x.csv", "2024/", "") == "x.csv"
    assert target_key("2024/x.csv", "2024", "drill/") == "drill/x.csv"
    assert target_key("a/b", "", "p") == "p/a/b"


def test_scrub_removes_keys_sas_and_known_values():
    text = ("GET https://acct.blob.core.windows.net/c?sv=2024-01-01&se=2026&sig=AbC%2Bd%3D failed; "
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5;EndpointSuffix=x token=hunter22")
    out = scrub(text, ["hunter22"])
    for secret in ("AbC%2Bd%3D", "c2VjcmV0a2V5", "hunter22"):
        assert secret not in out
    assert "acct.blob.core.windows.net" in out
