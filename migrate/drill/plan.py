"""Pure drill logic: what to copy, when an existing copy counts, what the evidence says, what it extrapolates to.

Integrity, in one place (also written into the evidence): every object is hashed with MD5 *in flight*
while it is read from Azure. When Azure holds a Content-MD5 for the blob (set by the writer or computed
by the service for single-shot uploads), the in-flight hash must equal it: that proves the bytes read
are the bytes Azure stored. After the upload the object is read back from the target and hashed again;
that hash must equal the source hash: that proves the target stores exactly those bytes, whatever the
multipart layout or ETag convention of the provider (an ETag is not an MD5 for multipart uploads or
encrypted objects, so it is not used as proof). The verified MD5 is stored as object metadata
(``migrate-md5``) with the source blob's ETag (``migrate-source-etag``); a later run skips an object
whose size, source ETag and MD5 still match, and by default reads it back again to prove it is intact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..units import BYTES_PER_GB, SECONDS_PER_DAY

META_MD5 = "migrate-md5"
META_SOURCE_ETAG = "migrate-source-etag"

INTEGRITY = {
    "method": "md5",
    "description": (
        "MD5 of every object computed in flight on the Azure download stream and compared with the blob's "
        "Content-MD5 when Azure stores one; the object is then read back from the target and its MD5 compared "
        "with the source MD5 (ETags are not trusted: multipart and encrypted ETags are not content hashes). "
        "Objects skipped because a verified copy exists (same size, source ETag and recorded MD5) are read back "
        "and compared with the recorded MD5 unless the drill ran with --trust-existing."),
}


@dataclass(frozen=True)
class SourceObject:
    name: str
    size: int
    etag: str
    md5: str | None  # hex Content-MD5 stored by Azure, None when the blob has none
    archived: bool = False  # archive access tier: unreadable until rehydrated


@dataclass(frozen=True)
class TargetObject:
    key: str
    size: int
    metadata: dict = field(default_factory=dict, hash=False)

    @property
    def md5(self) -> str | None:
        return self.metadata.get(META_MD5)


@dataclass(frozen=True)
class Outcome:
    """What happened to one object. ``expected``/``actual`` are hex MD5s when a comparison was made."""

    name: str
    size: int
    action: str  # copied | skipped | failed
    verified: bool = False
    expected: str | None = None
    actual: str | None = None
    error: str | None = None

    @property
    def mismatched(self) -> bool:
        return self.expected is not None and self.actual is not None and self.expected != self.actual


def select(objects: list[SourceObject], sample_bytes: int | None) -> list[SourceObject]:
    """Objects to copy, by name; with a sample size, the first ones by name until the size is reached.

    Taking them by name keeps the sample deterministic, so a re-run resumes the same sample.
    """
    ordered = sorted(objects, key=lambda o: o.name)
    if sample_bytes is None:
        return ordered
    chosen, total = [], 0
    for obj in ordered:
        if total >= sample_bytes:
            break
        chosen.append(obj)
        total += obj.size
    return chosen


def target_metadata(src: SourceObject) -> dict:
    """Metadata written with the copy. The MD5 is recorded up front only when Azure vouches for it."""
    meta = {META_SOURCE_ETAG: src.etag}
    if src.md5:
        meta[META_MD5] = src.md5
    return meta


def is_current(src: SourceObject, tgt: TargetObject | None) -> bool:
    """True when ``tgt`` is a complete copy of the source as it is now (skip it).

    An object without a recorded MD5 was never verified (the run stopped before), so it is copied again.
    """
    if tgt is None or tgt.size != src.size or not tgt.md5:
        return False
    if tgt.metadata.get(META_SOURCE_ETAG) != src.etag:
        return False
    return src.md5 is None or src.md5 == tgt.md5


def busy_seconds(intervals: list[tuple[float, float]]) -> float:
    """Length of the union of (start, end) intervals: the time at least one transfer was in flight."""
    total, end = 0.0, -math.inf
    for s, e in sorted(intervals):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total


def throughput(measured_bytes: int, measured_seconds: float) -> dict:
    """Throughput of the copies of this run; null rates when nothing was copied (nothing was measured)."""
    if measured_bytes <= 0 or measured_seconds <= 0:
        return {"bytes_per_second": None, "megabits_per_second": None, "measured_bytes": measured_bytes,
                "measured_seconds": round(measured_seconds, 3)}
    bps = measured_bytes / measured_seconds
    return {"bytes_per_second": round(bps, 1), "megabits_per_second": round(bps * 8 / 1e6, 3),
            "measured_bytes": measured_bytes, "measured_seconds": round(measured_seconds, 3)}


def plan_data_gb(plan_doc: dict) -> tuple[float, int]:
    """Data volume of a plan.json: sizing.storage_gb of its data-bearing resources, and how many have no size."""
    total, unknown = 0.0, 0
    for res in plan_doc.get("resources") or []:
        if not res.get("data_bearing"):
            continue
        gb = (res.get("sizing") or {}).get("storage_gb")
        if gb is None or (isinstance(gb, float) and math.isnan(gb)):
            unknown += 1
        else:
            total += float(gb)
    return total, unknown


def extrapolate(data_gb: float, bytes_per_second: float | None, plan_file: str) -> dict:
    """Days to move ``data_gb`` (GB = 10^9 bytes) at the measured rate, copying around the clock."""
    days = None
    if bytes_per_second:
        days = round(data_gb * BYTES_PER_GB / bytes_per_second / SECONDS_PER_DAY, 3)
    return {"data_gb": round(data_gb, 3), "days": days, "plan": plan_file}


def counts(listed: list[SourceObject], outcomes: list[Outcome]) -> tuple[dict, dict]:
    objects = {"listed": len(listed), "copied": 0, "skipped": 0, "verified": 0, "mismatched": 0, "failed": 0}
    sizes = {"listed": sum(o.size for o in listed), "copied": 0, "skipped": 0}
    for o in outcomes:
        if o.action in ("copied", "skipped"):
            objects[o.action] += 1
            sizes[o.action] += o.size
        else:
            objects["failed"] += 1
        objects["verified"] += int(o.verified)
        objects["mismatched"] += int(o.mismatched)
    return objects, sizes


def evidence(*, version: str, started_at: str, finished_at: str, duration_seconds: float, source: dict, target: dict,
             listed: list[SourceObject], outcomes: list[Outcome], measured: dict, extrapolation: dict | None) -> dict:
    """The drill evidence document (its format is migrate/drill/evidence.schema.json, also read by the audit and the transfer estimate)."""
    objects, sizes = counts(listed, outcomes)
    mismatches = sorted(({"name": o.name, "expected": o.expected, "actual": o.actual} for o in outcomes if o.mismatched),
                        key=lambda m: m["name"])
    passed = objects["mismatched"] == 0 and objects["failed"] == 0
    return {
        "format": "migrate-drill-evidence", "schema_version": 1, "tool": {"name": "migrate", "version": version},
        "started_at": started_at, "finished_at": finished_at, "duration_seconds": round(duration_seconds, 3),
        "source": source, "target": target, "objects": objects, "bytes": sizes, "integrity": dict(INTEGRITY),
        "mismatches": mismatches, "throughput": measured, "extrapolation": extrapolation,
        "result": "passed" if passed else "failed",
    }
