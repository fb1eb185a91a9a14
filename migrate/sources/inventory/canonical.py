"""The canonical inventory file written by `migrate inventory import` and read back by `migrate plan`."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ... import __version__
from ...encoded import EncodedObject
from ...errors import MigrateError
from ...inventory import COLUMNS, empty_inventory, fill_vm_dimensions, iac_values
from .files import Loaded

FORMAT = "inventory"
FILE_FORMAT = "migrate-inventory"
SCHEMA_VERSION = 1


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value) is EncodedObject:
        return value.decode()
    return value


def to_document(df: pd.DataFrame, scope: dict) -> dict:
    """The JSON document of an inventory; ``scope`` says what was read and what failed."""
    records = [{c: _clean(v) for c, v in zip(COLUMNS, row)} for row in df[COLUMNS].itertuples(index=False, name=None)]
    return {
        "format": FILE_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "generator": f"migrate {__version__}",
        "scope": scope,
        "resources": records,
    }


def read(loaded: Loaded, vm_sizes: pd.DataFrame | None) -> tuple[pd.DataFrame, dict]:
    doc = loaded.document
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise MigrateError(loaded.path, f"inventory schema_version {doc.get('schema_version')!r} is not supported",
                           place="schema_version", fix="re-import the original export with this version of migrate")
    resources = doc.get("resources")
    if not isinstance(resources, list):
        raise MigrateError(loaded.path, "inventory has no `resources` list", place="resources",
                           fix="re-import the original export")
    for i, r in enumerate(resources):
        if not isinstance(r, dict) or not r.get("id") or not r.get("type"):
            raise MigrateError(loaded.path, "resource without id or type", place=f"resources[{i}]",
                               fix="re-import the original export")
    if not resources:
        return empty_inventory(), doc.get("scope") or {}
    return finish(pd.DataFrame.from_records(resources, columns=COLUMNS), vm_sizes), doc.get("scope") or {}


def finish(df: pd.DataFrame, vm_sizes: pd.DataFrame | None) -> pd.DataFrame:
    """The inventory of a canonical file's rows (read by either reader): types lower-cased, VM sizes joined."""
    df["type"] = df["type"].str.lower()
    # A column that is null in every row comes back as float; make it text before filling it.
    df["source_format"] = df["source_format"].astype(object).fillna(FORMAT)
    df["iac"] = iac_values(df["iac"])  # inventories written before the column read as "no evidence"
    return fill_vm_dimensions(df, vm_sizes)
