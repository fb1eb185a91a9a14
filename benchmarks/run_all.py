"""Every scale benchmark in one command: plans of 10k, 100k and 1M resources and cost exports of 1M and 20M rows.

    python benchmarks/run_all.py                               # everything (20M rows: ~20 GB of files, minutes)
    python benchmarks/run_all.py --resources 10000,100000 --cost-rows 1000000 --repeat 3

Each measured command runs in a child process under /usr/bin/time -v (wall time, CPU time and the child's
peak resident memory), next to a DuckDB reference on the same file, and the table gives the ratio of wall
times. The machine's load average is printed with every row: on a shared machine wall times move with it,
CPU seconds less so.

Workloads per estate of N resources (benchmarks/data/inv-N.json, written by generate_inventory.py when
missing; --layout list uses a top-level array, inv-list-N.json):

- ``import``: the importer alone (migrate.sources.inventory.importer.import_files);
- ``plan 3``: `migrate plan FILE` against OVHcloud, Outscale and Scaleway (terminal table);
- ``plan all``: `migrate plan FILE` against every catalogued provider;
- ``plan all --waves 4``: the same with the dependency graph and four waves;
- ``plan all --out`` (only when named in --workloads): every output file written.

Reference for an estate: DuckDB reads the same JSON file and counts resources by type and region
(read_json; unnest of ``data`` for the az graph query envelope, format='array' for a top-level list).

Cost exports of R rows (benchmarks/data/focus-R.{csv,csv.gz,parquet}, written by generate_focus.py when
missing): `migrate costs FILE --format json` against the plain DuckDB group-by of run_cost_benchmark.py,
whose totals per service and month must equal migrate's to the cent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))

from run_cost_benchmark import PLAIN  # noqa: E402

THREE = ["ovhcloud", "outscale", "scaleway"]
MIGRATE = [sys.executable, "-c", "from migrate.cli import main; main()"]
IMPORT_ONLY = """
import sys
from migrate.catalog.load import load_catalog
from migrate.sources.inventory.importer import import_files
r = import_files([sys.argv[1]], vm_sizes=load_catalog().vm_sizes)
print(len(r.inventory))
"""
JSON_REFERENCE = """
import duckdb, sys
path, layout = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
if layout == "list":
    src = f"(SELECT type, location FROM read_json('{path}', format = 'array'))"
else:
    src = (f"(SELECT d.type AS type, d.location AS location FROM (SELECT unnest(data) AS d FROM read_json('{path}', "
           f"maximum_object_size = {2**31 - 1}, columns = {{data: 'STRUCT(type VARCHAR, location VARCHAR)[]'}})))")
