"""Azure Resource Graph results: `az graph query` JSON (``{"data": [...]}`` or a plain list)
and the CSV that the portal's Resource Graph Explorer downloads (objects as JSON text)."""

from __future__ import annotations

from ...errors import MigrateError
from .files import Loaded, csv_rows
from .records import frame_from_arm_objects, maybe_json, record_from_arm_object

JSON_FORMAT = "resource-graph-json"
CSV_FORMAT = "resource-graph-csv"

# Header spellings seen in downloads and hand-made projections -> Resource Graph column.
_CSV_ALIASES = {
    "id": "id", "resourceid": "id",
    "name": "name", "type": "type", "location": "location", "kind": "kind",
    "resourcegroup": "resourceGroup", "subscriptionid": "subscriptionId", "subscription": "subscriptionId",
    "sku": "sku", "tags": "tags", "properties": "properties", "tenantid": "tenantId",
}


def read_json(loaded: Loaded):
    doc = loaded.document
    rows = doc["data"] if isinstance(doc, dict) else doc
    if isinstance(doc, dict) and doc.get("skip_token"):
        # A first page only: say so rather than pass a partial estate off as whole.
        loaded.warnings.append(f"{loaded.path}: result has a skip_token, so it is one page of a longer result; "
                               "re-run `az graph query` with --skip-token until none is returned")
    return frame_from_arm_objects(rows, source_file=loaded.path, source_format=JSON_FORMAT)


def read_csv(loaded: Loaded) -> list[dict]:
    rows = csv_rows(loaded)
    if not rows:
        raise MigrateError(loaded.path, "CSV has a header but no rows", fix="re-run the query; it returned nothing")
    header = list(rows[0].keys())
    mapping = {h: _CSV_ALIASES.get(h.strip().lower().replace(" ", "").replace("_", "")) for h in header if h}
    present = {v for v in mapping.values() if v}
    for needed in ("id", "type"):
        if needed not in present:
            raise MigrateError(loaded.path, f"CSV has no `{needed}` column (columns: {', '.join(h for h in header if h)})",
                               place="header", fix=f"add `{needed}` to the query's `project` clause and download again")
    records = []
    for i, row in enumerate(rows):
        obj = {mapping[k]: maybe_json(v) for k, v in row.items() if k in mapping and mapping[k]}
        records.append(record_from_arm_object(obj, source_file=loaded.path, source_format=CSV_FORMAT, index=i + 2,
                                              place="line"))
    return records
