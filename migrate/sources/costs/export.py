"""Read Azure cost exports out of core with DuckDB and bring back only aggregates.

Formats, detected from the header: FOCUS 1.0 / 1.1 / 1.2 (with or without Azure's ``x_`` columns),
and Cost Management's classic actual/amortised CSV (EA and MCA column sets). Files may be CSV,
CSV.gz or Parquet; a folder (partitioned scheduled export) or a glob is expanded to its files.

One SQL query per export groups every row by (file, month, resource, service, charge category,
currency, provider, publisher) with sums and the first and last charge day, and returns that small
table; every total the tool shows is computed from it in ``migrate.cost_baseline`` (pure pandas).
The export itself never sits in Python's memory.

With ``quantities=True`` the same scan also groups the consumed quantities by (file, month, resource,
charge category, currency, meter category, meter subcategory, meter name, unit): a second grouping set
of one ``GROUP BY GROUPING SETS``, so the file is still read once. See :data:`QUANTITY_COLUMNS`.
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...errors import MigrateError

SUFFIXES = (".csv", ".csv.gz", ".parquet")

# DuckDB limits: bounded memory (spills to disk beyond) and the machine's cores, both overridable.
DEFAULT_MEMORY_LIMIT = "1GB"

# FOCUS 1.0 mandatory columns the baseline reads (ResourceId is conditional: absent means no resource).
FOCUS_REQUIRED = ("BilledCost", "EffectiveCost", "BillingCurrency", "ChargePeriodStart", "ChargeCategory",
                  "ServiceName")
# Columns added by a version (FOCUS_Spec, columns introduced in 1.1 and 1.2).
FOCUS_11 = ("CapacityReservationId", "CapacityReservationStatus", "CommitmentDiscountQuantity",
            "CommitmentDiscountUnit", "ServiceSubcategory", "SkuMeter", "SkuPriceDetails")
FOCUS_12 = ("BillingAccountType", "SubAccountType", "PricingCurrency", "PricingCurrencyContractedUnitPrice",
            "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "InvoiceId")


@dataclass(frozen=True)
class ExportFile:
    """One input file and what its header says it is."""

    path: str
    kind: str            # csv | parquet
    format: str          # focus | ea | mca
    version: str | None  # FOCUS version, or None for classic exports
    columns: tuple[str, ...]


@dataclass
class Aggregate:
    """What one read brings back: the grouped rows and the description of the files."""

    rows: pd.DataFrame
    files: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    quantities: pd.DataFrame | None = None   # QUANTITY_COLUMNS, when asked for


# The consumed quantities, one row per (file, month, resource, charge category, currency, meter, unit):
QUANTITY_COLUMNS = {
    "file": "export file the rows came from",
    "month": "YYYY-MM of the charge period start (FOCUS ChargePeriodStart, classic Date)",
    "resource_id": "ARM id, lower-cased, no trailing slash (as in the cost rows); None for charges without one",
    "charge_category": "Usage, Purchase, Tax, Credit, Adjustment, Unused commitment (classic charge types mapped as "
                       "for the cost rows): usage-based pricing reads Usage",
    "currency": "billing currency of billed/effective",
    "meter_category": "FOCUS x_SkuMeterCategory, classic MeterCategory (None when the export lacks it)",
    "meter_subcategory": "FOCUS x_SkuMeterSubcategory, classic MeterSubCategory (None when absent)",
    "meter_name": "FOCUS x_SkuMeterName (else FOCUS 1.1+ SkuMeter), classic MeterName (None when absent)",
    "unit": "FOCUS ConsumedUnit, classic UnitOfMeasure (as written: '1 Hour', '10 GB/Month', 'Hours'...)",
    "quantity": "sum of FOCUS ConsumedQuantity / classic Quantity (None when no row had a value)",
    "rows": "export rows summed",
    "billed": "sum of the billed cost of those rows (classic: the one cost column)",
    "effective": "sum of the effective (amortised) cost of those rows (classic: the one cost column)",
    "first_day": "first charge day (YYYY-MM-DD)",
    "last_day": "last charge day (YYYY-MM-DD)",
}


# ------------------------------------------------------------------ finding files
def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files named, found under folders (recursively), or matched by globs; sorted, each once."""
    out: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if any(ch in str(raw) for ch in "*?["):
            matches = [Path(m) for m in glob.glob(str(raw), recursive=True)]
            found = [m for m in matches if m.is_file() and _is_export(m)]
            if not found:
                raise MigrateError(str(raw), "the pattern matches no .csv, .csv.gz or .parquet file",
                                   fix="check the glob (quote it so the shell does not expand it)")
            out.update(found)
        elif p.is_dir():
            found = [f for f in p.rglob("*") if f.is_file() and _is_export(f)]
            if not found:
                raise MigrateError(str(p), "folder holds no .csv, .csv.gz or .parquet file",
                                   fix="point at the export's folder (the one holding the partitions)")
            out.update(found)
        elif p.is_file():
            if not _is_export(p):
                raise MigrateError(str(p), "not a cost export file (expected .csv, .csv.gz or .parquet)",
                                   fix="give the exported CSV, CSV.gz or Parquet file")
            out.add(p)
        else:
            raise MigrateError(str(p), "file not found", fix="check the path")
    return sorted(out)


