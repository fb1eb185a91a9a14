"""Small frozen records for provider facts (offers stay a DataFrame: they are joined)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Qualification:
    id: str
    status: str
    scope: str | None
    version: str | None
    date: str | None
    valid_until: str | None
    regions: tuple[str, ...]
    source: str
    as_of: str
    unverified: bool

    @property
    def held(self) -> bool:
        return self.status in ("qualified", "certified")


@dataclass(frozen=True)
class Region:
    id: str
    country: str
    city: str
    name: str | None = None
    qualifications: tuple[str, ...] = ()
    s3_endpoint: str | None = None


@dataclass(frozen=True)
class ObjectStorageEndpoint:
    """An S3-compatible endpoint of the provider's object storage in one region (sourced and dated)."""

    region: str
    endpoint: str
    signing_region: str | None
    source: str
    as_of: str
    unverified: bool
    note: str | None = None


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    legal_entity: str
    headquarters: str
    file: str
    non_eu_law_exposure: bool
    jurisdiction_details: str
    jurisdiction_source: str
    jurisdiction_as_of: str
    jurisdiction_unverified: bool
    qualifications: tuple[Qualification, ...] = field(default_factory=tuple)
    regions: tuple[Region, ...] = field(default_factory=tuple)
    object_storage: tuple[ObjectStorageEndpoint, ...] = field(default_factory=tuple)
