"""Time `migrate costs` against a plain DuckDB query doing the same aggregation on the same file.

    python benchmarks/run_cost_benchmark.py benchmarks/data/focus-20m.parquet benchmarks/data/focus-20m-csv/

Each run is a child process under /usr/bin/time -v, which reports wall time and peak resident memory.
The plain query is what an analyst would write for the same aggregation: DuckDB's own reader with
detected types and default settings, one GROUP BY on the keys `migrate costs` needs (month, resource,
service, charge category, currency, provider, publisher, commitment, description of charges without a
resource) with the first and last charge date, summing BilledCost and EffectiveCost.
Both results' totals per service and month are compared to the cent, so the two did the same work.
Generate the files first with benchmarks/generate_focus.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PLAIN = """
import duckdb, json, sys
import os
path = sys.argv[1]
if os.path.isdir(path):  # a partitioned export: every part
    path = os.path.join(path, '*.csv.gz')
src = f"read_parquet('{path}')" if path.endswith('.parquet') else f"read_csv('{path}', header = true)"
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
rows = con.execute(f'''
  SELECT substr(CAST(ChargePeriodStart AS VARCHAR), 1, 7) AS month, ServiceName, lower(ResourceId) AS rid,
         ChargeCategory, BillingCurrency, ProviderName, PublisherName, CommitmentDiscountId IS NOT NULL AS committed,
         CASE WHEN ResourceId IS NULL THEN ChargeDescription END AS description,
         min(ChargePeriodStart), max(ChargePeriodStart), sum(BilledCost) AS billed, sum(EffectiveCost) AS effective,
         count(*)
  FROM {src} GROUP BY ALL''').fetchall()
json.dump([[r[0], r[1], float(r[11]), float(r[12]), r[13]] for r in rows], sys.stdout)
"""


def timed(cmd: list[str], out: Path) -> dict:
    with out.open("w") as fh:
        proc = subprocess.run(["/usr/bin/time", "-v", *cmd], stdout=fh, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    h, m, s = (float(x) if x else 0.0 for x in wall.groups())
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return {"seconds": h * 3600 + m * 60 + s, "peak_mb": rss / 1024}


def main() -> None:
    files = sys.argv[1:]
    if not files:
        raise SystemExit(__doc__)
    print(f"# migrate costs vs plain DuckDB, {os.cpu_count()} CPU(s)")
    print("| file | rows | migrate costs s | rows/s | peak MB | plain DuckDB s | rows/s | peak MB | ratio | "
          "totals per service and month equal |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            mine, plain = Path(tmp) / "mine.json", Path(tmp) / "plain.json"
            a = timed([sys.executable, "-c", "from migrate.cli import main; main()", "costs", f, "--format", "json"],
                      mine)
            b = timed([sys.executable, "-c", PLAIN, f], plain)
            t = json.loads(mine.read_text())
            rows = t["total"]["rows"]
            ref = defaultdict(lambda: [0.0, 0.0])
            for month, service, billed, effective, _ in json.loads(plain.read_text()):
                ref[(service, month)][0] += billed
                ref[(service, month)][1] += effective
            got = {(r["service"], r["month"]): [r["billed_cost"], r["effective_cost"]] for r in t["by_service_month"]}
            same = got.keys() == ref.keys() and all(abs(got[k][i] - ref[k][i]) < 0.005 for k in got for i in (0, 1))
            print(f"| {Path(f).name} | {rows:,} | {a['seconds']:.1f} | {rows / a['seconds']:,.0f} | {a['peak_mb']:,.0f} | "
                  f"{b['seconds']:.1f} | {rows / b['seconds']:,.0f} | {b['peak_mb']:,.0f} | "
                  f"{a['seconds'] / b['seconds']:.2f}x | {'yes' if same else 'NO'} |", flush=True)


if __name__ == "__main__":
    main()