def _is_export(p: Path) -> bool:
    name = p.name.lower()
    return name.endswith(SUFFIXES) and not name.startswith(".")


# ------------------------------------------------------------------ detection
def read_header(path: Path) -> tuple[str, tuple[str, ...]]:
    """(kind, column names) from the first line of a CSV/CSV.gz or the schema of a Parquet file."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        import duckdb

        try:
            cols = duckdb.connect().execute("SELECT name FROM parquet_schema(?) WHERE num_children IS NULL OR "
                                            "num_children = 0", [str(path)]).fetchall()
        except duckdb.Error as exc:
            raise MigrateError(str(path), f"not a readable Parquet file: {_first_line(exc)}",
                               fix="re-download the export; the file may be truncated") from None
        return "parquet", tuple(c[0] for c in cols)
    opener = gzip.open if name.endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            first = fh.readline(1 << 20)
    except (OSError, EOFError) as exc:
        raise MigrateError(str(path), f"cannot read the file: {exc}",
                           fix="re-download the export; a .gz file may be truncated") from None
    if not first.strip():
        raise MigrateError(str(path), "file is empty (no header line)", fix="re-run the export; it wrote nothing")
    try:
        text = first.decode("utf-8-sig")  # EA exports start with a UTF-8 byte order mark
    except UnicodeDecodeError:
        raise MigrateError(str(path), "header is not UTF-8 text", place="line 1",
                           fix="save the export as UTF-8 CSV") from None
    header = next(csv.reader(io.StringIO(text)))
    return "csv", tuple(h.strip() for h in header)


def detect(path: Path) -> ExportFile:
    """Which export this is, from its header alone."""
    kind, cols = read_header(path)
    lower = {c.lower() for c in cols}
    if {"billedcost", "effectivecost", "chargeperiodstart"} <= lower:
        _require(path, cols, FOCUS_REQUIRED)
        if not {"providername", "serviceprovidername"} & lower:  # FOCUS 1.3 renames it ServiceProviderName
            _require(path, cols, ("ProviderName",))
        version = "1.2" if any(c.lower() in lower for c in FOCUS_12) else \
            "1.1" if any(c.lower() in lower for c in FOCUS_11) else "1.0"
        return ExportFile(str(path), kind, "focus", version, cols)
    cost_col = next((c for c in cols if c.lower() == "costinbillingcurrency"), None)
    if cost_col and cost_col[0].islower():
        # MCA spells most columns in camelCase (costInBillingCurrency); EA in PascalCase.
        _require(path, cols, ("costInBillingCurrency", "date", "billingCurrency"))
        return ExportFile(str(path), kind, "mca", None, cols)
    if {"date", "metercategory"} <= lower and ({"cost", "costinbillingcurrency", "pretaxcost"} & lower):
        _require(path, cols, ("Date", "MeterCategory", "ResourceId"))
        if not {"billingcurrency", "billingcurrencycode", "currency"} & lower:
            _require(path, cols, ("BillingCurrency",))
        return ExportFile(str(path), kind, "ea", None, cols)
    raise MigrateError(str(path), "header is neither FOCUS (BilledCost, EffectiveCost, ChargePeriodStart) nor a "
                       "Cost Management actual/amortised cost export (Date, MeterCategory, Cost)", place="line 1",
                       fix="export costs from Cost Management as FOCUS or as 'Actual cost' / 'Amortized cost' CSV")


def _require(path: Path, cols: tuple[str, ...], needed: tuple[str, ...]) -> None:
    lower = {c.lower() for c in cols}
    missing = [n for n in needed if n.lower() not in lower]
    if missing:
        raise MigrateError(str(path), f"mandatory column {missing[0]!r} is missing"
                           + (f" (and {', '.join(missing[1:])})" if missing[1:] else ""), place="header",
                           fix="re-export with the full column set (Cost Management > Exports)")


# ------------------------------------------------------------------ the query
def _col(cols: tuple[str, ...], *names: str) -> str | None:
    """The file's spelling of the first of ``names`` present (exports differ in case), quoted for SQL."""
    by_lower = {c.lower(): c for c in cols}
    for n in names:
        if n.lower() in by_lower:
            return '"' + by_lower[n.lower()].replace('"', '""') + '"'
    return None


