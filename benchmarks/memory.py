"""Memory of one run, stage by stage: for warehouses too big to measure by running out of it.

Runs `engine.pipeline.run` in this process (lineage on the local pool, `--jobs`), samples the
resident memory of this process and of its worker processes every second, prints it at every
stage change and every `--every` seconds, and stops the run (the whole process group) once
their sum passes `--limit-mb`, before the kernel's out-of-memory killer picks a victim. Writes
the samples, stage timings and counts as JSON.

    python benchmarks/memory.py /tmp/lineage-bench/n1000000-s1 --json results-1m-memory.json
    python benchmarks/memory.py WAREHOUSE --graph      # the graph stage too (refused if it
                                                       # would not fit: engine/graph/budget.py)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import pipeline  # noqa: E402


def _rss_mb(pid: str = "self") -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf(
            "SC_PAGE_SIZE") // 2**20
    except (OSError, IndexError, ValueError):
        return 0


def _children_mb() -> int:
    me, total = os.getpid(), 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == me:
            total += _rss_mb(pid)
    return total


class Sampler:
    """Samples memory every second on a thread; stops the process group past the limit."""

    def __init__(self, limit_mb: int, every: float, began: float) -> None:
        self.limit_mb, self.every, self.began = limit_mb, every, began
        self.stage: str | None = None
        self.done = self.total = 0
        self.samples: list[dict[str, Any]] = []
        self.peak = {"self_mb": 0, "with_workers_mb": 0}
        self.stages: list[dict[str, Any]] = []

    def progress(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            mark = {"stage": stage, "t": round(time.time() - self.began, 1),
                    "self_mb": _rss_mb(), "workers_mb": _children_mb()}
            self.stages.append(mark)
            print(json.dumps(mark), flush=True)
        self.stage, self.done, self.total = stage, done, total

    def run(self) -> None:
        last = 0.0
        while True:
            now = time.time() - self.began
            own, workers = _rss_mb(), _children_mb()
            self.peak["self_mb"] = max(self.peak["self_mb"], own)
            self.peak["with_workers_mb"] = max(self.peak["with_workers_mb"], own + workers)
            if now - last >= self.every:
                last = now
                sample = {"t": round(now, 1), "stage": self.stage, "done": self.done,
                          "total": self.total, "self_mb": own, "workers_mb": workers}
                self.samples.append(sample)
                print(json.dumps(sample), flush=True)
            if own + workers > self.limit_mb:
                print(f"stopped: {own + workers} MB > --limit-mb {self.limit_mb} in stage "
                      f"{self.stage}", flush=True)
                os.killpg(0, signal.SIGKILL)
            time.sleep(1)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("work", type=Path, help="a generated warehouse (benchmarks/generate.py)")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    ap.add_argument("--graph", action="store_true", help="build the graph too")
    ap.add_argument("--limit-mb", type=int, default=21_500,
                    help="stop past this much resident memory, workers included (default "
                    "21500: this 24 GiB machine's with room for the OS)")
    ap.add_argument("--every", type=float, default=30.0, help="seconds between samples")
    ap.add_argument("--today", default="2026-11-24")
    ap.add_argument("--json", type=Path, default=None, help="write the results here")
    args = ap.parse_args(argv)
    os.setpgrp()  # the limit stops the workers too
    began = time.time()
    sampler = Sampler(args.limit_mb, args.every, began)
    threading.Thread(target=sampler.run, daemon=True).start()
    result = pipeline.run(args.work / "catalog.yaml", today=date.fromisoformat(args.today),
                          build=args.graph, jobs=args.jobs, progress=sampler.progress)
    out = {
        "work": str(args.work), "seconds": round(time.time() - began, 1),
        "stats": result.stats.model_dump(mode="json"), "findings": len(result.findings),
        "peak": sampler.peak, "stages": sampler.stages, "samples": sampler.samples,
        "maxrss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "maxrss_workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
    }
    print(json.dumps({k: v for k, v in out.items() if k != "samples"}), flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(out, indent=1) + "\n")
    os._exit(0)  # freeing millions of objects one by one costs minutes at 1M tasks


if __name__ == "__main__":
    main()
