"""Commands of the exit drill: `migrate target check` and `migrate drill`."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

import click

from .. import __version__
from .options import catalog_option, load_catalog_options
from ..errors import MigrateError
from ..sources.saved.outputs import drill_evidence_errors, load_plan

_MIB = 1024 * 1024


def _endpoint_options(f):
    f = click.option("--region", default=None, help="Region (with --provider: a catalogued region; else the signing region).")(f)
    f = click.option("--provider", default=None, help="Take the S3 endpoint of this provider's --region from the catalogues.")(f)
    f = click.option("--endpoint-url", default=None, metavar="URL", help="S3 endpoint, e.g. https://s3.gra.io.cloud.ovh.net.")(f)
    f = click.option("--addressing-style", type=click.Choice(["path", "virtual"]), default="path", show_default=True,
                     help="Bucket in the path (works with most S3-compatible services) or in the host name.")(f)
    return catalog_option(f)


def _resolve(endpoint_url, provider, region, catalog_dir, only_own):
    from ..drill.endpoints import resolve

    catalog = load_catalog_options(catalog_dir, only_own) if provider and not endpoint_url else None
    if provider and endpoint_url:
        catalog = load_catalog_options(catalog_dir, only_own)
        if provider not in catalog.providers:
            raise MigrateError("--provider", f"unknown provider {provider!r}", fix=f"use one of {', '.join(sorted(catalog.providers))}")
    resolved = resolve(catalog, endpoint_url, provider, region)
    if resolved.note:
        click.echo(resolved.note, err=True)
    return resolved


# ---------------------------------------------------------------- target check
@click.group()
def target():
    """Check the S3-compatible storage a drill or migration will write to."""


@target.command("check")
@click.argument("uri", metavar="s3://BUCKET[/PREFIX]")
@_endpoint_options
@click.option("--create", is_flag=True, help="Create the bucket when it does not exist.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def target_check(uri, endpoint_url, provider, region, addressing_style, catalog_dir, only_own, create, fmt):
    """Credentials, bucket, versioning, object lock and a write/read/delete round trip on the target.

    Exit 0 when every check passes, 1 when one fails (the table says which and why), 2 on bad input.
    Credentials: the standard AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE).
    """
    from ..drill.uris import parse_s3_uri
    from ..targets.s3 import S3Target

    location = parse_s3_uri(uri, "URI")
    resolved = _resolve(endpoint_url, provider, region, catalog_dir, only_own)
    s3 = S3Target(location, resolved.endpoint_url, resolved.region, resolved.provider, addressing_style=addressing_style)
    rows = s3.check(create=create)
    if fmt == "json":
        click.echo(json.dumps({"target": s3.describe(), "checks": rows}, indent=2))
    else:
        from tabulate import tabulate

        click.echo(f"target: {s3.where}")
        click.echo(tabulate(rows, headers="keys", tablefmt="simple", disable_numparse=True))
    if any(r["status"] == "FAIL" for r in rows):
        raise SystemExit(1)


# ---------------------------------------------------------------- drill
class _Bar:
    """Progress on stderr: bytes, objects and rate; redrawn at most ten times a second from any worker."""

    def __init__(self, tty: bool):
        self.tty, self.lock = tty, threading.Lock()
        self.bytes = self.objects = self.total_objects = self.total_bytes = 0
        self.t0 = self.last = time.monotonic()

    def start(self, objects, size):
        self.total_objects, self.total_bytes = objects, size
        self.t0 = time.monotonic()

    def add_bytes(self, n):
        with self.lock:
            self.bytes += n
            self._draw()

    def object_done(self, outcome):
        with self.lock:
            self.objects += 1
            if outcome.action == "skipped":
                self.bytes += outcome.size
            self._draw()

    def _draw(self, final=False):
        now = time.monotonic()
        if not final and now - self.last < (0.1 if self.tty else 10):
            return
        self.last = now
        frac = min(1.0, self.bytes / self.total_bytes) if self.total_bytes else 1.0
        rate = self.bytes / max(now - self.t0, 1e-6) / _MIB
        bar = "#" * int(frac * 30) + "." * (30 - int(frac * 30))
        line = (f"[{bar}] {frac:4.0%} {self.bytes / _MIB:,.1f}/{self.total_bytes / _MIB:,.1f} MiB  "
                f"{self.objects}/{self.total_objects} objects  {rate:,.1f} MiB/s")
        click.echo(("\r" + line) if self.tty else line, err=True, nl=not self.tty)

    def finish(self):
        with self.lock:
            self._draw(final=True)
            if self.tty:
                click.echo("", err=True)


@click.command("drill")
@click.option("--from", "source_uri", required=True, metavar="azure-blob://ACCOUNT/CONTAINER[/PREFIX]",
              help="Blobs to copy.")
@click.option("--to", "target_uri", required=True, metavar="s3://BUCKET[/PREFIX]", help="Where to copy them.")
@_endpoint_options
@click.option("--blob-endpoint", default=None, metavar="URL",
              help="Blob service URL (default https://ACCOUNT.blob.core.windows.net; sovereign clouds, Azurite).")
@click.option("--sample", default="1GB", show_default=True, metavar="BYTES",
              help="Copy the first blobs by name up to this size (500MB, 2GiB, 1TB).")
@click.option("--all", "copy_all", is_flag=True, help="Copy every blob under the prefix (overrides --sample).")
@click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True, help="Objects copied in parallel.")
@click.option("--multipart-threshold", default="8MiB", show_default=True, help="Objects from this size go in parts.")
@click.option("--part-size", default="8MiB", show_default=True, help="Multipart part size (memory: about one part per worker).")
@click.option("--verify-existing/--trust-existing", default=True, show_default=True,
              help="Read back objects a previous run copied (skipped ones) and compare them with their recorded MD5.")
@click.option("--evidence-out", type=click.Path(path_type=Path), default=None, help="Write the evidence JSON here.")
@click.option("--plan", "plan_file", type=click.Path(path_type=Path), default=None,
              help="plan.json whose data volume the measured throughput is extrapolated to.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def drill(source_uri, target_uri, endpoint_url, provider, region, addressing_style, catalog_dir, only_own, blob_endpoint,
          sample, copy_all, workers, multipart_threshold, part_size, verify_existing, evidence_out, plan_file, quiet):
    """Copy blobs from Azure to S3-compatible storage, verify every object, measure throughput, keep evidence.

    Source credentials: AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN or
    DefaultAzureCredential; target credentials: the AWS chain. Objects already copied and verified by an
    earlier run (same size, source ETag and MD5) are skipped, so an interrupted drill resumes.
    Exit 0 when every object is verified, 1 on any mismatch or failed object, 2 on bad input.
    """
    from ..drill import plan as drill_plan
    from ..drill.run import run_drill
    from ..drill.uris import parse_blob_uri, parse_s3_uri, parse_size
    from ..report.files import write_atomic
    from ..sources.storage.azure_blob import BlobSource
    from ..targets.s3 import S3Target, TransferSettings

    source_loc, target_loc = parse_blob_uri(source_uri), parse_s3_uri(target_uri)
    sample_bytes = None if copy_all else parse_size(sample)
    transfer = TransferSettings(parse_size(multipart_threshold, "--multipart-threshold"), parse_size(part_size, "--part-size"))
    if transfer.multipart_chunksize < 5 * _MIB:
        raise MigrateError("--part-size", "parts must be at least 5 MiB (S3 minimum)", fix="give 5MiB or more")
    plan_doc = load_plan(plan_file, full_schema=False)[0] if plan_file else None  # reads sizing only
    resolved = _resolve(endpoint_url, provider, region, catalog_dir, only_own)
    source = BlobSource(source_loc, blob_endpoint)
    s3 = S3Target(target_loc, resolved.endpoint_url, resolved.region, resolved.provider, transfer, addressing_style)
    bar = None if quiet else _Bar(sys.stderr.isatty())
    try:
        result = run_drill(source, s3, sample_bytes=sample_bytes, workers=workers, verify_existing=verify_existing,
                           progress=bar)
    except KeyboardInterrupt:
        click.echo("\ninterrupted: no evidence written; verified copies are kept, run the same command again to "
                   "resume", err=True)
        raise SystemExit(130) from None
    extrapolation = None
    if plan_doc is not None:
        data_gb, unknown = drill_plan.plan_data_gb(plan_doc)
        extrapolation = drill_plan.extrapolate(data_gb, result.throughput["bytes_per_second"], str(plan_file))
        if unknown:
            click.echo(f"note: {unknown} data-bearing resource(s) of {plan_file} have no known size and are not in "
                       "the extrapolation", err=True)
    doc = drill_plan.evidence(version=__version__, started_at=result.started_at, finished_at=result.finished_at,
                              duration_seconds=result.duration_seconds, source=source.describe(), target=s3.describe(),
                              listed=result.listed, outcomes=result.outcomes, measured=result.throughput,
                              extrapolation=extrapolation)
    validate_evidence(doc)
    if evidence_out is not None:
        write_atomic(evidence_out, json.dumps(doc, indent=2, sort_keys=False) + "\n")
    click.echo(_summary(doc))
    for o in result.failures:
        click.echo(f"failed: {o.name}: {o.error}", err=True)
    for m in doc["mismatches"]:
        click.echo(f"MISMATCH: {m['name']}: expected MD5 {m['expected']}, got {m['actual']}", err=True)
    if evidence_out is not None:
        click.echo(f"evidence written to {evidence_out}", err=True)
    if doc["result"] != "passed":
        raise SystemExit(1)


def validate_evidence(doc: dict) -> None:
    """Refuse to write evidence that departs from its published format (a bug here, not bad input)."""
    errors = drill_evidence_errors(doc)
    if errors:
        raise AssertionError(f"drill evidence does not match its schema: {errors[0]}")


def _summary(doc: dict) -> str:
    from tabulate import tabulate

    o, b, t = doc["objects"], doc["bytes"], doc["throughput"]
    rows = [("objects listed / copied / skipped", f"{o['listed']} / {o['copied']} / {o['skipped']}"),
            ("verified / mismatched / failed", f"{o['verified']} / {o['mismatched']} / {o['failed']}"),
            ("bytes listed / copied / skipped", f"{b['listed']:,} / {b['copied']:,} / {b['skipped']:,}"),
            ("throughput", f"{t['megabits_per_second']:,.1f} Mbit/s ({t['measured_bytes']:,} bytes in "
                           f"{t['measured_seconds']} s of transfer)" if t["bytes_per_second"] else "not measured (nothing copied)"),
            ("duration", f"{doc['duration_seconds']} s")]
    if doc["extrapolation"]:
        x = doc["extrapolation"]
        rows.append(("extrapolated", f"{x['data_gb']:,.1f} GB of {x['plan']} in "
                                     f"{x['days']:,.2f} days at this rate" if x["days"] is not None else "no rate measured"))
    rows.append(("result", doc["result"].upper()))
    return tabulate(rows, tablefmt="plain", disable_numparse=True)


COMMANDS = [target, drill]