def _or_null(expr: str | None) -> str:
    return expr if expr is not None else "CAST(NULL AS VARCHAR)"


def _money_columns(f: ExportFile) -> list[str]:
    c = f.columns
    names = (("BilledCost",), ("EffectiveCost",)) if f.format == "focus" else \
        (("costInBillingCurrency", "Cost", "PreTaxCost"),)
    return [col[1:-1].replace('""', '"') for col in (_col(c, *n) for n in names) if col]


def _quantity_spec(f: ExportFile) -> dict[str, str | None]:
    """The file's columns holding the quantity, its unit and the meter (quoted), None when absent."""
    c = f.columns
    if f.format == "focus":
        return {"quantity": _col(c, "ConsumedQuantity"), "unit": _col(c, "ConsumedUnit"),
                "meter_category": _col(c, "x_SkuMeterCategory"), "meter_subcategory": _col(c, "x_SkuMeterSubcategory"),
                "meter_name": _col(c, "x_SkuMeterName", "SkuMeter")}
    return {"quantity": _col(c, "Quantity"), "unit": _col(c, "UnitOfMeasure"),
            "meter_category": _col(c, "MeterCategory", "serviceName"), "meter_subcategory": _col(c, "MeterSubCategory"),
            "meter_name": _col(c, "MeterName")}


