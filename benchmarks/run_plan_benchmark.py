"""Time `migrate plan` on synthetic estates and report wall time, peak memory and rows per second.

    python benchmarks/run_plan_benchmark.py 100000 1000000

Generates benchmarks/data/inv-<N>.json when missing (benchmarks/generate_inventory.py),
then runs the installed `migrate plan` in a child process against three providers and reads
the child's peak resident memory from the kernel (getrusage). Figures go to stdout as a table.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROVIDERS = ["ovhcloud", "outscale", "scaleway"]


def run_one(n: int) -> dict:
    data = HERE / "data" / f"inv-{n}.json"
    if not data.exists():
        data.parent.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate_inventory.py"), str(n), "-o", str(data)], check=True)
    cmd = ["migrate", "plan", str(data), *[a for p in PROVIDERS for a in ("--provider", p)]]
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"resources": n, "providers": len(PROVIDERS), "seconds": wall, "peak_gb": peak_kb / 1024**2,
            "resources_per_s": n / wall, "peak_is_max_so_far": peak_kb > before}


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000]
    print(f"# migrate plan benchmark, {os.cpu_count()} CPU(s), providers: {', '.join(PROVIDERS)}")
    print("| resources | wall time (s) | peak memory (GB) | resources/s |")
    print("|---:|---:|---:|---:|")
    for n in sizes:
        r = run_one(n)
        # ru_maxrss of children is the max over all children so far: run sizes in increasing order.
        print(f"| {r['resources']:,} | {r['seconds']:.1f} | {r['peak_gb']:.2f} | {r['resources_per_s']:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
