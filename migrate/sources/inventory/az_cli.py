"""`az resource list -o json` (and raw ARM `GET .../resources` pages).

These objects carry no ``properties``: a VM's size is not in them, so sizing stays unknown
unless the SKU carries it (scale sets, plans, disks' tier).
"""

from __future__ import annotations

from .files import Loaded
from .records import frame_from_arm_objects

FORMAT = "az-resource-list"


def read(loaded: Loaded):
    doc = loaded.document
    items = doc["value"] if isinstance(doc, dict) else doc
    return frame_from_arm_objects(items, source_file=loaded.path, source_format=FORMAT)
