"""Parse drill locations (azure-blob://, s3://) and byte sizes given on the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import MigrateError

_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9, "t": 10**12,
          "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
# Azure account names: 3-24 lower-case letters and digits; containers: 3-63 of [a-z0-9-] (Azurite uses the same rules).
_ACCOUNT = re.compile(r"^[a-z0-9]{3,24}$")
_CONTAINER = re.compile(r"^(\$root|[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62})$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")


@dataclass(frozen=True)
class BlobLocation:
    account: str
    container: str
    prefix: str


@dataclass(frozen=True)
class S3Location:
    bucket: str
    prefix: str


def _split(uri: str, scheme: str, option: str, example: str) -> tuple[str, list[str]]:
    if not uri.startswith(scheme):
        raise MigrateError(option, f"{uri!r} is not a {scheme} URI", fix=f"write it as {example}")
    rest = uri[len(scheme):]
    head, _, tail = rest.partition("/")
    return head, [p for p in tail.split("/")] if tail else []


def parse_blob_uri(uri: str) -> BlobLocation:
    """``azure-blob://ACCOUNT/CONTAINER[/PREFIX]``; the prefix keeps its trailing slash if given."""
    example = "azure-blob://ACCOUNT/CONTAINER[/PREFIX]"
    account, parts = _split(uri, "azure-blob://", "--from", example)
    if not _ACCOUNT.match(account):
        raise MigrateError("--from", f"storage account name {account!r} is not valid",
                           fix="use the account name (3-24 lower-case letters and digits), e.g. " + example)
    if not parts or not parts[0]:
        raise MigrateError("--from", f"{uri!r} names no container", fix=f"write it as {example}")
    if not _CONTAINER.match(parts[0]):
        raise MigrateError("--from", f"container name {parts[0]!r} is not valid",
                           fix="use 3-63 lower-case letters, digits and single hyphens")
    return BlobLocation(account, parts[0], "/".join(parts[1:]))


def parse_s3_uri(uri: str, option: str = "--to") -> S3Location:
    """``s3://BUCKET[/PREFIX]``."""
    example = "s3://BUCKET[/PREFIX]"
    bucket, parts = _split(uri, "s3://", option, example)
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise MigrateError(option, f"bucket name {bucket!r} is not valid",
                           fix="use 3-63 lower-case letters, digits, dots and hyphens, e.g. " + example)
    return S3Location(bucket, "/".join(parts))


def parse_size(text: str, option: str = "--sample") -> int:
    """``500MB``, ``2GiB``, ``1048576``: decimal units (MB = 10^6 bytes) and binary ones (MiB = 2^20)."""
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*", str(text))
    unit = m.group(2).lower() if m else None
    if not m or unit not in _UNITS:
        raise MigrateError(option, f"{text!r} is not a size", fix="give bytes with an optional unit: 500MB, 2GiB, 1TB")
    size = int(float(m.group(1)) * _UNITS[unit])
    if size <= 0:
        raise MigrateError(option, f"{text!r} is not a positive size", fix="give a size above zero, e.g. 1GB")
    return size


def target_key(source_name: str, source_prefix: str, target_prefix: str) -> str:
    """Target key of a blob: the blob name below the source prefix, placed below the target prefix."""
    rel = source_name
    if source_prefix and source_name.startswith(source_prefix):
        rel = source_name[len(source_prefix):].lstrip("/")
    return f"{target_prefix.rstrip('/')}/{rel}" if target_prefix else rel
