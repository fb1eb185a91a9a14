"""Run a drill: list, copy in parallel with bounded workers, verify every object, and build the evidence.

Works through the two adapters (``BlobSource``, ``S3Target``); progress is an observer, so the
command line decides whether and how to show it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Protocol

from . import plan
from .plan import Outcome, SourceObject
from .secrets import scrub
from .uris import target_key


class Progress(Protocol):
    def start(self, objects: int, size: int) -> None: ...
    def add_bytes(self, n: int) -> None: ...
    def object_done(self, outcome: Outcome) -> None: ...
    def finish(self) -> None: ...


class NoProgress:
    def start(self, objects, size): pass
    def add_bytes(self, n): pass
    def object_done(self, outcome): pass
    def finish(self): pass


@dataclass
class DrillResult:
    listed: list[SourceObject]
    selected: list[SourceObject]
    outcomes: list[Outcome]
    started_at: str
    finished_at: str
    duration_seconds: float
    throughput: dict
    failures: list[Outcome] = field(default_factory=list)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class _Copier:
    def __init__(self, source, target, verify_existing: bool, progress: Progress, existing: dict[str, int]):
        self.source, self.target, self.verify_existing, self.progress = source, target, verify_existing, progress
        self.existing = existing  # key -> size already in the target: only those need a HEAD
        self.intervals: list[tuple[float, float]] = []
        self.lock = threading.Lock()
        self.secrets = list(getattr(source, "secrets", [])) + list(getattr(target, "secrets", []))

    def key(self, src: SourceObject) -> str:
        return target_key(src.name, self.source.location.prefix, self.target.location.prefix)

    def one(self, src: SourceObject) -> Outcome:
        try:
            return self._one(src)
        except Exception as exc:  # noqa: BLE001 - one object failing must not stop the drill; it is counted
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return Outcome(src.name, src.size, "failed", error=scrub(f"{type(exc).__name__}: {text}", self.secrets))

    def _one(self, src: SourceObject) -> Outcome:
        key = self.key(src)
        existing = self.target.head(key) if self.existing.get(key) == src.size else None
        if plan.is_current(src, existing):
            if not self.verify_existing:
                return Outcome(src.name, src.size, "skipped")
            actual, _ = self.target.read_md5(key)
            return Outcome(src.name, src.size, "skipped", verified=actual == existing.md5, expected=existing.md5,
                           actual=actual)
        if src.archived:
            return Outcome(src.name, src.size, "failed",
                           error="blob is in the archive tier: rehydrate it (hot or cool) before the drill, or drill another prefix")
        began = time.monotonic()
        reader = self.source.open(src, self.progress.add_bytes)
        self.target.upload(key, reader, plan.target_metadata(src))
        with self.lock:
            self.intervals.append((began, time.monotonic()))
        computed = reader.md5
        if reader.size != src.size:
            return Outcome(src.name, src.size, "failed", error=f"read {reader.size} bytes, listed {src.size}")
        if src.md5 and computed != src.md5:
            # The bytes read from Azure are not the bytes Azure vouched for: the source is the suspect.
            return Outcome(src.name, src.size, "copied", expected=src.md5, actual=computed)
        actual, _ = self.target.read_md5(key)
        if actual != computed:
            return Outcome(src.name, src.size, "copied", expected=computed, actual=actual)
        if not src.md5:
            self.target.set_metadata(key, {**plan.target_metadata(src), plan.META_MD5: computed})
        return Outcome(src.name, src.size, "copied", verified=True, expected=computed, actual=actual)


def run_drill(source, target, *, sample_bytes: int | None, workers: int, verify_existing: bool = True,
              progress: Progress | None = None) -> DrillResult:
    """Copy the selected objects with at most ``workers`` in flight; every object ends copied, skipped or failed."""
    progress = progress or NoProgress()
    started, t0 = _now(), time.monotonic()
    listed = source.list()
    target.open_bucket()
    selected = plan.select(listed, sample_bytes)
    copier = _Copier(source, target, verify_existing, progress, target.sizes())
    progress.start(len(selected), sum(o.size for o in selected))
    outcomes: list[Outcome] = []
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="drill")
    try:
        futures = [pool.submit(copier.one, src) for src in selected]
        for fut in as_completed(futures):
            outcome = fut.result()
            outcomes.append(outcome)
            progress.object_done(outcome)
    except KeyboardInterrupt:
        # Drop what has not started; objects in flight finish (an unfinished multipart upload stays invisible).
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        progress.finish()
    outcomes.sort(key=lambda o: o.name)
    copied_bytes = sum(o.size for o in outcomes if o.action == "copied")
    measured = plan.throughput(copied_bytes, plan.busy_seconds(copier.intervals))
    return DrillResult(listed, selected, outcomes, started, _now(), time.monotonic() - t0, measured,
                       [o for o in outcomes if o.action == "failed"])
