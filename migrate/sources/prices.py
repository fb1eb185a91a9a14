"""The user's own prices (``--prices FILE``): a CSV of quotes from providers' sales teams.

Header ``provider,offer_id,monthly_eur,source,as_of`` and an optional ``unit``: without a unit (or
with ``month``) ``monthly_eur`` is the price of one instance a month; with another unit it is the
price per that unit (``hour``, ``gb_month``, ``gb``, a usage meter such as ``million_requests``).
``migrate catalog price-sheet`` writes this file for a provider with informative columns (name,
service_class, catalogue_eur, catalogue_basis, catalogue_as_of) that are read back and ignored; a
line whose monthly_eur, source and as_of are all empty is not a quote and is skipped.

Every problem is reported as one line naming the file, the line and the fix; nothing is half-read.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

from ..catalog.load import SCHEMA_PATH
from ..errors import MigrateError

REQUIRED = ("provider", "offer_id", "monthly_eur", "source", "as_of")
OPTIONAL = ("unit",)
INFORMATIVE = ("name", "service_class", "catalogue_eur", "catalogue_basis", "catalogue_as_of", "note")
DEFAULT_UNIT = "month"


@dataclass(frozen=True)
class QuotedPrice:
    provider: str
    offer_id: str
    amount: float
    unit: str
    source: str
    as_of: str
    line: int


@dataclass(frozen=True)
class PriceSheet:
    file: str
    sha256: str
    quotes: tuple[QuotedPrice, ...]
    skipped: int = 0          # template lines left empty (no price, source or date)


def price_units() -> tuple[str, ...]:
    """The units a catalogue price may have (the schema's list)."""
    schema = json.loads(SCHEMA_PATH.read_text())
    return tuple(schema["$defs"]["price_component"]["properties"]["unit"]["enum"])


def _number(text: str, decimal_comma: bool) -> float | None:
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if t.startswith("€") or t.endswith("€"):
        t = t.strip("€")
    if decimal_comma and t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")
    try:
        value = float(t)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_price_sheet(text: str, file: str, *, today: dt.date) -> tuple[list[QuotedPrice], int]:
    """Quotes of a price sheet's text (see the module docstring); raises MigrateError on the first problem."""
    first = text.splitlines()[0] if text.strip() else ""
    # French spreadsheets save with `;` and a decimal comma.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise MigrateError(file, "the price file is empty", place="line 1",
                           fix=f"start with the header {','.join(REQUIRED)} (and optionally unit)")
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise MigrateError(file, f"missing column(s) {', '.join(missing)}", place="line 1",
                           fix=f"the header must name {','.join(REQUIRED)} (unit is optional)")
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL + INFORMATIVE]
    if unknown:
        raise MigrateError(file, f"unknown column(s) {', '.join(unknown)}", place="line 1",
                           fix=f"use only {', '.join(REQUIRED + OPTIONAL + INFORMATIVE)}")
    units = price_units()
    quotes: list[QuotedPrice] = []
    skipped = 0
    seen: dict[tuple[str, str, str], int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            raise MigrateError(file, "more fields than columns", place=f"line {line}",
                               fix="quote fields that contain the separator, or remove the extra fields")
        cells = {k: (v or "").strip() for k, v in row.items()}
        if not any(cells.values()):
            continue
        if not (cells["monthly_eur"] or cells["source"] or cells["as_of"]):
            skipped += 1
            continue
        for col in REQUIRED:
            if not cells[col]:
                raise MigrateError(file, f"{col} is empty", place=f"line {line}",
                                   fix="fill provider, offer_id, monthly_eur, source and as_of, or leave monthly_eur, "
                                       "source and as_of all empty to keep the catalogue price")
        amount = _number(cells["monthly_eur"], decimal_comma=delimiter == ";")
        if amount is None or amount < 0:
            raise MigrateError(file, f"monthly_eur {cells['monthly_eur']!r} is not a price", place=f"line {line}",
                               fix="write a number of euros excl. VAT, e.g. 412.50 (no thousands separator)")
        try:
            as_of = dt.date.fromisoformat(cells["as_of"])
        except ValueError:
            raise MigrateError(file, f"as_of {cells['as_of']!r} is not a date", place=f"line {line}",
                               fix="write the date of the quote as YYYY-MM-DD") from None
        if as_of > today:
            raise MigrateError(file, f"as_of {cells['as_of']} is after today", place=f"line {line}",
                               fix="give the date the quote was issued")
        unit = cells.get("unit") or DEFAULT_UNIT
        if unit not in units:
            raise MigrateError(file, f"unknown unit {unit!r}", place=f"line {line}",
                               fix=f"use one of {', '.join(units)} (empty means month)")
        group = "time" if unit in ("hour", "month") else unit
        key = (cells["provider"], cells["offer_id"], group)
        if key in seen:
            raise MigrateError(file, f"a second price for {cells['provider']} {cells['offer_id']} ({unit}); "
                               f"the first is on line {seen[key]}", place=f"line {line}",
                               fix="keep one line per offer and unit (hour and month both price the instance)")
        seen[key] = line
        quotes.append(QuotedPrice(cells["provider"], cells["offer_id"], amount, unit, cells["source"],
                                  as_of.isoformat(), line))
    return quotes, skipped


def read_price_sheet(path: Path, *, today: dt.date | None = None) -> PriceSheet:
    """Read a price file (UTF-8, with or without a byte-order mark)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MigrateError(str(path), "price file not found", fix="give the path of a CSV written by "
                           "`migrate catalog price-sheet` or with the header " + ",".join(REQUIRED)) from None
    except OSError as exc:
        raise MigrateError(str(path), f"cannot read the price file: {exc.strerror}", fix="check the path and its permissions") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MigrateError(str(path), f"not UTF-8 text (byte {exc.start})", fix="save the file as CSV UTF-8") from None
    quotes, skipped = parse_price_sheet(text, str(path), today=today or dt.date.today())
    return PriceSheet(str(path), hashlib.sha256(data).hexdigest()[:16], tuple(quotes), skipped)
