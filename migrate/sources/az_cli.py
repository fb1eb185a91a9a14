"""`az resource list -o json` (and raw ARM `GET .../resources` pages).

These objects carry no ``properties``: a VM's size is not in them, so sizing stays unknown
unless the SKU carries it (scale sets, plans, disks' tier).
"""

from __future__ import annotations

from .files import Loaded
from .records import record_from_arm_object

FORMAT = "az-resource-list"


def read(loaded: Loaded) -> list[dict]:
    doc = loaded.document
    items = doc["value"] if isinstance(doc, dict) else doc
    return [record_from_arm_object(o, source_file=loaded.path, source_format=FORMAT, index=i)
            for i, o in enumerate(items)]
