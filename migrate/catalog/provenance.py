"""How a figure was obtained (its basis) and whether it counts as verified.

The vocabulary is documented in docs/catalogue-format.md. A figure is verified when it was read at
a primary source (a public API response, the provider's pricing page or its own document) or is
the user's own quote, and its observation date is known.
"""

from __future__ import annotations

BASES = ("public-api", "price-page", "provider-document", "secondary", "estimate-rule", "quote")
VERIFIED_BASES = frozenset({"public-api", "price-page", "provider-document", "quote"})
# From most to least certain: a line or total takes the least certain basis of the figures it uses.
BASIS_ORDER = {"quote": 0, "public-api": 1, "price-page": 2, "provider-document": 3, "secondary": 4,
               "estimate-rule": 5, None: 6}


def is_verified(basis: str | None, as_of: str | None, legacy_unverified: bool = False) -> bool:
    """Verified: a primary basis and a known observation date. Without a basis (catalogues written
    before bases existed) the old ``unverified`` flag decides."""
    if basis is None:
        return not legacy_unverified and bool(as_of) and as_of != "unknown"
    return basis in VERIFIED_BASES and bool(as_of) and as_of != "unknown"


def least_certain(bases) -> str | None:
    """The least certain basis among ``bases`` (None when any is unknown)."""
    worst = "quote"
    for b in bases:
        if BASIS_ORDER.get(b, 6) > BASIS_ORDER[worst]:
            worst = b if b in BASIS_ORDER else None
    return worst
