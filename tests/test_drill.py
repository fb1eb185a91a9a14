"""Exit drill against real servers on loopback: Azurite as the Azure source, moto's S3 server as the target.

No SDK or function of ours is patched: the drill talks HTTP to both servers, and the tests tamper with
the stored data through the same public APIs an operator (or an attacker) would use.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time

import boto3
import jsonschema
import pytest
from click.testing import CliRunner

from drill_servers import (DEV_ACCOUNT, DEV_KEY, ROOT, connection_string, free_port, md5, seeded_bytes, start_azurite,
                           start_moto)
from migrate.cli import cli

BIG = 101 * 1024 * 1024          # over 100 MB: goes through multipart upload
MEDIUM = 9 * 1024 * 1024 + 7     # just over the 8 MiB threshold: two parts
SMALL_COUNT = 200
# Planted secrets: the S3 secret is ours to choose (moto accepts any); the Azure key is Azurite's real one.
S3_SECRET = "pl4nted-S3-secret-Zq8vW3xY7uT2"
S3_KEY_ID = "AKIAPLANTEDKEYID0001"

CONTRACT = {  # the evidence format: the keys the audit and the transfer estimate read
    None: {"format", "schema_version", "tool", "started_at", "finished_at", "duration_seconds", "source", "target",
           "objects", "bytes", "integrity", "mismatches", "throughput", "extrapolation", "result"},
    "tool": {"name", "version"},
    "source": {"kind", "account", "container", "prefix", "endpoint"},
    "target": {"kind", "bucket", "prefix", "endpoint_url", "region", "provider"},
    "objects": {"listed", "copied", "skipped", "verified", "mismatched", "failed"},
    "bytes": {"listed", "copied", "skipped"},
    "integrity": {"method", "description"},
    "throughput": {"bytes_per_second", "megabits_per_second", "measured_bytes", "measured_seconds"},
}


def assert_contract(doc: dict) -> None:
    assert set(doc) == CONTRACT[None]
    for key, keys in CONTRACT.items():
        if key:
            assert set(doc[key]) == keys, key
    assert doc["format"] == "migrate-drill-evidence" and doc["schema_version"] == 1
    assert doc["result"] in ("passed", "failed")
    for m in doc["mismatches"]:
        assert set(m) == {"name", "expected", "actual"}
    if doc["extrapolation"] is not None:
        assert set(doc["extrapolation"]) == {"data_gb", "days", "plan"}
    schema = json.loads((ROOT / "migrate" / "drill" / "evidence.schema.json").read_text())
    jsonschema.validate(doc, schema)


# ---------------------------------------------------------------- servers and data (once per session)
@pytest.fixture(scope="session")
def azurite():
    server = start_azurite()
    yield server
    server.stop()


def _blob_service(azurite):
    from azure.storage.blob import BlobServiceClient

    return BlobServiceClient.from_connection_string(connection_string(azurite.url))


def _upload_without_md5(container, name: str, data: bytes) -> None:
    # Put Block + Put Block List: Azure (and Azurite) store no Content-MD5 for such blobs, so the drill
    # must hash them in flight itself.
    blob = container.get_blob_client(name)
    ids = []
    for i in range(0, len(data), 4 * 1024 * 1024):
        block_id = base64.b64encode(f"{i:012d}".encode()).decode()
        blob.stage_block(block_id, data[i:i + 4 * 1024 * 1024])
        ids.append(block_id)
    from azure.storage.blob import BlobBlock

    blob.commit_block_list([BlobBlock(block_id=b) for b in ids])


@pytest.fixture(scope="session")
def estate(azurite):
    """Container `estate`: 200 small blobs (some without Content-MD5), two 9 MiB ones and one of 101 MiB."""
    container = _blob_service(azurite).create_container("estate")
    expected = {}
    for i in range(SMALL_COUNT):
        data = seeded_bytes((i * 997) % 40_000, i)
        name = f"records/{i:04d}.json"
        if i % 10 == 3:
            _upload_without_md5(container, name, data)
        else:
            container.upload_blob(name, data)
        expected[name] = md5(data)
    for i in range(2):
        data = seeded_bytes(MEDIUM, 1000 + i)
        _upload_without_md5(container, f"images/scan-{i}.dcm", data)
        expected[f"images/scan-{i}.dcm"] = md5(data)
    big = seeded_bytes(BIG, 4242)
    # Large blobs are uploaded in blocks; tools like azcopy --put-md5 record the whole-blob MD5 with them.
    from azure.storage.blob import ContentSettings

    container.upload_blob("archive/big.tar", big, content_settings=ContentSettings(content_md5=bytearray.fromhex(md5(big))))
    expected["archive/big.tar"] = md5(big)
    return expected


@pytest.fixture
def s3(moto):
    return boto3.client("s3", endpoint_url=moto.url, region_name="us-east-1", aws_access_key_id=S3_KEY_ID,
                        aws_secret_access_key=S3_SECRET)


@pytest.fixture
def creds(monkeypatch):
    """Credentials as an operator sets them: account key for Azure, the AWS variables for S3."""
    for var in ("AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_SAS_TOKEN", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AZURE_STORAGE_KEY", DEV_KEY)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", S3_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", S3_SECRET)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)


def drill(azurite, moto, bucket, *extra, container="estate"):
    args = ["drill", "--from", f"azure-blob://{DEV_ACCOUNT}/{container}", "--to", f"s3://{bucket}",
            "--endpoint-url", moto.url, "--blob-endpoint", azurite.url, *map(str, extra)]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def target_md5s(s3, bucket, prefix=""):
    out = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            out[obj["Key"]] = md5(s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read())
    return out


def secrets_absent(*texts: str) -> None:
    for text in texts:
        for secret in (S3_SECRET, DEV_KEY, DEV_KEY[:20], base64.b64decode(DEV_KEY).hex()[:20]):
            assert secret not in text


# ---------------------------------------------------------------- the done-when scenario
def test_drill_copies_and_verifies_every_object_then_a_second_run_copies_nothing(azurite, moto, estate, s3, creds,
                                                                                tmp_path, caplog):
    caplog.set_level("INFO")
    s3.create_bucket(Bucket="exit-drill")
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format": "migrate-plan", "schema_version": 2, "resources": [
        {"id": "a", "data_bearing": True, "sizing": {"storage_gb": 1500.0}},
        {"id": "b", "data_bearing": True, "sizing": {"storage_gb": 500.0}},
        {"id": "c", "data_bearing": True, "sizing": {"storage_gb": None}},
        {"id": "d", "data_bearing": False, "sizing": {"storage_gb": 9999.0}}]}))
    first_file, second_file = tmp_path / "first.json", tmp_path / "second.json"

    first = drill(azurite, moto, "exit-drill", "--all", "--workers", 4, "--evidence-out", first_file, "--plan", plan)
    assert first.exit_code == 0, first.output + first.stderr
    ev = json.loads(first_file.read_text())
    assert_contract(ev)
    total = SMALL_COUNT + 3
    assert ev["objects"] == {"listed": total, "copied": total, "skipped": 0, "verified": total, "mismatched": 0,
                             "failed": 0}
    assert ev["bytes"]["copied"] == ev["bytes"]["listed"] == sum(
        (i * 997) % 40_000 for i in range(SMALL_COUNT)) + 2 * MEDIUM + BIG
    assert ev["result"] == "passed" and ev["mismatches"] == []
    assert ev["throughput"]["measured_bytes"] == ev["bytes"]["copied"]
    assert ev["throughput"]["bytes_per_second"] > 0
    assert ev["extrapolation"]["data_gb"] == 2000.0 and ev["extrapolation"]["plan"] == str(plan)
    expected_days = 2000e9 / ev["throughput"]["bytes_per_second"] / 86400
    assert ev["extrapolation"]["days"] == pytest.approx(expected_days, rel=1e-3)
    assert "1 data-bearing resource(s)" in first.stderr
    # What the drill says it verified is what the target holds, byte for byte.
    assert target_md5s(s3, "exit-drill") == estate
    big = s3.head_object(Bucket="exit-drill", Key="archive/big.tar")
    assert big["ETag"].strip('"').endswith(f"-{-(-BIG // (8 * 1024 * 1024))}")  # stored by multipart upload

    second = drill(azurite, moto, "exit-drill", "--all", "--evidence-out", second_file, "--plan", plan)
    assert second.exit_code == 0, second.output + second.stderr
    ev2 = json.loads(second_file.read_text())
    assert_contract(ev2)
    assert ev2["objects"] == {"listed": total, "copied": 0, "skipped": total, "verified": total, "mismatched": 0,
                              "failed": 0}
    assert ev2["bytes"]["copied"] == 0 and ev2["throughput"]["bytes_per_second"] is None
    assert ev2["extrapolation"]["days"] is None

    logs = "\n".join(r.getMessage() for r in caplog.records)
    secrets_absent(first.output, first.stderr, second.output, second.stderr, first_file.read_text(),
                   second_file.read_text(), logs)

    # The audit's "exit tested" check (C27) takes the first run's evidence as it was written; the second
    # run moved no data, so it measured nothing and is no test.
    day = ev["finished_at"][:10]
    for name, status in (("first.json", "PASS"), ("second.json", "FAIL")):
        (tmp_path / "evidence.yaml").write_text(f"exit_tests:\n  - date: '{day}'\n    kind: drill\n"
                                                f"    drill_evidence: {name}\n")
        audit = CliRunner().invoke(cli, ["audit", str(plan), "--evidence", str(tmp_path / "evidence.yaml"), "--as-of", day,
                                         "--format", "json", "--soft-fail"], catch_exceptions=False)
        assert audit.exit_code == 0, audit.output + audit.stderr
        c27 = next(c for c in json.loads(audit.stdout)["checks"] if c["id"] == "C27")
        assert c27["status"] == status, c27["reason"]


def test_interrupted_drill_resumes_and_completes(azurite, moto, estate, s3, creds, tmp_path):
    """Kill a drill process mid-way (like a lost session); the re-run copies only what is missing."""
    s3.create_bucket(Bucket="resume")
    records = {k: v for k, v in estate.items() if k.startswith("records/")}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-c", "from migrate.cli import main; main()", "drill",
           "--from", f"azure-blob://{DEV_ACCOUNT}/estate/records/", "--to", "s3://resume/copy", "--endpoint-url", moto.url,
           "--blob-endpoint", azurite.url, "--all", "--workers", "2", "--evidence-out", str(tmp_path / "partial.json")]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    present = 0
    while proc.poll() is None and present < 40:
        present = s3.list_objects_v2(Bucket="resume", Prefix="copy/").get("KeyCount", 0)
        time.sleep(0.05)
    proc.kill()
    proc.communicate()
    killed_with = s3.list_objects_v2(Bucket="resume", Prefix="copy/").get("KeyCount", 0)
    assert 0 < killed_with < len(records), "the drill must be stopped mid-way for this test to mean anything"
    assert not (tmp_path / "partial.json").exists()  # no evidence for a run that did not finish

    result = drill(azurite, moto, "resume/copy", "--all", "--evidence-out", tmp_path / "resumed.json",
                   container="estate/records/")
    assert result.exit_code == 0, result.output + result.stderr
    ev = json.loads((tmp_path / "resumed.json").read_text())
    assert_contract(ev)
    assert ev["objects"]["skipped"] >= killed_with - 2  # objects uploaded but not yet verified are copied again
    assert ev["objects"]["copied"] > 0
    assert ev["objects"]["copied"] + ev["objects"]["skipped"] == len(records)
    assert ev["objects"]["verified"] == len(records) and ev["result"] == "passed"
    assert target_md5s(s3, "resume", "copy/") == {f"copy/{k[len('records/'):]}": v for k, v in records.items()}


# ---------------------------------------------------------------- integrity failures
@pytest.fixture(scope="session")
def small(azurite):
    container = _blob_service(azurite).create_container("small")
    for i in range(30):
        container.upload_blob(f"f{i:02d}.bin", seeded_bytes(1000 + i * 100, 7000 + i))
    return container


def test_a_copy_corrupted_behind_the_drills_back_is_reported(azurite, moto, small, s3, creds, tmp_path):
    s3.create_bucket(Bucket="corrupt")
    assert drill(azurite, moto, "corrupt", "--all", container="small").exit_code == 0
    # Overwrite one copy with other bytes of the same size, keeping its metadata (as silent corruption would).
    head = s3.head_object(Bucket="corrupt", Key="f07.bin")
    s3.put_object(Bucket="corrupt", Key="f07.bin", Body=b"\0" * head["ContentLength"], Metadata=head["Metadata"])

    result = drill(azurite, moto, "corrupt", "--all", "--evidence-out", tmp_path / "ev.json", container="small")
    assert result.exit_code == 1
    ev = json.loads((tmp_path / "ev.json").read_text())
    assert_contract(ev)
    assert ev["result"] == "failed" and ev["objects"]["mismatched"] == 1 and ev["objects"]["verified"] == 29
    assert ev["mismatches"] == [{"name": "f07.bin", "expected": head["Metadata"]["migrate-md5"],
                                 "actual": md5(b"\0" * head["ContentLength"])}]
    assert "MISMATCH: f07.bin" in result.stderr and "FAILED" in result.output


def test_a_source_that_does_not_match_its_stored_md5_is_reported(azurite, moto, s3, creds, tmp_path):
    from azure.storage.blob import ContentSettings

    container = _blob_service(azurite).create_container("tampered")
    data = seeded_bytes(5000, 77)
    container.upload_blob("record.bin", data)
    container.upload_blob("other.bin", seeded_bytes(3000, 78))
    wrong = bytes(16)
    container.get_blob_client("record.bin").set_http_headers(ContentSettings(content_md5=bytearray(wrong)))
    s3.create_bucket(Bucket="tampered")

    result = drill(azurite, moto, "tampered", "--all", "--evidence-out", tmp_path / "ev.json", container="tampered")
    assert result.exit_code == 1
    ev = json.loads((tmp_path / "ev.json").read_text())
    assert ev["mismatches"] == [{"name": "record.bin", "expected": wrong.hex(), "actual": md5(data)}]
    assert ev["objects"]["verified"] == 1 and ev["result"] == "failed"


def test_an_archived_blob_is_a_failed_object_with_the_fix(azurite, moto, s3, creds, tmp_path):
    container = _blob_service(azurite).create_container("cold")
    container.upload_blob("hot.bin", seeded_bytes(2000, 1))
    container.upload_blob("frozen.bin", seeded_bytes(2000, 2))
    container.get_blob_client("frozen.bin").set_standard_blob_tier("Archive")
    s3.create_bucket(Bucket="cold")
    result = drill(azurite, moto, "cold", "--all", "--evidence-out", tmp_path / "ev.json", container="cold")
    assert result.exit_code == 1
    ev = json.loads((tmp_path / "ev.json").read_text())
    assert ev["objects"] == {"listed": 2, "copied": 1, "skipped": 0, "verified": 1, "mismatched": 0, "failed": 1}
    assert ev["result"] == "failed"
    assert "failed: frozen.bin: blob is in the archive tier: rehydrate it" in result.stderr


# ---------------------------------------------------------------- sample, prefixes, connection string
def test_sample_copies_the_first_blobs_by_name_with_prefixes(azurite, moto, small, s3, monkeypatch, tmp_path):
    monkeypatch.delenv("AZURE_STORAGE_KEY", raising=False)
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", connection_string(azurite.url))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", S3_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", S3_SECRET)
    s3.create_bucket(Bucket="sample")
    args = ["drill", "--from", f"azure-blob://{DEV_ACCOUNT}/small/f1", "--to", "s3://sample/exit/test",
            "--endpoint-url", moto.url, "--sample", "3KB", "--evidence-out", str(tmp_path / "ev.json"), "--quiet"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output + result.stderr
    ev = json.loads((tmp_path / "ev.json").read_text())
    assert ev["objects"]["listed"] == 10 and ev["objects"]["copied"] == 2  # f10 (2000 B) + f11 (2100 B) >= 3 KB
    assert ev["source"] == {"kind": "azure-blob", "account": DEV_ACCOUNT, "container": "small", "prefix": "f1",
                            "endpoint": azurite.url}
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="sample")["Contents"]]
    assert keys == ["exit/test/0.bin", "exit/test/1.bin"]
    secrets_absent(result.output, result.stderr, (tmp_path / "ev.json").read_text())
    assert "MiB/s" not in result.stderr  # --quiet: no progress bar


# ---------------------------------------------------------------- clear errors, exit 2, nothing written
def test_wrong_azure_key_is_one_clear_line(azurite, moto, small, creds, monkeypatch, tmp_path):
    wrong = base64.b64encode(b"not the key of this account, 64 bytes long..................").decode()
    monkeypatch.setenv("AZURE_STORAGE_KEY", wrong)
    result = drill(azurite, moto, "anything", "--all", "--evidence-out", tmp_path / "ev.json")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert f"{azurite.url}/estate" in line and "refused the credentials" in line and "AZURE_STORAGE_KEY" in line
    assert wrong not in result.output + result.stderr
    assert not (tmp_path / "ev.json").exists()


def test_unreachable_s3_endpoint_is_one_clear_line(azurite, small, creds, tmp_path):
    closed = f"http://127.0.0.1:{free_port()}"
    args = ["drill", "--from", f"azure-blob://{DEV_ACCOUNT}/small", "--to", "s3://bucket", "--endpoint-url", closed,
            "--blob-endpoint", azurite.url, "--all", "--evidence-out", str(tmp_path / "ev.json")]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 2
    assert closed in result.stderr and "unreachable" in result.stderr and "--endpoint-url" in result.stderr
    assert not (tmp_path / "ev.json").exists()


def test_missing_bucket_names_the_fix(azurite, moto, small, creds):
    result = drill(azurite, moto, "no-such-bucket", "--all", container="small")
    assert result.exit_code == 2
    assert "bucket not found" in result.stderr and "--create" in result.stderr


@pytest.mark.parametrize("args,message", [
    (["--from", "https://acct.blob.core.windows.net/c", "--to", "s3://b"], "is not a azure-blob:// URI"),
    (["--from", "azure-blob://Bad_Account/c", "--to", "s3://b"], "storage account name"),
    (["--from", "azure-blob://acct", "--to", "s3://b"], "names no container"),
    (["--from", "azure-blob://acct/cont1", "--to", "b"], "is not a s3:// URI"),
    (["--from", "azure-blob://acct/cont1", "--to", "s3://B!"], "bucket name"),
    (["--from", "azure-blob://acct/cont1", "--to", "s3://bkt", "--endpoint-url", "http://x", "--sample", "lots"], "not a size"),
    (["--from", "azure-blob://acct/cont1", "--to", "s3://bkt", "--endpoint-url", "http://x", "--part-size", "1MB"], "at least 5 MiB"),
    (["--from", "azure-blob://acct/cont1", "--to", "s3://bkt"], "no S3 endpoint given"),
    (["--from", "azure-blob://acct/cont1", "--to", "s3://bkt", "--provider", "ovhcloud", "--region", "mars"], "no S3 endpoint catalogued for ovhcloud in 'mars'"),
    (["--from", "azure-blob://acct/cont1", "--to", "s3://bkt", "--endpoint-url", "http://x", "--plan", "/nonexistent/plan.json"], "no such file"),
])
def test_bad_input_exits_2_before_touching_anything(args, message):
    result = CliRunner().invoke(cli, ["drill", *args], catch_exceptions=False)
    assert result.exit_code == 2, result.output + result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_refused_s3_credentials_are_one_clear_line(azurite, small, creds, tmp_path):
    strict = start_moto(env={"INITIAL_NO_AUTH_ACTION_COUNT": "0"})  # checks access keys against its IAM
    try:
        args = ["drill", "--from", f"azure-blob://{DEV_ACCOUNT}/small", "--to", "s3://bucket", "--endpoint-url",
                strict.url, "--blob-endpoint", azurite.url, "--all", "--evidence-out", str(tmp_path / "ev.json")]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        strict.stop()
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert f"{strict.url} bucket bucket: the S3 endpoint refused the credentials" in line and "AWS_ACCESS_KEY_ID" in line
    secrets_absent(result.output, result.stderr)
    assert not (tmp_path / "ev.json").exists()
