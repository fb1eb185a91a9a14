"""The columnar reader gives the inventory the general readers give, or hands the file over to them."""

import json
import math

import numpy as np
import pytest

from conftest import FIXTURES, GOLDEN

from migrate.catalog.load import load_catalog
from migrate.encoded import EncodedObject, as_dict
from migrate.sources.inventory import columnar
from migrate.sources.inventory.importer import import_files

IMPORT = FIXTURES / "import"
ROOT = FIXTURES.parents[1]
JSON_FILES = [IMPORT / "az_resource_list.json", IMPORT / "az_resource_list_utf16.json", IMPORT / "graph_data.json",
              IMPORT / "graph_list.json", GOLDEN / "inventory.json",
              ROOT / "inventories" / "health-data-platform" / "resource-graph.json",
              ROOT / "inventories" / "web-shop" / "az-resource-list.json"]


@pytest.fixture(scope="module")
def vm_sizes():
    return load_catalog().vm_sizes


def _cell(v):
    if isinstance(v, EncodedObject):
        return as_dict(v)
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    return v.item() if isinstance(v, np.generic) else v


def _same(a, b):
    assert list(a.inventory.columns) == list(b.inventory.columns)
    assert {c: str(t) for c, t in a.inventory.dtypes.items()} == {c: str(t) for c, t in b.inventory.dtypes.items()}
    for col in a.inventory.columns:
        left = [_cell(v) for v in a.inventory[col].tolist()]
        right = [_cell(v) for v in b.inventory[col].tolist()]
        assert left == right, col
        assert [type(v) for v in left] == [type(v) for v in right], col
    assert (a.sources, a.warnings, a.scope) == (b.sources, b.warnings, b.scope)


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda p: p.name)
def test_columnar_and_general_readers_agree(vm_sizes, path):
    fast = import_files([path], vm_sizes=vm_sizes)
    general = import_files([path], vm_sizes=vm_sizes, columnar=False)
    _same(fast, general)


def test_canonical_inventory_written_by_import_reads_back_the_same(run, vm_sizes, tmp_path):
    out = tmp_path / "inv.json"
    run("inventory", "import", *JSON_FILES[:3], JSON_FILES[5], "-o", out)
    assert columnar.read(out.read_bytes(), str(out)).format == "inventory"
    _same(import_files([out], vm_sizes=vm_sizes), import_files([out], vm_sizes=vm_sizes, columnar=False))


def test_properties_stay_encoded_and_read_like_a_mapping(vm_sizes):
    inv = import_files([IMPORT / "graph_data.json"], vm_sizes=vm_sizes).inventory.set_index("name")
    props = inv.loc["stgraphlake01", "properties"]
    assert isinstance(props, EncodedObject)
    assert props["isHnsEnabled"] is True and dict(props) == json.loads(props.data)


@pytest.mark.parametrize("items", [
    [{"Id": "/subscriptions/s/resourceGroups/r/providers/A.B/c/d", "Type": "A.B/c", "Name": "d"}],  # other casing
    [{"id": "/subscriptions/s/resourceGroups/r/providers/A.B/c/d", "type": "A.B/c", "sku": 3}],     # odd sku
], ids=["casing", "sku"])
def test_unusual_items_are_left_to_the_general_reader(vm_sizes, tmp_path, items):
    f = tmp_path / "export.json"
    f.write_text(json.dumps(items))
    assert columnar.read(f.read_bytes(), str(f)) is None
    inv = import_files([f], vm_sizes=vm_sizes).inventory
    assert list(inv["type"]) == ["a.b/c"] and list(inv["name"]) == ["d"]


def test_a_broken_item_is_named_by_its_index(run, tmp_path):
    good = {"id": "/subscriptions/s/resourceGroups/r/providers/A.B/c/d", "type": "A.B/c"}
    f = tmp_path / "export.json"
    f.write_text(json.dumps({"data": [good, good | {"id": "/subscriptions/s/resourceGroups/r/providers/A.B/c/e"},
                                      {"id": "/subscriptions/s/resourceGroups/r/providers/A.B/c/f"}]}))
    result = run("inventory", "import", f, "-o", tmp_path / "inv.json", ok=False)
    assert result.exit_code == 2
    assert f"{f}: item 2 (/subscriptions/s/resourceGroups/r/providers/A.B/c/f): resource has no type" in result.stderr
