"""`migrate target check` against moto's S3 server on loopback, and the catalogued S3 endpoints."""

from __future__ import annotations

import json
import os

import boto3
import pytest
from click.testing import CliRunner

from drill_servers import free_port, start_moto
from migrate.catalog.load import load_catalog
from migrate.cli import cli
from migrate.drill.endpoints import resolve
from migrate.errors import MigrateError

SECRET = "pl4nted-target-check-secret-9f2"


@pytest.fixture(scope="module")
def strict_moto():
    """moto checking every request's access key against its IAM: an unknown key is refused with 403."""
    server = start_moto(env={"INITIAL_NO_AUTH_ACTION_COUNT": "0"})
    yield server
    server.stop()


@pytest.fixture
def creds(monkeypatch):
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIATARGETCHECK00001")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)


def check(*args):
    return CliRunner().invoke(cli, ["target", "check", *map(str, args)], catch_exceptions=False)


def test_every_check_passes_on_a_working_bucket(moto, creds):
    boto3.client("s3", endpoint_url=moto.url, region_name="us-east-1").create_bucket(Bucket="ready")
    result = check("s3://ready/exit", "--endpoint-url", moto.url, "--format", "json")
    assert result.exit_code == 0, result.output + result.stderr
    doc = json.loads(result.output)
    status = {r["check"]: r["status"] for r in doc["checks"]}
    assert status == {"credentials": "ok", "bucket": "ok", "multipart": "ok", "versioning": "info", "object lock": "info",
                      "write": "ok", "read": "ok", "delete": "ok"}
    details = {r["check"]: r["detail"] for r in doc["checks"]}
    assert details["versioning"].startswith("supported") and details["object lock"].startswith("supported")
    assert doc["target"]["endpoint_url"] == moto.url and doc["target"]["bucket"] == "ready"
    # The probes are gone: the round trip leaves the bucket as it found it.
    s3 = boto3.client("s3", endpoint_url=moto.url, region_name="us-east-1")
    assert "Contents" not in s3.list_objects_v2(Bucket="ready")
    assert "Uploads" not in s3.list_multipart_uploads(Bucket="ready")
    assert SECRET not in result.output + result.stderr


def test_versioning_status_is_reported(moto, creds):
    s3 = boto3.client("s3", endpoint_url=moto.url, region_name="us-east-1")
    s3.create_bucket(Bucket="versioned")
    s3.put_bucket_versioning(Bucket="versioned", VersioningConfiguration={"Status": "Enabled"})
    result = check("s3://versioned", "--endpoint-url", moto.url)
    assert result.exit_code == 0
    assert "supported, enabled on this bucket" in result.output


def test_missing_bucket_fails_and_create_creates_it(moto, creds):
    missing = check("s3://not-yet", "--endpoint-url", moto.url)
    assert missing.exit_code == 1
    assert "FAIL" in missing.output and "not found (fix: create it, or add --create)" in missing.output
    created = check("s3://not-yet", "--endpoint-url", moto.url, "--create", "--region", "eu-west-3")
    assert created.exit_code == 0, created.output
    assert "not-yet created" in created.output
    s3 = boto3.client("s3", endpoint_url=moto.url, region_name="eu-west-3")
    assert s3.get_bucket_location(Bucket="not-yet")["LocationConstraint"] == "eu-west-3"


def test_refused_credentials_fail_with_the_fix_and_no_secret(strict_moto, creds):
    result = check("s3://anything", "--endpoint-url", strict_moto.url)
    assert result.exit_code == 1
    assert "refused the credentials" in result.output and "AWS_ACCESS_KEY_ID" in result.output
    assert SECRET not in result.output + result.stderr


def test_unreachable_endpoint_fails_naming_it(creds):
    closed = f"http://127.0.0.1:{free_port()}"
    result = check("s3://anything", "--endpoint-url", closed)
    assert result.exit_code == 1
    assert f"{closed}: S3 endpoint unreachable" in result.output


@pytest.mark.parametrize("args,message", [
    (["s3://ok-bucket"], "no S3 endpoint given"),
    (["s3://ok-bucket", "--provider", "nowhere"], "unknown provider 'nowhere'"),
    (["s3://ok-bucket", "--provider", "cloudtemple"], "no S3 endpoint catalogued for cloudtemple"),
    (["s3://ok-bucket", "--provider", "ovhcloud"], "add --region, one of de, eu-south-mil, eu-west-par, gra, rbx, sbg, uk, waw"),
    (["s3://ok-bucket", "--provider", "ovhcloud", "--region", "bhs"], "no S3 endpoint catalogued for ovhcloud in 'bhs'"),
    (["s3://ok-bucket", "--endpoint-url", "ftp://x"], "is not an http(s) URL"),
    (["ok-bucket", "--endpoint-url", "http://x"], "is not a s3:// URI"),
])
def test_bad_input_exits_2(args, message, creds):
    result = check(*args)
    assert result.exit_code == 2, result.output + result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- catalogued endpoints
def test_provider_and_region_resolve_to_the_catalogued_endpoint():
    catalog = load_catalog()
    ovh = resolve(catalog, None, "ovhcloud", "gra")
    assert (ovh.endpoint_url, ovh.region, ovh.provider) == ("https://s3.gra.io.cloud.ovh.net", "gra", "ovhcloud")
    assert "unverified" not in ovh.note
    ionos = resolve(catalog, None, "ionos", "de-fra")
    assert (ionos.endpoint_url, ionos.region) == ("https://s3.eu-central-1.ionoscloud.com", "de")
    # read in the provider's own Terraform documentation: the note names that source and its date
    assert "terraform-provider-ionoscloud" in ionos.note and "2026-06-30" in ionos.note
    assert "unverified" not in ionos.note
    explicit = resolve(catalog, "http://127.0.0.1:9000/", None, "eu-west-1")
    assert (explicit.endpoint_url, explicit.region, explicit.provider) == ("http://127.0.0.1:9000", "eu-west-1", None)


def test_every_catalogued_endpoint_is_sourced_dated_and_https():
    catalog = load_catalog()
    endpoints = [(p.id, e) for p in catalog.providers.values() for e in p.object_storage]
    assert {pid for pid, _ in endpoints} >= {"ovhcloud", "scaleway", "outscale", "ionos", "stackit", "otc"}
    for pid, e in endpoints:
        assert e.source.startswith("https://") and len(e.as_of) == 10, (pid, e.region)
        assert e.endpoint.startswith("https://") and "?" not in e.endpoint


def test_a_duplicate_endpoint_region_is_a_catalogue_error(tmp_path):
    from migrate.bundled import catalog_dir

    text = (catalog_dir() / "scaleway.yaml").read_text()
    doubled = text.replace("  object_storage:\n", "  object_storage:\n  - region: fr-par\n    endpoint: https://s3.fr-par.scw.cloud\n"
                           "    source: https://example.org\n    as_of: '2026-01-01'\n", 1)
    (tmp_path / "scaleway.yaml").write_text(doubled)
    with pytest.raises(MigrateError, match=r"two object storage endpoints for region 'fr-par'"):
        load_catalog(tmp_path)
