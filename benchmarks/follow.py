"""Follow a command and the work it leaves after its verdict: wall times and memory by role.

`lineage-policy check` exits at its verdict and leaves a detached child to keep the run's
state and write the graph; for a big graph that child execs a program of its own
(`engine.graph.handoff`), which starts a loader process. Peak RSS of the command alone says
nothing of them. This samples, every `--every` seconds, the resident memory of the command
and of every process it led to (its children, a forked child with the command's own command
line even once re-parented, and their children), by role, with the machine's MemAvailable,
until all are gone. Writes the samples and the times each role was first and last seen.

    python benchmarks/follow.py --json out.json --cwd /tmp/lineage-bench/n1000000-s1 -- \\
        lineage-policy check --today 2026-11-24 --format json --output findings.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROLES = (("engine.graph.loader", "loader"), ("engine.graph.handoff", "handoff"),
         ("multiprocessing", "worker"))


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, resident bytes) of `pid`, or None if it is gone (or a zombie)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        if fields[0] == "Z":
            return None
        return int(fields[1]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return None


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _available() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


def _role(pid: int, line: bytes, command: subprocess.Popen[bytes], own: bytes) -> str:
    for marker, role in ROLES:
        if marker.encode() in line:
            return role
    if pid == command.pid:
        return "command"
    return "child" if line == own else "other"


def follow(argv: list[str], cwd: Path, every: float, out: Path) -> dict[str, Any]:
    """Run `argv` in `cwd` and follow it and what it leaves until all are gone."""
    began = time.monotonic()
    with open(out.with_suffix(".stdout"), "wb") as so, open(out.with_suffix(".stderr"), "wb") as se:
        command = subprocess.Popen(argv, cwd=cwd, stdout=so, stderr=se)
    own = b"".join(a.encode() + b"\0" for a in argv)  # as the kernel shows it once exec'd
    tracked: dict[int, str] = {command.pid: "command"}
    me = os.getpid()
    seen: dict[str, list[float]] = {}
    samples: list[dict[str, Any]] = []
    status: int | None = None
    verdict: float | None = None
    peak: dict[str, int] = {}
    while True:
        if status is None and command.poll() is not None:
            status, verdict = command.returncode, round(time.monotonic() - began, 1)
        procs = {}  # pid -> (parent, resident bytes, command line), read once a sample
        for name in filter(str.isdigit, os.listdir("/proc")):
            pid = int(name)
            stat = _stat(pid)
            if stat is not None:
                procs[pid] = (*stat, _cmdline(pid))
        grew = True
        while grew:  # children of children, in any order
            grew = False
            for pid, (parent, _, line) in procs.items():
                if pid not in tracked and pid != me and (parent in tracked or line == own):
                    tracked[pid] = "?"
                    grew = True
        alive = [pid for pid in tracked if pid in procs]
        if not alive and status is not None:
            break
        now = round(time.monotonic() - began, 1)
        by_role: dict[str, int] = {}
        for pid in alive:
            tracked[pid] = _role(pid, procs[pid][2], command, own)  # an exec changes it
            by_role[tracked[pid]] = by_role.get(tracked[pid], 0) + procs[pid][1]
            seen.setdefault(tracked[pid], [now, now])[1] = now
        total = sum(by_role.values())
        for role, rss in [*by_role.items(), ("total", total)]:
            peak[role] = max(peak.get(role, 0), rss)
        samples.append({"t": now, "available_mib": _available() // 2**20, "total_mib":
                        total // 2**20, **{k: v // 2**20 for k, v in sorted(by_role.items())}})
        print(f"{datetime.now():%H:%M:%S} t={now:>7.1f}s total {total / 2**30:5.1f} GiB "
              + " ".join(f"{k}={v / 2**30:.1f}" for k, v in sorted(by_role.items()))
              + f" available {samples[-1]['available_mib'] / 1024:.1f} GiB", flush=True)
        time.sleep(every)
    return {
        "command": argv, "cwd": str(cwd), "exit_status": status, "verdict_s": verdict,
        "all_done_s": round(time.monotonic() - began, 1),
        "roles_seen_s": {k: v for k, v in sorted(seen.items())},
        "peak_gib": {k: round(v / 2**30, 2) for k, v in sorted(peak.items())},
        "min_available_gib": round(min(s["available_mib"] for s in samples) / 1024, 2),
        "samples": samples,
    }


def main() -> int:
    """Parse the arguments, follow the command, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, required=True, help="where to write the results")
    parser.add_argument("--cwd", type=Path, default=Path.cwd())
    parser.add_argument("--every", type=float, default=2.0, help="seconds between samples")
    parser.add_argument("argv", nargs="+", help="the command (after --)")
    args = parser.parse_args()
    result = follow(args.argv, args.cwd, args.every, args.json)
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
