"""The dependency graph on crafted estates: every reference kind, back-references, external ids,
cycles, and the DOT / Mermaid / JSON outputs of `migrate graph`."""

import json
import re

import pydot
import pytest

from conftest import load_json

# pydot's parser (pyparsing) warns about its own use of deprecated names; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SUB = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers"
VNET = f"{SUB}/Microsoft.Network/virtualNetworks/vnet1"
SUBNET = f"{VNET}/subnets/app"
NIC = f"{SUB}/Microsoft.Network/networkInterfaces/nic1"
DISK = f"{SUB}/Microsoft.Compute/disks/osdisk1"
VM = f"{SUB}/Microsoft.Compute/virtualMachines/vm1"
PLAN = f"{SUB}/Microsoft.Web/serverfarms/plan1"
SITE = f"{SUB}/Microsoft.Web/sites/web1"
UAI = f"{SUB}/Microsoft.ManagedIdentity/userAssignedIdentities/id1"
KV = f"{SUB}/Microsoft.KeyVault/vaults/kv1"
LAW = f"{SUB}/Microsoft.OperationalInsights/workspaces/law1"
DIAG = f"{KV}/providers/Microsoft.Insights/diagnosticSettings/to-law"
ST = f"{SUB}/Microsoft.Storage/storageAccounts/st1"
PE = f"{SUB}/Microsoft.Network/privateEndpoints/pe-st1"
SQL = f"{SUB}/Microsoft.Sql/servers/sql1"
SQLDB = f"{SQL}/databases/db1"
NSG = f"{SUB}/Microsoft.Network/networkSecurityGroups/nsg1"
MISSING_WS = "/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/other/providers/Microsoft.OperationalInsights/workspaces/central"


def res(rid, rtype, **props):
    return {"id": rid, "type": rtype, "name": rid.rsplit("/", 1)[-1], "location": "francecentral", "properties": props}


def crafted():
    """One resource per reference kind the brief names; ids written in other cases on purpose."""
    return [
        res(VNET, "Microsoft.Network/virtualNetworks",
            subnets=[{"id": SUBNET, "name": "app", "properties": {"networkSecurityGroup": {"id": NSG.upper()}}}]),
        res(NSG, "Microsoft.Network/networkSecurityGroups", subnets=[{"id": SUBNET}]),  # read-only back-reference
        res(NIC, "Microsoft.Network/networkInterfaces",
            ipConfigurations=[{"id": f"{NIC}/ipConfigurations/ipconfig1", "properties": {"subnet": {"id": SUBNET.lower()}}}],
            virtualMachine={"id": VM}),  # back-reference: the VM uses the NIC
        res(DISK, "Microsoft.Compute/disks", diskSizeGB=64),
        res(VM, "Microsoft.Compute/virtualMachines",
            storageProfile={"osDisk": {"managedDisk": {"id": DISK}}},
            networkProfile={"networkInterfaces": [{"id": NIC}]}),
        res(PLAN, "Microsoft.Web/serverfarms"),
        res(SITE, "Microsoft.Web/sites", serverFarmId=PLAN, keyVaultReferenceIdentity=UAI,
            virtualNetworkSubnetId=SUBNET),
        res(UAI, "Microsoft.ManagedIdentity/userAssignedIdentities"),
        res(KV, "Microsoft.KeyVault/vaults"),
        res(LAW, "Microsoft.OperationalInsights/workspaces"),
        res(DIAG, "Microsoft.Insights/diagnosticSettings", workspaceId=LAW, storageAccountId=MISSING_WS),
        res(ST, "Microsoft.Storage/storageAccounts",
            encryption={"keySource": "Microsoft.Keyvault",  # customer-managed key: named by URI, not by id
                        "keyvaultproperties": {"keyvaulturi": "https://KV1.vault.azure.net/", "keyname": "cmk"}},
            privateEndpointConnections=[{"id": f"{ST}/privateEndpointConnections/c1",
                                         "properties": {"privateEndpoint": {"id": PE}}}]),
        res(PE, "Microsoft.Network/privateEndpoints", subnet={"id": SUBNET},
            privateLinkServiceConnections=[{"id": f"{PE}/privateLinkServiceConnections/c1",
                                            "properties": {"privateLinkServiceId": ST}}]),
        res(SQL, "Microsoft.Sql/servers"),
        res(SQLDB, "Microsoft.Sql/servers/databases", maxSizeBytes=1073741824),
        res(f"{SUB}/Microsoft.Insights/components/appi1", "Microsoft.Insights/components", WorkspaceResourceId=MISSING_WS),
        res(f"{SUB}/Microsoft.Compute/diskEncryptionSets/des1", "Microsoft.Compute/diskEncryptionSets",
            activeKey={"keyUrl": "https://kv-elsewhere.vault.azure.net/keys/k/0123"}),
    ]