rows = con.execute(f"SELECT lower(type), location, count(*) FROM {src} GROUP BY ALL").fetchall()
print(sum(r[2] for r in rows))
"""


def load() -> str:
    with open("/proc/loadavg") as fh:
        return fh.read().split()[0]


def measure(cmd: list[str], out: Path | None = None) -> dict:
    """Run ``cmd`` under /usr/bin/time -v: wall and CPU seconds, peak resident memory of the child."""
    sink = out.open("w") if out else subprocess.DEVNULL
    try:
        proc = subprocess.run(["/usr/bin/time", "-v", *cmd], stdout=sink, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        if out:
            sink.close()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    text = proc.stderr
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    h, m, s = (float(x) if x else 0.0 for x in wall.groups())
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", text).group(1)) for k in ("User", "System"))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return {"seconds": h * 3600 + m * 60 + s, "cpu": cpu, "peak_mb": rss / 1024}


def best(cmd: list[str], repeat: int, out: Path | None = None) -> tuple[dict, list[dict]]:
    """The run with the least wall time of ``repeat`` (and every run, for ranges)."""
    runs = [measure(cmd, out) for _ in range(repeat)]
    return min(runs, key=lambda r: r["seconds"]), runs


def span(runs: list[dict], key: str, fmt: str) -> str:
    lo, hi = min(r[key] for r in runs), max(r[key] for r in runs)
    return format(lo, fmt) if f"{lo:{fmt}}" == f"{hi:{fmt}}" else f"{lo:{fmt}}–{hi:{fmt}}"


def cell(runs: list[dict]) -> str:
    return f"{span(runs, 'seconds', '.1f')} s ({span(runs, 'cpu', '.1f')} s CPU), {span(runs, 'peak_mb', ',.0f')} MB"


def inventory_file(n: int, layout: str) -> Path:
    path = DATA / (f"inv-{n}.json" if layout == "envelope" else f"inv-list-{n}.json")
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate_inventory.py"), str(n), "-o", str(path), "--layout",
                        layout], check=True)
    return path


def cost_file(rows: int, fmt: str) -> Path:
    path = DATA / f"focus-{rows}.{fmt}"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate_focus.py"), str(rows), "--out",
                        str(DATA / f"focus-{rows}"), "--formats", fmt], check=True)
    return path


def row(workload: str, path: Path, mine: list[dict], ref: list[dict], note: str = "") -> str:
    ratio = min(r["seconds"] for r in mine) / min(r["seconds"] for r in ref)
    return (f"| {workload} | {path.name} ({path.stat().st_size / 1e6:,.0f} MB) | {cell(mine)} | {cell(ref)} | "
            f"{ratio:.2f}x | {load()} | {note} |")


WORKLOADS = ("import", "plan3", "plan", "waves", "out")


def plans(n: int, layout: str, repeat: int, workloads: list[str]) -> None:
    path = inventory_file(n, layout)
    _, ref = best([sys.executable, "-c", JSON_REFERENCE, str(path), layout], repeat)
    three = [a for p in THREE for a in ("--provider", p)]
    with tempfile.TemporaryDirectory() as tmp:
        work = {"import": ("import", [sys.executable, "-c", IMPORT_ONLY, str(path)]),
                "plan3": ("plan 3 providers", [*MIGRATE, "plan", str(path), *three]),
                "plan": ("plan all providers", [*MIGRATE, "plan", str(path)]),
                "waves": ("plan all providers --waves 4", [*MIGRATE, "plan", str(path), "--waves", "4"]),
                "out": ("plan all providers --out", [*MIGRATE, "plan", str(path), "--out", str(Path(tmp) / "out")])}
        for label, cmd in (work[w] for w in workloads):
            _, mine = best(cmd, repeat)
            print(row(f"{n:,} resources: {label}", path, mine, ref), flush=True)


def costs(rows: int, fmt: str, repeat: int) -> None:
    path = cost_file(rows, fmt)
    with tempfile.TemporaryDirectory() as tmp:
        mine_out, plain_out = Path(tmp) / "mine.json", Path(tmp) / "plain.json"
        _, mine = best([*MIGRATE, "costs", str(path), "--format", "json"], repeat, mine_out)
        _, ref = best([sys.executable, "-c", PLAIN, str(path)], repeat, plain_out)
        t = json.loads(mine_out.read_text())
        expected = defaultdict(lambda: [0.0, 0.0])
        for month, service, billed, effective, _ in json.loads(plain_out.read_text()):
            expected[(service, month)][0] += billed
            expected[(service, month)][1] += effective
        got = {(r["service"], r["month"]): [r["billed_cost"], r["effective_cost"]] for r in t["by_service_month"]}
        same = got.keys() == expected.keys() and all(abs(got[k][i] - expected[k][i]) < 0.005
                                                     for k in got for i in (0, 1))
    note = f"{t['total']['rows']:,} rows; totals per service and month {'equal' if same else 'DIFFER'}"
    print(row(f"{rows:,} cost rows: migrate costs ({fmt})", path, mine, ref, note), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resources", default="10000,100000,1000000", help="Estate sizes, comma-separated ('' for none).")
    ap.add_argument("--cost-rows", default="1000000,20000000", help="Cost export sizes, comma-separated ('' for none).")
    ap.add_argument("--cost-formats", default="csv,csv.gz,parquet")
    ap.add_argument("--layout", choices=["envelope", "list"], default="envelope",
                    help="Inventory JSON layout: az graph query's envelope or a top-level array.")
    ap.add_argument("--repeat", type=int, default=1, help="Runs of each command (the table shows the range).")
    ap.add_argument("--workloads", default="import,plan3,plan,waves",
                    help=f"Estate workloads, comma-separated, of {', '.join(WORKLOADS)} (out: `migrate plan --out`, "
                         "every output file written).")
    args = ap.parse_args()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"# scale benchmarks: {os.cpu_count()} CPU(s), {memory:.0f} GB memory; load average at start {load()}; "
          f"{args.repeat} run(s) each")
    print("| workload | file | migrate: wall (CPU), peak memory | DuckDB reference: wall (CPU), peak memory | "
          "ratio (wall) | load | note |")
    print("|---|---|---|---|---|---|---|")
    for n in (int(x) for x in args.resources.split(",") if x):
        plans(n, args.layout, args.repeat, [w for w in args.workloads.split(",") if w])
    for rows in (int(x) for x in args.cost_rows.split(",") if x):
        for fmt in args.cost_formats.split(","):
            costs(rows, fmt, args.repeat)


if __name__ == "__main__":
    main()
