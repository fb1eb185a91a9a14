"""A JSON object kept as its encoded text until someone reads it.

A million resources' ``properties`` held as Python dicts cost several times their JSON text, and
most of the pipeline never opens them: sizing reads a few types, the dependency graph only the ones
that name another resource. :class:`EncodedObject` holds the UTF-8 JSON of one object and decodes
it on access (each time: nothing is cached, so memory stays the size of the text). It reads like a
read-only mapping; :func:`as_dict` gives the decoded dict of either kind of value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import msgspec

_decode = msgspec.json.Decoder().decode


class EncodedObject(Mapping):
    """One JSON object as UTF-8 bytes (``data``), decoded when read."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data

    def decode(self) -> dict:
        return _decode(self.data)

    def __getitem__(self, key: str) -> Any:
        return self.decode()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.decode())

    def __len__(self) -> int:
        return len(self.decode())

    def __repr__(self) -> str:
        return f"EncodedObject({self.data[:60]!r}{'...' if len(self.data) > 60 else ''})"

    def __reduce__(self):
        return (EncodedObject, (self.data,))


def as_dict(value: Any) -> dict | None:
    """The dict a value holds: itself, its decoding, or None when it is not a JSON object."""
    if type(value) is dict:
        return value
    if type(value) is EncodedObject:
        return value.decode()
    return value if isinstance(value, dict) else None
