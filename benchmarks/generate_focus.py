"""Write a synthetic Azure FOCUS 1.0 cost export of N rows, as Parquet and/or CSV.gz, generated inside DuckDB.

    python benchmarks/generate_focus.py 20000000 --out benchmarks/data/focus-20m [--formats parquet,csv.gz]

Column set: the 43 FOCUS 1.0 columns plus the Azure x_ columns Cost Management adds most often
(x_ResourceGroupName, x_ResourceType, x_SkuMeterCategory, x_SkuMeterName, x_BilledCostInUsd,
x_EffectiveCostInUsd, x_BillingExchangeRate, x_PricingCurrency, x_SkuDetails, x_PublisherCategory).
Value mix: 20,000 resources in 60 resource groups and 8 subscriptions over three months, daily
rows; 96% Usage, 0.2% Purchase (reservations, support, marketplace), then Tax, Credit and Adjustment;
a third of VM usage covered by a reservation (EffectiveCost below BilledCost, BilledCost 0). The
seed makes the file reproducible. Nothing here is real data.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

# (ServiceName, ServiceCategory, ARM type, friendly ResourceType, meter category, weight, mean daily EUR)
SERVICES = [
    ("Virtual Machines", "Compute", "Microsoft.Compute/virtualMachines", "Virtual machine", "Virtual Machines", 30, 14.0),
    ("Storage", "Storage", "Microsoft.Compute/disks", "Disk", "Storage", 20, 1.6),
    ("Storage", "Storage", "Microsoft.Storage/storageAccounts", "Storage account", "Storage", 12, 3.1),
    ("Azure SQL Database", "Databases", "Microsoft.Sql/servers/databases", "SQL database", "SQL Database", 6, 22.0),
    ("Azure Kubernetes Service", "Compute", "Microsoft.ContainerService/managedClusters", "Kubernetes service",
     "Azure Kubernetes Service", 2, 4.0),
    ("Virtual Network", "Networking", "Microsoft.Network/publicIPAddresses", "Public IP address", "Virtual Network", 8, 0.12),
    ("Load Balancer", "Networking", "Microsoft.Network/loadBalancers", "Load balancer", "Load Balancer", 3, 0.6),
    ("Bandwidth", "Networking", "Microsoft.Compute/virtualMachines", "Virtual machine", "Bandwidth", 6, 0.4),
    ("Azure Monitor", "Management and Governance", "Microsoft.OperationalInsights/workspaces", "Log Analytics workspace",
     "Log Analytics", 4, 5.5),
    ("Key Vault", "Security", "Microsoft.KeyVault/vaults", "Key vault", "Key Vault", 3, 0.05),
    ("Azure App Service", "Web", "Microsoft.Web/serverFarms", "App Service plan", "Azure App Service", 4, 4.8),
    ("Azure Cosmos DB", "Databases", "Microsoft.DocumentDB/databaseAccounts", "Azure Cosmos DB account",
     "Azure Cosmos DB", 2, 9.0),
]


def _values(rows, fmt):
    return "VALUES " + ", ".join("(" + ", ".join(fmt(v) for v in r) + ")" for r in rows)


def _lit(v):
    return str(v) if isinstance(v, (int, float)) else "'" + str(v).replace("'", "''") + "'"


def build_sql(n: int, seed: float = 0.42) -> str:
    services = _values([(i, *s) for i, s in enumerate(SERVICES)], _lit)
    weights = [s[5] for s in SERVICES]
    cum, acc = [], 0
    for w in weights:
        acc += w
        cum.append(acc)
    # A resource's service is fixed by its number: pick by cumulative weight.
    pick = "CASE " + " ".join(f"WHEN (r % {acc}) < {c} THEN {i}" for i, c in enumerate(cum)) + " END"
    return f"""
    SELECT setseed({seed});
    CREATE TEMP TABLE svc(sid INT, service VARCHAR, category VARCHAR, arm VARCHAR, friendly VARCHAR, meter VARCHAR,
                          weight INT, mean DOUBLE);
    INSERT INTO svc {services};
    CREATE TEMP VIEW base AS
    SELECT i, r, {pick} AS sid, (i % 92) AS dayno,
           hash(i) % 1000 AS u, (hash(i * 7 + 3) % 1000000) / 1000000.0 AS x
    FROM (SELECT i, (hash(i) // 1000) % 20000 AS r FROM range({n}) t(i));
    CREATE TEMP VIEW focus AS
    SELECT
      CASE WHEN s.arm = 'Microsoft.Compute/virtualMachines' THEN 'francecentral-' || (1 + r % 3) END AS AvailabilityZone,
      round(CASE WHEN cat = 'Usage' AND covered THEN 0 ELSE cost END, 6)::DECIMAL(18,6) AS BilledCost,
      '/providers/Microsoft.Billing/billingAccounts/12345678' AS BillingAccountId,
      'Example Health Research' AS BillingAccountName,
      'EUR' AS BillingCurrency,
      strftime(date_trunc('month', day) + INTERVAL 1 MONTH, '%Y-%m-%dT%H:%M:%SZ') AS BillingPeriodEnd,
      strftime(date_trunc('month', day), '%Y-%m-%dT%H:%M:%SZ') AS BillingPeriodStart,
      cat AS ChargeCategory,
      CASE WHEN u = 999 AND cat = 'Usage' THEN 'Correction' END AS ChargeClass,
      CASE cat WHEN 'Usage' THEN s.meter || ' ' || s.friendly || ' usage' WHEN 'Tax' THEN 'VAT'
               WHEN 'Credit' THEN 'Azure Prepayment credit' WHEN 'Adjustment' THEN 'Rounding adjustment'
               ELSE CASE WHEN (i % 3) = 0 THEN 'Reserved VM instance, 1 year' WHEN (i % 3) = 1 THEN 'Standard support'
                         ELSE 'Marketplace SaaS subscription' END END AS ChargeDescription,
      CASE WHEN cat = 'Usage' THEN 'Usage-Based' WHEN cat = 'Purchase' THEN 'Recurring' ELSE 'One-Time' END
        AS ChargeFrequency,
      strftime(day + INTERVAL 1 DAY, '%Y-%m-%dT%H:%M:%SZ') AS ChargePeriodEnd,
      strftime(day, '%Y-%m-%dT%H:%M:%SZ') AS ChargePeriodStart,
      CASE WHEN covered THEN 'Usage' END AS CommitmentDiscountCategory,
      CASE WHEN covered THEN '/providers/Microsoft.Capacity/reservationOrders/ro-' || (r % 7) END AS CommitmentDiscountId,
      CASE WHEN covered THEN 'VM reservation ' || (r % 7) END AS CommitmentDiscountName,
      CASE WHEN covered THEN 'Used' END AS CommitmentDiscountStatus,
      CASE WHEN covered THEN 'Reservation' END AS CommitmentDiscountType,
      round(24 * (0.5 + x), 4) AS ConsumedQuantity, 'Hours' AS ConsumedUnit,
      round(cost * 0.97, 6)::DECIMAL(18,6) AS ContractedCost, round(cost / 24, 8) AS ContractedUnitPrice,
      round(CASE WHEN cat = 'Purchase' AND (i % 3) = 0 THEN 0 WHEN covered THEN cost * 0.62 ELSE cost END, 6)::DECIMAL(18,6)
        AS EffectiveCost,
      'Microsoft' AS InvoiceIssuerName,
      round(cost * 1.08, 6)::DECIMAL(18,6) AS ListCost, round(cost * 1.08 / 24, 8) AS ListUnitPrice,
      CASE WHEN covered THEN 'Committed' ELSE 'Standard' END AS PricingCategory,
      round(24 * (0.5 + x), 4) AS PricingQuantity, '1 Hour' AS PricingUnit,
      'Microsoft' AS ProviderName,
      CASE WHEN cat = 'Purchase' AND (i % 3) = 2 THEN 'Contoso Software' ELSE 'Microsoft' END AS PublisherName,
      'francecentral' AS RegionId, 'France Central' AS RegionName,
      CASE WHEN cat = 'Usage' THEN rid WHEN cat = 'Purchase' AND (i % 3) = 0
           THEN '/providers/microsoft.capacity/reservationorders/ro-' || (r % 7) END AS ResourceId,
      CASE WHEN cat = 'Usage' THEN 'res-' || r END AS ResourceName,
      CASE WHEN cat = 'Usage' THEN s.friendly END AS ResourceType,
      CASE WHEN cat = 'Usage' THEN s.category WHEN cat = 'Purchase' AND (i % 3) = 0 THEN 'Compute'
           WHEN cat = 'Purchase' AND (i % 3) = 2 THEN 'Storage' ELSE 'Other' END AS ServiceCategory,
      CASE WHEN cat = 'Usage' THEN s.service WHEN cat = 'Tax' THEN 'Tax' WHEN cat = 'Credit' THEN 'Azure Credit'
           WHEN cat = 'Adjustment' THEN 'Rounding Adjustment' WHEN (i % 3) = 0 THEN 'Virtual Machines'
           WHEN (i % 3) = 1 THEN 'Azure Support' ELSE 'Contoso Backup' END AS ServiceName,
      'DZH318Z0BQ' || (r % 50) AS SkuId, 'DZH318Z0BQ' || (r % 50) || '/0001' AS SkuPriceId,
      '/subscriptions/' || sub AS SubAccountId, 'subscription-' || (r % 8) AS SubAccountName,
      '{{"env":"' || (CASE WHEN r % 3 = 0 THEN 'prod' ELSE 'dev' END) || '","costcenter":"cc-' || (r % 40) || '"}}' AS Tags,
      CASE WHEN cat = 'Usage' THEN 'rg-' || (r % 60) END AS x_ResourceGroupName,
      CASE WHEN cat = 'Usage' THEN lower(s.arm) END AS x_ResourceType,
      s.meter AS x_SkuMeterCategory, s.friendly || ' meter' AS x_SkuMeterName,
      round(cost * 1.05, 6) AS x_BilledCostInUsd, round(cost * 1.05, 6) AS x_EffectiveCostInUsd,
      1.0 AS x_BillingExchangeRate, 'EUR' AS x_PricingCurrency,
      '{{"ServiceType":"' || s.friendly || '"}}' AS x_SkuDetails,
      CASE WHEN cat = 'Purchase' AND (i % 3) = 2 THEN 'Marketplace' ELSE 'Vendor' END AS x_PublisherCategory
    FROM (
      SELECT b.*, s.*,
             DATE '2026-08-01' + CAST(dayno AS INT) AS day,
             CASE WHEN u < 960 THEN 'Usage' WHEN u < 962 THEN 'Purchase' WHEN u < 980 THEN 'Tax'
                  WHEN u < 995 THEN 'Credit' ELSE 'Adjustment' END AS cat,
             (u < 960 AND s.service = 'Virtual Machines' AND r % 3 = 0) AS covered,
             CASE WHEN u < 960 THEN s.mean * (0.2 + 1.6 * x) WHEN u < 962 THEN 50 + 400 * x
                  WHEN u < 980 THEN 2 * x WHEN u < 995 THEN -3 * x ELSE 0.01 - 0.02 * x END AS cost,
             '00000000-0000-4000-8000-00000000000' || (r % 8) AS sub,
             '/subscriptions/00000000-0000-4000-8000-00000000000' || (r % 8) || '/resourceGroups/rg-' || (r % 60)
               || '/providers/' || s.arm || '/res-' || r AS rid
      FROM base b JOIN svc s USING (sid)) s
    """


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("--out", required=True, help="Path without extension; .parquet and .csv.gz are added.")
    ap.add_argument("--formats", default="parquet,csv.gz")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--csv-by-month", action="store_true",
                    help="Write CSV.gz as a folder <out>-csv/ of one part per month, as a partitioned export "
                         "(gzip is single-threaded per file: run this with a few processes' worth of time).")
    args = ap.parse_args()
    import duckdb

    # Row order does not matter in a cost export; preserving it makes COPY hold far more in memory.
    con = duckdb.connect(config={"memory_limit": "2GB", "preserve_insertion_order": False,
                                 **({"threads": args.threads} if args.threads else {})})
    con.execute(build_sql(args.rows))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    for fmt in args.formats.split(","):
        target = f"{args.out}.{fmt}"
        t0 = time.perf_counter()
        opts = {"parquet": "FORMAT parquet, COMPRESSION zstd", "csv": "FORMAT csv, HEADER",
                "csv.gz": "FORMAT csv, HEADER, COMPRESSION gzip"}[fmt]
        if fmt != "parquet" and args.csv_by_month:
            target = f"{args.out}-csv"
            Path(target).mkdir(exist_ok=True)
            for month in ("2026-08", "2026-09", "2026-10"):
                con.execute(f"COPY (SELECT * FROM focus WHERE ChargePeriodStart LIKE '{month}-%') "
                            f"TO '{target}/part-{month}.csv.gz' ({opts})")
        else:
            con.execute(f"COPY (SELECT * FROM focus) TO '{target}' ({opts})")
        size = sum(f.stat().st_size for f in Path(target).glob("*")) if Path(target).is_dir() else Path(target).stat().st_size
        print(f"{target}: {args.rows:,} rows in {time.perf_counter() - t0:.1f} s, {size / 1e6:,.1f} MB")


if __name__ == "__main__":
    main()
