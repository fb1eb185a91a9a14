"""Read export files: decode (UTF-8, UTF-16 with BOM), detect the format, dispatch to an adapter."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import MigrateError

FORMATS = ("auto", "az-resource-list", "resource-graph-json", "resource-graph-csv", "arm-template", "inventory",
           "terraform-state", "terraform-show-json", "terraform-plan-json")


@dataclass
class Loaded:
    """A decoded input file: its text, and its JSON document when it is JSON."""

    path: str
    text: str
    document: Any = None
    is_json: bool = False
    warnings: list[str] = field(default_factory=list)


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing, empty or directory path is a one-line error."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MigrateError(str(path), "file not found", fix="check the path") from None
    except IsADirectoryError:
        raise MigrateError(str(path), "is a directory, expected a file", fix="name the export file itself") from None
    if not raw or raw.isspace():  # (strip() would copy a large file)
        raise MigrateError(str(path), "file is empty", fix="re-run the export; it wrote nothing")
    return raw


def _encoding(raw: bytes) -> str:
    # PowerShell's `>` writes UTF-16LE with a BOM; az CLI and the portal write UTF-8 (sometimes with BOM).
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    if len(raw) > 3 and raw[1:4:2] == b"\x00\x00" and raw[0] != 0:
        return "utf-16-le"
    return "utf-8-sig"


def decode_text(path: Path, raw: bytes) -> str:
    encoding = _encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise MigrateError(str(path), f"not valid {encoding.upper()} text (byte {exc.start})",
                           fix="save the export as UTF-8") from None
    return text.replace("\r\n", "\n")


def read_text(path: Path) -> str:
    return decode_text(path, read_bytes(path))


def utf8_bytes(path: Path, raw: bytes) -> bytes:
    """The file as UTF-8 without a byte order mark (UTF-16 is transcoded), for the columnar reader.

    UTF-8 is checked by the JSON decoder as it reads; a file that fails there is re-read by
    :func:`decode_text`, which names the offending byte.
    """
    encoding = _encoding(raw)
    if encoding == "utf-8-sig":
        return raw[3:] if raw[:3] == b"\xef\xbb\xbf" else raw
    return decode_text(path, raw).encode("utf-8")


def load(path: Path, raw: bytes | None = None) -> Loaded:
    text = decode_text(path, raw) if raw is not None else read_text(path)
    stripped = text.lstrip()
    if stripped[:1] in "[{":
        try:
            return Loaded(str(path), text, json.loads(text), True)
        except json.JSONDecodeError as exc:
            raise MigrateError(str(path), f"malformed JSON: {exc.msg}", place=f"line {exc.lineno} column {exc.colno}",
                               fix="re-export the file; it may be truncated") from None
    return Loaded(str(path), text)


def _looks_like_template(doc: Any) -> bool:
    if not isinstance(doc, dict):
        return False
    schema = str(doc.get("$schema", "")).lower()
    return "deploymenttemplate" in schema or ("resources" in doc and "contentVersion" in doc)


def detect(loaded: Loaded) -> str:
    """Name the format of a decoded file, or raise a MigrateError saying what was expected."""
    doc = loaded.document
    if not loaded.is_json:
        return "resource-graph-csv"  # the only text format; its adapter checks the header
    if isinstance(doc, dict):
        if doc.get("format") == "migrate-inventory":
            return "inventory"
        from .terraform import detect as terraform_format

        tf = terraform_format(doc)
        if tf is not None:
            return tf
        if _looks_like_template(doc):
            return "arm-template"
        if isinstance(doc.get("data"), list):
            return "resource-graph-json"
        if isinstance(doc.get("value"), list):
            return "az-resource-list"  # a raw ARM REST page: same objects as az resource list
        if "deploymentparameters" in str(doc.get("$schema", "")).lower():
            raise MigrateError(loaded.path, "this is an ARM parameters file, not a template",
                               fix="pass the template; its parameter defaults are used")
    elif isinstance(doc, list):
        if not doc:
            return "az-resource-list"
        first = doc[0]
        if isinstance(first, dict):
            keys = {k.lower() for k in first}
            if "subscriptionid" in keys or "tenantid" in keys:
                return "resource-graph-json"
            if "id" in keys or "type" in keys:
                return "az-resource-list"
    raise MigrateError(loaded.path, "unknown input format",
                       fix="give `az resource list -o json`, `az graph query` JSON or CSV, an ARM template, "
                           "a Terraform state or `terraform show -json` output, or a migrate inventory; "
                           "or name it with --input-format")


def csv_rows(loaded: Loaded) -> list[dict[str, str]]:
    try:
        sample = loaded.text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.count("\n") else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(loaded.text), dialect=dialect)
    try:
        return list(reader)
    except csv.Error as exc:
        raise MigrateError(loaded.path, f"malformed CSV: {exc}", place=f"line {reader.line_num}",
                           fix="re-download the CSV") from None
