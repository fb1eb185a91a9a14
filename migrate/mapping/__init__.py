"""Azure resources -> service classes -> sized offers (or gaps) at each provider."""

from .map import STATUSES, classify, map_inventory  # noqa: F401