# The per-row work is kept to what grouping needs: raw columns as keys, a month, sums. Trimming,
# literal NULLs, id case and names derived from the id are handled on the grouped rows (see _tidy),
# which are a few thousand times fewer than the export's rows.
def _select(f: ExportFile) -> tuple[str, str]:
    """(SELECT list of group keys, aggregate list) turning one format's columns into the neutral ones."""
    c = f.columns
    if f.format == "focus":
        start = f"CAST({_col(c, 'ChargePeriodStart')} AS VARCHAR)"
        rid = _col(c, "ResourceId")
        keys = f"""substr({start}, 1, 7) AS month,
          {_or_null(rid)} AS resource_id,
          {_col(c, "ServiceName")} AS service,
          {_col(c, "ChargeCategory")} AS charge_category,
          {_col(c, "ProviderName", "ServiceProviderName")} AS provider,
          {_or_null(_col(c, "PublisherName"))} AS publisher,
          CAST(NULL AS VARCHAR) AS publisher_type,
          {_or_null(_col(c, "CommitmentDiscountId"))} IS NOT NULL AS commitment,
          {_col(c, "BillingCurrency")} AS currency,
          CASE WHEN {_or_null(rid)} IS NULL THEN {_or_null(_col(c, "ChargeDescription"))} END AS description"""
        day = start
        money = [_col(c, "BilledCost"), _col(c, "EffectiveCost")]
    else:
        date = _col(c, "Date", "UsageDateTime")
        # EA writes MM/DD/YYYY (M/D/YYYY too); MCA and newer exports write ISO dates.
        day = (f"CASE WHEN substr({date}, 5, 1) = '-' THEN substr({date}, 1, 10) "
               f"ELSE strftime(strptime({date}, '%m/%d/%Y'), '%Y-%m-%d') END")
        rid = _col(c, "ResourceId", "InstanceId")
        charge = _or_null(_col(c, "ChargeType"))
        keys = f"""substr({day}, 1, 7) AS month,
          {_or_null(rid)} AS resource_id,
          {_or_null(_col(c, "MeterCategory", "serviceName"))} AS service,
          CASE lower({charge})
            WHEN 'purchase' THEN 'Purchase' WHEN 'refund' THEN 'Credit' WHEN 'tax' THEN 'Tax'
            WHEN 'roundingadjustment' THEN 'Adjustment'
            ELSE CASE WHEN lower({charge}) LIKE 'unused%' THEN 'Unused commitment' ELSE 'Usage' END END
            AS charge_category,
          'Microsoft' AS provider,
          {_or_null(_col(c, "PublisherName"))} AS publisher,
          {_or_null(_col(c, "PublisherType"))} AS publisher_type,
          {_or_null(_col(c, "ReservationId", "benefitId"))} IS NOT NULL AS commitment,
          {_or_null(_col(c, "BillingCurrency", "billingCurrencyCode", "Currency"))} AS currency,
          CASE WHEN {_or_null(rid)} IS NULL THEN {_or_null(_col(c, "MeterName", "ProductName", "Product"))} END
            AS description"""
        cost = _col(c, "costInBillingCurrency", "Cost", "PreTaxCost")
        money = [cost, cost]
    aggs = (f"min({day}) AS first_day, max({day}) AS last_day, count(*) AS rows, "
            f"sum({money[0]}) AS billed, sum({money[1]}) AS effective")
    return keys, aggs


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _source(f: ExportFile, paths: list[str], quantities: bool = False) -> str:
    files = "[" + ", ".join(_quote(p) for p in paths) + "]"
    # One file: its name is a constant, not a column read with every row.
    name = ", filename = true" if len(paths) > 1 else ""
    if f.kind == "parquet":
        return f"read_parquet({files}, union_by_name = true{name})"
    numeric = {m: "DECIMAL(38,10)" for m in _money_columns(f)}
    qty = _quantity_spec(f)["quantity"] if quantities else None
    if qty:
        numeric[qty[1:-1].replace('""', '"')] = "DOUBLE"
    types = "{" + ", ".join(f"'{m.replace(chr(39), chr(39) * 2)}': '{t}'" for m, t in numeric.items()) + "}"
    # Every column as text but the costs, parsed as DECIMAL (exact cents): a bad value is then reported
    # with its column and line instead of turning the column's type silently to text.
    return (f"read_csv({files}, header = true, all_varchar = true, types = {types}, union_by_name = true, "
            f"nullstr = ['', 'NULL'], strict_mode = true{name})")


KEYS = ["file", "month", "resource_id", "service", "charge_category", "provider", "publisher", "publisher_type",
        "commitment", "currency", "description"]


def aggregate(paths: list[str | Path], *, memory_limit: str = DEFAULT_MEMORY_LIMIT, threads: int | None = None,
              temp_dir: str | None = None, quantities: bool = False) -> Aggregate:
    """Detect every file, then run one grouped query per (format, header) and return the grouped rows.

    ``quantities`` also returns the consumed quantities per resource and meter (:data:`QUANTITY_COLUMNS`),
    grouped in the same scan.
    """
    import duckdb

    files = [detect(p) for p in expand_paths(paths)]
    groups: dict[tuple, list[ExportFile]] = {}
    for f in files:
        groups.setdefault((f.format, f.version, f.kind, tuple(sorted(c.lower() for c in f.columns))), []).append(f)
    con = duckdb.connect(config={"memory_limit": memory_limit, **({"threads": threads} if threads else {}),
                                 **({"temp_directory": temp_dir} if temp_dir else {})})
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")  # stdout carries the report
    frames, quantity_frames, described = [], [], []
    for _, members in sorted(groups.items(), key=lambda kv: kv[1][0].path):
        head = members[0]
        if head.kind == "parquet":
            _check_parquet_types(con, head, quantities)
        keys, aggs = _select(head)
        file = "filename" if len(members) > 1 else _quote(head.path)
        source = _source(head, [m.path for m in members], quantities)
        try:
            if not quantities:
                df = con.execute(f"""WITH g AS (SELECT {file} AS file, {keys}, {aggs} FROM {source} GROUP BY ALL)
                                     {_TIDY}""").df()
            else:
                df, q = _with_quantities(con, head, file, keys, aggs, source)
                quantity_frames.append(q)
        except duckdb.Error as exc:
            raise _explain(exc, members) from None
        frames.append(df)
        per_file = df.groupby("file")["rows"].sum()
        for m in members:
            described.append({"file": m.path, "format": m.format, "version": m.version,
                              "rows": int(per_file.get(m.path, 0))})
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=KEYS)
    _check_dates(rows, files)
    q = None
    if quantities:
        q = pd.concat(quantity_frames, ignore_index=True) if quantity_frames else \
            pd.DataFrame(columns=list(QUANTITY_COLUMNS))
    return Aggregate(rows=rows, files=described, warnings=_repeated_runs([f.path for f in files]), quantities=q)