def write(tmp_path, items, name="estate.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"data": items}))
    return path


def graph_json(run, frozen, tmp_path, items):
    out = tmp_path / "g.json"
    run("graph", write(tmp_path, items), *frozen, "-o", out)
    return load_json(out)


def test_every_reference_kind_is_found(run, frozen, tmp_path):
    doc = graph_json(run, frozen, tmp_path, crafted())
    edges = {(e["from"].rsplit("/", 1)[-1], e["to"].rsplit("/", 1)[-1], e["kind"]) for e in doc["edges"]}
    assert edges == {
        ("vm1", "nic1", "network-interface"),      # forward, and the NIC's virtualMachine back-reference
        ("vm1", "osdisk1", "disk"),
        ("nic1", "vnet1", "subnet"),               # a subnet id resolves to its virtual network
        ("vnet1", "nsg1", "network-security"),     # NSG.subnets back-reference reversed, case-insensitive id
        ("web1", "plan1", "app-service-plan"),
        ("web1", "id1", "managed-identity"),
        ("web1", "vnet1", "subnet"),
        ("to-law", "kv1", "diagnostic-settings"),  # extension resource on its scope
        ("to-law", "law1", "diagnostic-settings"),
        ("pe-st1", "st1", "private-endpoint"),     # forward, and the storage account's connection reversed
        ("pe-st1", "vnet1", "subnet"),
        ("db1", "sql1", "parent"),
        ("st1", "kv1", "key-vault"),
    }
    # The back-references do not add the reverse pairs (which would be 2-cycles).
    assert doc["summary"]["cycles"] == []
    assert doc["summary"]["edges"] == len(doc["edges"]) == 13


def test_references_outside_the_inventory_are_counted_not_dropped(run, frozen, tmp_path):
    doc = graph_json(run, frozen, tmp_path, crafted())
    ext = doc["summary"]["external"]
    assert ext["references"] == 3 and ext["ids"] == 2
    assert ext["by_kind"] == {"key-vault": 1, "log-workspace": 1, "diagnostic-settings": 1}
    assert sorted(e["from"].rsplit("/", 1)[-1] for e in doc["external"]) == ["appi1", "des1", "to-law"]
    assert {e["to"] for e in doc["external"]} == {MISSING_WS.lower(), "https://kv-elsewhere.vault.azure.net"}


def test_cycles_are_reported_and_do_not_loop(run, frozen, tmp_path):
    # Three peered networks (each points at the next) and a two-node loop, plus a self-reference.
    v = [f"{SUB}/Microsoft.Network/virtualNetworks/v{i}" for i in range(3)]
    items = [res(v[i], "Microsoft.Network/virtualNetworks",
                 virtualNetworkPeerings=[{"id": f"{v[i]}/virtualNetworkPeerings/p",
                                          "properties": {"remoteVirtualNetwork": {"id": v[(i + 1) % 3]}}}])
             for i in range(3)]
    a, b = f"{SUB}/Microsoft.Web/sites/a", f"{SUB}/Microsoft.Web/sites/b"
    items += [res(a, "Microsoft.Web/sites", x={"id": b}), res(b, "Microsoft.Web/sites", x={"id": a}, me=b)]
    doc = graph_json(run, frozen, tmp_path, items)
    assert doc["summary"]["cycles"] == [v, [a, b]]  # sorted by first id
    assert doc["summary"]["edges"] == 5  # the self-reference of b is not an edge


def test_outputs_parse_and_agree(run, frozen, tmp_path):
    estate = write(tmp_path, crafted())
    for name in ("g.dot", "g.mmd", "g.json"):
        run("graph", estate, *frozen, "-o", tmp_path / name)
    doc = load_json(tmp_path / "g.json")
    n_ext = doc["summary"]["external"]["ids"]

    dot = pydot.graph_from_dot_data((tmp_path / "g.dot").read_text())
    assert len(dot) == 1
    names = {n.get_name() for n in dot[0].get_nodes()} - {"node"}
    assert len(names) == len(doc["nodes"]) + n_ext
    dot_edges = dot[0].get_edges()
    assert len(dot_edges) == len(doc["edges"]) + len(doc["external"])
    assert all(e.get_source() in names and e.get_destination() in names for e in dot_edges)

    mmd = (tmp_path / "g.mmd").read_text().splitlines()
    assert mmd[0] == "flowchart LR"
    node_re = re.compile(r'^  ([nx]\d+)(\["[^"]*"\]|\(\["[^"]*"\]\))$')
    edge_re = re.compile(r"^  ([nx]\d+) (-->|-\.->)\|([a-z-]+)\| ([nx]\d+)$")
    declared = [m.group(1) for m in map(node_re.match, mmd[1:]) if m]
    links = [m for m in map(edge_re.match, mmd[1:]) if m]
    assert len(declared) + len(links) == len(mmd) - 1, "every line is a node or an edge"
    assert len(set(declared)) == len(declared) == len(doc["nodes"]) + n_ext
    assert len(links) == len(doc["edges"]) + len(doc["external"])
    assert all(m.group(1) in declared and m.group(4) in declared for m in links)

    assert [n["id"].lower() for n in doc["nodes"]] == sorted(n["id"].lower() for n in doc["nodes"])


def test_graph_is_deterministic_whatever_the_input_order(run, frozen, tmp_path):
    items = crafted()
    run("graph", write(tmp_path, items, "a.json"), *frozen, "-o", tmp_path / "a.dot")
    run("graph", write(tmp_path, items[::-1], "b.json"), *frozen, "-o", tmp_path / "b.dot")
    assert (tmp_path / "a.dot").read_text() == (tmp_path / "b.dot").read_text()


def test_format_from_suffix_or_option_and_bad_suffix(run, frozen, tmp_path):
    estate = write(tmp_path, crafted())
    run("graph", estate, *frozen, "-o", tmp_path / "graph.txt", "--format", "mmd")
    assert (tmp_path / "graph.txt").read_text().startswith("flowchart LR")
    bad = run("graph", estate, *frozen, "-o", tmp_path / "graph.png", ok=False)
    assert bad.exit_code == 2
    assert "graph.png" in bad.stderr and "--format" in bad.stderr
    assert not (tmp_path / "graph.png").exists()


def test_demo_graph(run, tmp_path):
    out = tmp_path / "demo.json"
    result = run("graph", "--demo", "-o", out)
    doc = load_json(out)
    assert len(doc["nodes"]) == 278
    kinds = doc["summary"]["by_kind"]
    for kind in ("parent", "network-interface", "disk", "subnet", "private-endpoint", "app-service-plan",
                 "key-vault", "managed-identity", "log-workspace"):
        assert kinds.get(kind, 0) > 0, kind
    assert "dependencies" in result.stderr
