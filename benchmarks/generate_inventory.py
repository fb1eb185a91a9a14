"""Generate a synthetic Azure estate of N resources as `az graph query` JSON.

The type mix follows what large estates look like (many disks, NICs, extensions and
web apps; few clusters), with realistic sizing properties so the planner has work to do:
VM sizes, disk sizes, AKS node pools, database SKUs and storage. Deterministic per seed.

    python benchmarks/generate_inventory.py 1000000 -o benchmarks/data/inv-1m.json [--layout list]

``--layout envelope`` (default) writes what `az graph query` prints (``{"count": N, "data": [...]}``);
``--layout list`` writes the same objects as one top-level JSON array, as `az resource list` and
paged `az graph query` scripts write them (and the layout DuckDB's JSON reader splits across threads).
"""

from __future__ import annotations

import argparse
import json
import random
import sys

# (ARM type, share of the estate)
MIX = [
    ("Microsoft.Compute/virtualMachines", 0.10), ("Microsoft.Compute/disks", 0.14),
    ("Microsoft.Network/networkInterfaces", 0.11), ("Microsoft.Compute/virtualMachines/extensions", 0.08),
    ("Microsoft.Storage/storageAccounts", 0.05), ("Microsoft.Network/publicIPAddresses", 0.03),
    ("Microsoft.Network/networkSecurityGroups", 0.04), ("Microsoft.Network/virtualNetworks", 0.02),
    ("Microsoft.Web/sites", 0.06), ("Microsoft.Web/serverFarms", 0.02), ("Microsoft.Sql/servers", 0.015),
    ("Microsoft.Sql/servers/databases", 0.035), ("Microsoft.KeyVault/vaults", 0.03),
    ("Microsoft.ContainerService/managedClusters", 0.005), ("Microsoft.DBforPostgreSQL/flexibleServers", 0.01),
    ("Microsoft.DocumentDB/databaseAccounts", 0.01), ("Microsoft.Insights/components", 0.03),
    ("Microsoft.OperationalInsights/workspaces", 0.01), ("Microsoft.Network/privateEndpoints", 0.05),
    ("Microsoft.Network/privateDnsZones", 0.02), ("Microsoft.Insights/metricAlerts", 0.04),
    ("Microsoft.ManagedIdentity/userAssignedIdentities", 0.03), ("Microsoft.Cache/Redis", 0.01),
    ("Microsoft.EventHub/namespaces", 0.005), ("Microsoft.ServiceBus/namespaces", 0.005),
    ("Microsoft.Network/loadBalancers", 0.01), ("Microsoft.Network/applicationGateways", 0.003),
    ("Microsoft.DataFactory/factories", 0.003), ("Microsoft.CognitiveServices/accounts", 0.002),
    ("Microsoft.Network/networkWatchers", 0.002), ("Contoso.Custom/widgets", 0.005),
]
VM_SIZES = ["Standard_B2s", "Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5", "Standard_D16s_v5",
            "Standard_E4s_v5", "Standard_E8s_v5", "Standard_E16s_v5", "Standard_F4s_v2", "Standard_D4ds_v5"]
LOCATIONS = ["francecentral"] * 6 + ["westeurope"] * 3 + ["northeurope"]


def resource(i: int, rtype: str, rng: random.Random) -> dict:
    sub = f"{rng.randrange(40):08x}-0000-4000-8000-000000000000"
    rg = f"rg-{rng.randrange(2000):04d}"
    name = f"r{i:08d}"
    parts = rtype.split("/")
    if len(parts) == 3:  # child type: give it a parent
        rid = f"/subscriptions/{sub}/resourceGroups/{rg}/providers/{parts[0]}/{parts[1]}/p{i:08d}/{parts[2]}/{name}"
        name = f"p{i:08d}/{name}"
    else:
        rid = f"/subscriptions/{sub}/resourceGroups/{rg}/providers/{rtype}/{name}"
    sku, props, kind = None, {}, None
    t = rtype.lower()
    if t == "microsoft.compute/virtualmachines":
        props = {"hardwareProfile": {"vmSize": rng.choice(VM_SIZES)},
                 "storageProfile": {"osDisk": {"osType": "Windows" if rng.random() < 0.2 else "Linux"}}}
    elif t == "microsoft.compute/disks":
        sku = {"name": rng.choice(["Premium_LRS", "StandardSSD_LRS", "Standard_LRS"])}
        props = {"diskSizeGB": rng.choice([32, 64, 128, 256, 512, 1024])}
    elif t == "microsoft.containerservice/managedclusters":
        sku = {"name": "Base", "tier": rng.choice(["Free", "Standard"])}
        props = {"agentPoolProfiles": [{"name": "system", "count": 3, "vmSize": "Standard_D4s_v5"},
                                       {"name": "user", "count": rng.randrange(2, 30), "vmSize": rng.choice(VM_SIZES)}]}
    elif t == "microsoft.dbforpostgresql/flexibleservers":
        sku = {"name": rng.choice(["Standard_D2ds_v5", "Standard_D4ds_v5", "Standard_D8ds_v5"]), "tier": "GeneralPurpose"}
        props = {"storage": {"storageSizeGB": rng.choice([128, 256, 512, 1024])}}
    elif t == "microsoft.sql/servers/databases":
        cap = rng.choice([2, 4, 8])
        sku = {"name": "GP_Gen5", "tier": "GeneralPurpose", "capacity": cap}
        props = {"maxSizeBytes": rng.choice([32, 250, 1024]) * 1024**3}
    elif t == "microsoft.web/serverfarms":
        sku = {"name": rng.choice(["P1v3", "P2v3", "S1", "B1"]), "capacity": rng.randrange(1, 4)}
    elif t == "microsoft.storage/storageaccounts":
        sku = {"name": rng.choice(["Standard_LRS", "Standard_ZRS", "Standard_GRS"])}
        kind = "StorageV2"
    elif t == "microsoft.cache/redis":
        sku = {"name": "Standard", "family": "C", "capacity": rng.randrange(0, 4)}
    elif t == "microsoft.eventhub/namespaces":
        sku = {"name": "Standard", "tier": "Standard", "capacity": rng.randrange(1, 5)}
    return {"id": rid, "name": name, "type": t, "tenantId": "00000000-0000-0000-0000-0000000000aa", "kind": kind,
            "location": rng.choice(LOCATIONS), "resourceGroup": rg, "subscriptionId": sub, "managedBy": "",
            "sku": sku, "plan": None, "properties": props, "tags": {"env": rng.choice(["prod", "dev", "test"])},
            "identity": None, "zones": None, "extendedLocation": None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--layout", choices=["envelope", "list"], default="envelope")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    types, weights = zip(*MIX)
    with open(args.output, "w") as fh:
        if args.layout == "envelope":
            fh.write('{"count": %d, "total_records": %d, "skip_token": null, "data": [\n' % (args.n, args.n))
        else:
            fh.write("[\n")
        for i in range(args.n):
            if i:
                fh.write(",\n")
            fh.write(json.dumps(resource(i, rng.choices(types, weights)[0], rng), separators=(",", ":")))
        fh.write("\n]}\n" if args.layout == "envelope" else "\n]\n")
    print(f"wrote {args.n} resources to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
