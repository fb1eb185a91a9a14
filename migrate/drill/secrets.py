"""Keep credentials out of every message: SDK errors quote URLs (with SAS signatures) and connection strings."""

from __future__ import annotations

import re

REDACTED = "[REDACTED]"
_PATTERNS = [
    re.compile(r"(?i)(AccountKey|SharedAccessSignature|SharedAccessKey)=[^;\s'\"]+"),
    re.compile(r"(?i)\b(sig|se|sp|sv|st|spr|srt|ss|sr|skoid|sktid|skt|ske|sks|skv|X-Amz-Signature|X-Amz-Credential|"
               r"X-Amz-Security-Token)=[^&\s'\"]+"),
    re.compile(r"(?i)(aws_secret_access_key|secret_access_key|aws_session_token)\s*[=:]\s*\S+"),
]


def scrub(text: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """``text`` with known secret values and anything shaped like a key, SAS or signature replaced."""
    text = str(text)
    for value in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(value, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: f"{m.group(1)}={REDACTED}", text)
    return text


def without_query(url: str | None) -> str | None:
    """A URL without query string or fragment (where SAS tokens live)."""
    if url is None:
        return None
    return url.split("?", 1)[0].split("#", 1)[0]