_KEY_NAMES = ("month", "resource_id", "service", "charge_category", "provider", "publisher", "publisher_type",
              "commitment", "currency", "description")
_METER = ("meter_category", "meter_subcategory", "meter_name", "unit")


def _with_quantities(con, f: ExportFile, file: str, keys: str, aggs: str, source: str) -> tuple[pd.DataFrame,
                                                                                                 pd.DataFrame]:
    """One scan, two grouping sets: the cost keys, and (month, resource, charge, currency, meter, unit)."""
    spec = _quantity_spec(f)
    meter = ", ".join(f"{_or_null(spec[m])} AS {m}" for m in _METER)
    qty = f"CAST({spec['quantity']} AS DOUBLE)" if spec["quantity"] else "CAST(NULL AS DOUBLE)"
    cost_set = ", ".join(("file", *_KEY_NAMES))
    meter_set = ", ".join(("file", "month", "resource_id", "charge_category", "currency", *_METER))
    con.execute("DROP TABLE IF EXISTS grouped")  # (only the groups are stored: a few per resource and month)
    con.execute(f"""CREATE TEMP TABLE grouped AS
        SELECT {file} AS file, {keys}, {meter}, GROUPING(service) AS meter_set, {aggs}, sum({qty}) AS quantity
        FROM {source}
        GROUP BY GROUPING SETS (({cost_set}), ({meter_set}))""")
    rows = con.execute(f"WITH g AS (SELECT * EXCLUDE (meter_set, quantity, {', '.join(_METER)}) FROM grouped "
                       f"WHERE meter_set = 0) {_TIDY}").df()
    q = con.execute(f"""
        SELECT file, {_clean("month")} AS month, rtrim(lower({_clean("resource_id")}), '/') AS resource_id,
               {_clean("charge_category")} AS charge_category, upper({_clean("currency")}) AS currency,
               {", ".join(f"{_clean(m)} AS {m}" for m in _METER)},
               sum(quantity) AS quantity, sum(rows)::BIGINT AS rows, CAST(sum(billed) AS DOUBLE) AS billed,
               CAST(sum(effective) AS DOUBLE) AS effective, min(substr(CAST(first_day AS VARCHAR), 1, 10)) AS first_day,
               max(substr(CAST(last_day AS VARCHAR), 1, 10)) AS last_day
        FROM grouped WHERE meter_set = 1 GROUP BY ALL ORDER BY ALL""").df()
    con.execute("DROP TABLE grouped")
    return rows, q[list(QUANTITY_COLUMNS)]


def _repeated_runs(paths: list[str]) -> list[str]:
    """Scheduled exports keep every run (<YYYYMMDD-YYYYMMDD>/<run id>/part_*): two runs of one range count it twice."""
    runs: dict[str, set[str]] = {}
    for p in paths:
        m = re.search(r"(?:^|/)(\d{8}-\d{8})/([^/]+)/[^/]+$", Path(p).as_posix())
        if m:
            runs.setdefault(m.group(1), set()).add(m.group(2))
    return [f"{len(ids)} runs of the export for {rng} are read ({', '.join(sorted(ids)[:3])}): their costs are "
            f"added up; keep only the latest run's folder" for rng, ids in sorted(runs.items()) if len(ids) > 1]


