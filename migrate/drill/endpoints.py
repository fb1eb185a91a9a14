"""Resolve --provider/--region to a catalogued S3 endpoint (pure: catalogue in, endpoint out)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import MigrateError


@dataclass(frozen=True)
class ResolvedEndpoint:
    endpoint_url: str | None
    region: str | None         # region name to sign with
    provider: str | None
    note: str | None = None    # shown to the operator (e.g. "unverified endpoint")


def resolve(catalog, endpoint_url: str | None, provider: str | None, region: str | None) -> ResolvedEndpoint:
    """``--endpoint-url`` wins; otherwise the catalogue's object_storage entry of ``provider`` in ``region``."""
    if endpoint_url:
        if not endpoint_url.startswith(("http://", "https://")):
            raise MigrateError("--endpoint-url", f"{endpoint_url!r} is not an http(s) URL",
                               fix="give the S3 endpoint as https://HOST[:PORT]")
        return ResolvedEndpoint(endpoint_url.rstrip("/"), region, provider)
    if not provider:
        raise MigrateError("--endpoint-url", "no S3 endpoint given",
                           fix="give --endpoint-url URL, or --provider P --region R from the catalogues")
    if catalog is None or provider not in catalog.providers:
        known = ", ".join(sorted(catalog.providers)) if catalog is not None else ""
        raise MigrateError("--provider", f"unknown provider {provider!r}", fix=f"use one of {known}")
    entries = catalog.providers[provider].object_storage
    if not entries:
        raise MigrateError("--provider", f"no S3 endpoint catalogued for {provider}",
                           fix="give the endpoint of your contract with --endpoint-url")
    by_region = {e.region: e for e in entries}
    if not region:
        raise MigrateError("--region", f"{provider} has S3 endpoints in several regions",
                           fix=f"add --region, one of {', '.join(sorted(by_region))}")
    if region not in by_region:
        raise MigrateError("--region", f"no S3 endpoint catalogued for {provider} in {region!r}",
                           fix=f"use one of {', '.join(sorted(by_region))}, or give --endpoint-url")
    e = by_region[region]
    note = f"endpoint {e.endpoint} from {e.source} ({e.as_of}{', unverified' if e.unverified else ''})"
    return ResolvedEndpoint(e.endpoint, e.signing_region or e.region, provider, note)
