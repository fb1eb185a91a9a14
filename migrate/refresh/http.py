"""JSON over HTTP with bounded retries (429 with Retry-After, 5xx, connection resets)."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import time
import urllib.error
import urllib.request

from ..errors import MigrateError

MAX_ATTEMPTS = 5
MAX_WAIT_S = 30.0
USER_AGENT = "migrate-price-refresh"


def fetch_json(url: str, *, method: str = "GET", body: dict | None = None, timeout: float = 60.0,
               sleep=time.sleep) -> dict:
    """GET or POST ``url`` and decode its JSON; retry throttling and server errors, then fail clearly."""
    return fetch_json_dated(url, method=method, body=body, timeout=timeout, sleep=sleep)[0]


def fetch_json_dated(url: str, *, method: str = "GET", body: dict | None = None, timeout: float = 60.0,
                     sleep=time.sleep) -> tuple[dict, str | None]:
    """Like ``fetch_json``, with the day the server answered (its HTTP ``Date`` header, UTC, YYYY-MM-DD;
    None when the header is absent or unreadable)."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if data is not None:
        headers["Content-Type"] = "application/json"
    last = ""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                payload = response.read()
                served = response.headers.get("Date")
            break
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}"
            if exc.code != 429 and exc.code < 500:
                raise MigrateError(url, f"the price API answered HTTP {exc.code}",
                                   fix="check --endpoint and the provider or region name") from None
            wait = _retry_after(exc.headers.get("Retry-After"), attempt)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = str(getattr(exc, "reason", exc))
            wait = _retry_after(None, attempt)
        if attempt == MAX_ATTEMPTS:
            raise MigrateError(url, f"price API unreachable after {MAX_ATTEMPTS} attempts ({last})",
                               fix="check the network or --endpoint, then re-run; nothing was written")
        sleep(wait)
    try:
        return json.loads(payload), response_day(served)
    except json.JSONDecodeError as exc:
        raise MigrateError(url, f"price API returned invalid JSON ({exc.msg})", fix="re-run later") from None


def response_day(header: str | None) -> str | None:
    """The UTC day of an HTTP ``Date`` header (RFC 9110 IMF-fixdate), or None."""
    if not header:
        return None
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc)
    return when.date().isoformat()


def earliest(days) -> str | None:
    """The earliest of several response days (a refresh spanning pages is dated by its first answer)."""
    known = sorted(d for d in days if d)
    return known[0] if known else None


def _retry_after(header: str | None, attempt: int) -> float:
    if header:
        try:
            return min(float(header), MAX_WAIT_S)
        except ValueError:
            pass
    return min(0.5 * 2 ** (attempt - 1), MAX_WAIT_S)