def _check_parquet_types(con, f: ExportFile, quantities: bool = False) -> None:
    """Parquet costs (and quantities) must be numbers (a text column would need parsing we cannot locate errors in)."""
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
                             f"read_parquet('{f.path.replace(chr(39), chr(39) * 2)}'))").fetchall())
    qty = _quantity_spec(f)["quantity"] if quantities else None
    for m in _money_columns(f) + ([qty[1:-1].replace('""', '"')] if qty else []):
        t = types.get(m, "")
        if not (t.startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL")) or "INT" in t):
            raise MigrateError(f.path, f"cost column has type {t}, expected a number", place=f"column {m}",
                               fix="write costs as DECIMAL or DOUBLE in the Parquet file")


def _clean(col: str) -> str:
    """Text with surrounding blanks removed; empty and the literal NULL some exports write become NULL."""
    return f"NULLIF(NULLIF(trim(CAST({col} AS VARCHAR)), ''), 'NULL')"


# Second level, on the grouped rows only: normalise the keys (ARM ids are case-insensitive; exports
# differ in case) and group again; names come from the ARM id:
# .../resourcegroups/<rg>/providers/<namespace>/<type>[/<name>/<child type>]/<name>
_TIDY = f"""
  , t AS (SELECT file, {_clean("month")} AS month, rtrim(lower({_clean("resource_id")}), '/') AS resource_id,
                 {_clean("service")} AS service, {_clean("charge_category")} AS charge_category,
                 {_clean("provider")} AS provider, {_clean("publisher")} AS publisher,
                 {_clean("publisher_type")} AS publisher_type, commitment, upper({_clean("currency")}) AS currency,
                 {_clean("description")} AS description, substr(CAST(first_day AS VARCHAR), 1, 10) AS first_day,
                 substr(CAST(last_day AS VARCHAR), 1, 10) AS last_day, rows, billed, effective FROM g)
  SELECT file, month, resource_id, service, charge_category, provider, publisher, publisher_type, commitment, currency,
         description, min(first_day) AS first_day, max(last_day) AS last_day, sum(rows)::BIGINT AS rows,
         CAST(sum(billed) AS DOUBLE) AS billed, CAST(sum(effective) AS DOUBLE) AS effective,
         NULLIF(regexp_extract(resource_id, '/resourcegroups/([^/]+)', 1), '') AS resource_group,
         NULLIF(regexp_extract(resource_id, '/([^/]+)$', 1), '') AS resource_name,
         NULLIF(regexp_extract(resource_id, '/providers/([^/]+/[^/]+)', 1), '') AS resource_type
  FROM t GROUP BY ALL ORDER BY ALL"""


def _check_dates(rows: pd.DataFrame, files: list[ExportFile]) -> None:
    """Months must look like YYYY-MM: a cheap check on the few distinct values, after the scan."""
    bad = [m for m in rows["month"].dropna().unique() if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(m))]
    if bad or rows["month"].isna().any():
        sample = bad[0] if bad else "(empty)"
        where = rows[rows["month"].isin(bad)] if bad else rows[rows["month"].isna()]
        path = where["file"].iloc[0] if len(where) else files[0].path
        f = next((x for x in files if x.path == path), files[0])
        col = "ChargePeriodStart" if f.format == "focus" else "Date"
        raise MigrateError(path, f"unreadable charge date {sample!r}", place=f"column {col}",
                           fix="dates must be ISO 8601 (FOCUS) or MM/DD/YYYY / YYYY-MM-DD (classic exports)")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _explain(exc: Exception, members: list[ExportFile]) -> MigrateError:
    """A DuckDB error as one line naming the file, the column and the line where it could be found."""
    text = str(exc)
    file = re.search(r"^\s*file = (.+)$", text, re.M)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    column = re.search(r'converting column "([^"]+)"', text) or re.search(r'column "([^"]+)"', text)
    value = re.search(r'Could not convert string "([^"]*)"', text) or re.search(r"Could not convert string '([^']*)'", text)
    where = ", ".join(p for p in ((f"column {column.group(1)}" if column else None),
                                  (f"line {line.group(1)}" if line else None)) if p) or None
    name = file.group(1).strip() if file else (members[0].path if len(members) == 1 else
                                                 f"{members[0].path} (+{len(members) - 1} more)")
    if value:
        problem = f"not a number or date: {value.group(1)!r}"
        fix = "re-export the file; values must be plain numbers and dates"
    elif "Expected Number of Columns" in text or "too many columns" in text.lower() or "Maximum line size" in text \
            or "unterminated quote" in text.lower() or "Value with unterminated quote" in text:
        problem = "malformed or truncated CSV row (wrong number of fields or unterminated quote)"
        fix = "re-download the export; the file looks truncated or corrupted"
    elif "gzip" in text.lower() or "zlib" in text.lower() or "decompress" in text.lower():
        problem = "corrupt or truncated gzip stream"
        fix = "re-download the export"
    else:
        problem = _first_line(exc)
        fix = "check the file is a complete cost export"
    return MigrateError(name, problem, place=where, fix=fix)
