#!/usr/bin/env python3
"""Scale benchmark: generate a warehouse of N tasks and measure the engine on it, in one run.

    python benchmarks/run.py --tasks 10000                     # ~5 minutes on 2 cores
    python benchmarks/run.py --tasks 1000 --sample 50 --json /tmp/bench-1k.json

Every measurement runs in a fresh subprocess (this script re-invoked with ``--_phase``), so the
peak RSS reported is that phase's own (``ru_maxrss`` of the process plus its children, such as
worker pools and git). The phases, in order:

1. ``generate``: ``benchmarks/generate.py`` writes the warehouse into ``--work`` (reused when the
   manifest matches and no change has been applied; ``--regenerate`` forces it).
2. ``cold``: ``lineage-policy check`` with ``.lineage/`` deleted first. The CLI runs in-process
   (``engine.cli.main``), with ``engine.pipeline.run`` wrapped so that its ``stats.seconds`` (load,
   lineage, propagation, graph, policies) and counts are recorded; report rendering is timed too.
   It runs with ``--wait``: the graph is written within the command, so the figure is end to end.
3. ``warm``: the same, nothing changed, without ``--wait``: the command's wall time is its
   verdict; the runner then waits for what it writes after its exit (its run state, then its
   graph) and records when each was done (``state_kept_after_exit_s``,
   ``graph_written_after_exit_s``), so that no phase overlaps the next.
4. ``warm-1pct``: after ``generate.py --change 1`` (1% of the files: half get a renamed alias,
   half an extra output column, which changes that table's schema).
5. ``pr``: the warehouse is committed into a git repository in the work dir, 10 files are
   changed (``--change-files 10``), and ``lineage-policy check --base HEAD`` runs on the warm
   cache; ``pr-again`` repeats it (the base revision's result is then cached by commit).
6. ``parse``: bare ``sqlglot.parse`` of every file (one process), the yardstick for "within 2x
   of parsing".
7. ``peer``: a deterministic sample of ``--sample`` tasks through sqllineage's column lineage
   (``LineageRunner(...).get_column_lineage()``, schema given, a time limit per task) and through
   the engine's ``extract_task`` (same schema the pipeline used) and ``sqlglot.parse``, in the same
   process: the side-by-side ratio.

It prints a Markdown table (metric, value, target, met?) and a per-phase table (wall, peak RSS),
and writes everything as JSON (``--json``, default ``<work>/bench-results.json``). Targets that
are stated for 100k tasks are judged only at N >= 100k; below that the table gives the linear
extrapolation to 100k. Nothing here asserts timings: it measures and reports.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from alarm import Timeout, time_limit  # noqa: E402  (beside this script)

ROOT = HERE.parent
TODAY = "2026-11-24"
TARGET_N = 100_000
ALL_PHASES = ("cold", "warm", "warm-1pct", "pr", "parse", "peer")

# ============================================================================ phases (children)


def _rss_mb() -> dict[str, float]:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"rss_self_mb": round(self_kb / 1024, 1), "rss_children_mb": round(child_kb / 1024, 1)}


def _phase_generate(args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    import generate as g

    if args.change is not None or args.change_files is not None:
        record = g.apply_change(Path(args.work), pct=args.change, files=args.change_files)
        return {k: v for k, v in record.items() if k not in ("chosen", "extra")}
    manifest = g.fresh(g.Params(args.tasks, args.seed, args.dialect, args.buffer_pool_mb),
                       Path(args.work))
    return {**{k: v for k, v in manifest.items() if not k.startswith("_")},
            "seconds": manifest["_seconds"]}


_ENDED: list[BaseException] = []  # a check's exit, holding its frames


def _phase_check(args: argparse.Namespace) -> dict[str, Any]:
    """`lineage-policy check` in this process, with the pipeline's stage timings recorded."""
    started = time.perf_counter()
    import engine.cli as cli
    import engine.compare as compare
    import engine.graph.handoff as handoff
    import engine.pipeline as pipeline
    from engine import afterexit

    runs: list[dict[str, Any]] = []
    timings: dict[str, float] = {"reports": 0.0}
    extract_calls = [0]

    def wrap_run(orig: Any, label: str) -> Any:
        def wrapped(*a: Any, **k: Any) -> Any:
            t0 = time.perf_counter()
            result = orig(*a, **k)
            s = result.stats
            runs.append({
                "label": label, "seconds_total": round(time.perf_counter() - t0, 3),
                "stages": s.seconds, "tasks": s.tasks_total, "statements": s.statements_total,
                "statements_parsed": s.statements_parsed, "tasks_ok": s.tasks_ok,
                "tasks_partial": s.tasks_partial, "tasks_unknown": s.tasks_unknown,
                "assets": s.assets, "assets_discovered": s.assets_discovered,
                "columns": s.columns, "edges_direct": s.edges_direct,
                "edges_indirect": s.edges_indirect, "tag_assignments": s.tag_assignments,
                "findings": len(result.findings),
            })
            return result
        return wrapped

    def wrap_reports(orig: Any) -> Any:
        def wrapped(*a: Any, **k: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return orig(*a, **k)
            finally:
                timings["reports"] += time.perf_counter() - t0
        return wrapped

    build_graph = pipeline.build_graph
    argv = ["check", "--catalog", str(Path(args.work) / "catalog.yaml"), "-q", "--today", TODAY,
            *(["--base", args.base] if args.base else []), *args.engine_arg]

    graph_log = Path(f"{args._out}.graphs")

    def recorded_build(*a: Any, **k: Any) -> Any:
        stats = build_graph(*a, **k)
        record = {"mode": getattr(stats, "mode", "build"),
                  "changed_tasks": getattr(stats, "changed_tasks", None),
                  "seconds": round(stats.load_seconds, 3),
                  "phases": dict(getattr(stats, "phases", {}) or {}),
                  "split_tables": list(stats.split_tables)}
        # the graph may be written after the command's exit, by its detached child: the
        # runner reads this file once the child is done (_after_exit)
        with open(graph_log, "a") as fh:
            fh.write(json.dumps(record) + "\n")
        return stats

    pipeline.build_graph = recorded_build
    t0 = time.perf_counter()

    def result(code: int | str | None) -> dict[str, Any]:
        findings = json.loads((Path(args.work) / "reports" / "findings.json").read_text())
        summary = findings["summary"]
        return {
            "argv": argv, "exit_code": code,
            "seconds_in_process": round(time.perf_counter() - t0, 3),
            "runs": runs, "reports_seconds": round(timings["reports"], 3),
            "stage_log": stage_log, "extract_calls": extract_calls[0],
            "findings": summary["findings"], "by_policy": summary["by_policy"],
            "by_severity": summary["by_severity"], "changes": summary.get("changes"),
        }

    hand_off = handoff.hand_off

    def recorded_hand_off(*a: Any, **k: Any) -> None:
        # `check --wait` with a big graph becomes the program that loads it (engine.graph.
        # handoff), which exits with the verdict's status: this process never returns here,
        # so its result is written now; the runner times the load to the program's exit.
        data = result(afterexit.ending_status())
        data["handed_off_at_s"] = data["seconds_in_process"]
        data["handed_off_at_epoch"] = time.time()
        with open(graph_log, "a") as fh:
            fh.write(json.dumps({"mode": "hand-off", "seconds": None, "phases": {},
                                 "split_tables": []}) + "\n")
        _write_result(args, data, started)
        hand_off(*a, **k)  # returns only if the exec failed: the build then goes on here

    handoff.hand_off = recorded_hand_off
    _count_extractions(pipeline, extract_calls)
    stage_log: list[dict[str, Any]] = []
    cli.Progress = _stage_logger(stage_log)
    cli.run = wrap_run(cli.run, "current")
    compare.run = wrap_run(compare.run, "base")
    cli.write_reports = wrap_reports(cli.write_reports)
    code: int | str | None = 0
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        try:
            cli.main(argv, standalone_mode=False)
        except SystemExit as exc:
            code = exc.code
            # the run stays alive to the end, as the console script leaves it (_child_main)
            _ENDED.append(exc)
    return result(code)


def _stage_logger(log: list[dict[str, Any]]) -> Any:
    """A stand-in for the CLI's progress display: logs each stage's start (time, peak RSS) to
    stderr, so that a phase that crashes still says how far it got and what it had cost."""
    from engine.progress import Progress

    t0 = time.perf_counter()

    class StageLog(Progress):  # the display's other methods stay, writing nothing
        def __init__(self, quiet: bool = False) -> None:
            super().__init__(enabled=False)

        def __call__(self, stage: str, done: int, total: int) -> None:
            if stage != self.stage:
                self.stage = stage
                entry = {"stage": stage, "t": round(time.perf_counter() - t0, 2), **_rss_mb()}
                log.append(entry)
                print(json.dumps(entry), file=sys.stderr, flush=True)

    return StageLog


def _count_extractions(pipeline: Any, counter: list[int]) -> None:
    """Count tasks extracted (re-extractions included), in this process, wherever they run."""
    try:  # parse + lineage on an executor (a worker pool): count what the parent receives
        from engine.executors.runner import ExtractionRunner
    except ImportError:
        original = pipeline.extract_task

        def counting(*a: Any, **k: Any) -> Any:
            counter[0] += 1
            return original(*a, **k)

        pipeline.extract_task = counting
        return
    original_extract = ExtractionRunner.extract

    def counted(self: Any, tasks: Any, *a: Any, **k: Any) -> Any:
        out = original_extract(self, tasks, *a, **k)
        counter[0] += len(out)
        return out

    ExtractionRunner.extract = counted


def _read_files(work: Path) -> list[tuple[str, str]]:
    files = sorted((work / "sql").rglob("*.sql"))
    return [(f.relative_to(work).as_posix(), f.read_text(encoding="utf-8")) for f in files]


def _phase_parse(args: argparse.Namespace) -> dict[str, Any]:
    """Bare sqlglot parse of every file: the cost floor of any sqlglot-based lineage."""
    import sqlglot
    import sqlglot.tokens

    texts = _read_files(Path(args.work))
    gc.collect()
    gc.freeze()
    with contextlib.suppress(Exception):
        sqlglot.parse("select 1", read=args.dialect)  # load the dialect outside the clock
    failures = statements = 0
    t0 = time.perf_counter()
    for _, text in texts:
        try:
            statements += len(sqlglot.parse(text, read=args.dialect))
        except Exception:  # noqa: BLE001 - the deliberate syntax errors
            failures += 1
    seconds = time.perf_counter() - t0
    return {"files": len(texts), "statements": statements, "failed_files": failures,
            "seconds": round(seconds, 3), "compiled": bool(sqlglot.tokens.SQLGLOTC_INSTALLED),
            "sqlglot": sqlglot.__version__}


def _phase_peer(args: argparse.Namespace) -> dict[str, Any]:
    """sqllineage vs the engine vs bare parsing on the same deterministic sample of tasks."""
    import logging

    import sqlglot
    from sqllineage.core.metadata.dummy import DummyMetaDataProvider
    from sqllineage.runner import LineageRunner

    from engine.cache import LineageCache
    from engine.inventory import discovered_schema
    from engine.lineage import extract_task
    from engine.pipeline import load_project
    try:
        from engine.extraction import default_cache_path, extract_all
    except ImportError:  # an engine from before the lineage stage had its own module
        from engine.pipeline import default_cache_path, extract_all  # type: ignore[no-redef]
    try:
        from engine.gcpause import young_collected
    except ImportError:  # an engine from before it
        young_collected = contextlib.nullcontext

    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    work = Path(args.work)
    project = load_project(work / "catalog.yaml")
    catalog = project.catalog
    cache = LineageCache(default_cache_path(catalog))
    try:  # the schema the pipeline ended with (from the warm cache)
        lineage = extract_all(project.tasks, catalog, cache=cache)
    finally:
        cache.close()
    schema = discovered_schema(catalog.schema(), lineage)
    by_path = {t.path: t for t in project.tasks}
    lin_by_path = {t.task: t for t in lineage}
    # The whole warehouse's lineage stays alive here (the pipeline's workers hold one chunk):
    # freeze it out of the collector, or a full collection in the middle of one timed task
    # costs a second (seen at 10k tasks) and is charged to whichever tool runs then.
    gc.collect()
    gc.freeze()
    paths = sorted(by_path)
    sample = sorted(random.Random(f"peer-{args.seed}").sample(paths, min(args.sample, len(paths))))
    dialect = catalog.dialect or "ansi"
    # warm-up outside the clock: dialect loading, first-call imports
    warm = by_path[paths[0]]
    extract_task(warm, catalog.dialect, schema)
    with contextlib.suppress(Exception), time_limit(args.peer_timeout):
        LineageRunner(warm.text, dialect=dialect).get_column_lineage()
    rows = []
    for path in sample:
        task = by_path[path]
        tl = lin_by_path[path]
        tables = sorted({*tl.reads, *(st.target for st in tl.statements if st.target)})
        meta = {t: sorted(schema[t]) for t in tables if t in schema}
        # Each tool starts with no one else's garbage to collect (sqllineage leaves much), and
        # the engine runs as its workers do (engine.gcpause.young_collected, when it has it).
        gc.collect()
        t0 = time.perf_counter()
        with young_collected():
            ours = extract_task(task, catalog.dialect, schema)
        t_engine = time.perf_counter() - t0
        gc.collect()
        t0 = time.perf_counter()
        with contextlib.suppress(Exception):
            sqlglot.parse(task.text, read=catalog.dialect)
        t_parse = time.perf_counter() - t0
        status, pairs = "ok", 0
        gc.collect()
        t0 = time.perf_counter()
        try:
            with time_limit(args.peer_timeout):
                runner = LineageRunner(task.text, dialect=dialect,
                                       metadata_provider=DummyMetaDataProvider(meta))
                pairs = len(runner.get_column_lineage(exclude_subquery_columns=True))
        except Timeout:
            status = "timeout"
        except Exception as exc:  # noqa: BLE001 - any failure counts
            status = f"error: {type(exc).__name__}"
        t_peer = time.perf_counter() - t0
        rows.append({"task": path, "statements": len(ours.statements),
                     "engine_edges": ours.edge_count, "bytes": len(task.text.encode()),
                     "engine_s": t_engine, "parse_s": t_parse, "sqllineage_s": t_peer,
                     "sqllineage": status, "sqllineage_paths": pairs})
    ok = [r for r in rows if r["sqllineage"] == "ok"]

    def total(rs: list[dict[str, Any]], key: str) -> float:
        return sum(r[key] for r in rs)

    return {
        "sample_tasks": len(rows), "sample_statements": sum(r["statements"] for r in rows),
        "sqllineage_ok": len(ok),
        "sqllineage_timeouts": sum(1 for r in rows if r["sqllineage"] == "timeout"),
        "sqllineage_errors": sum(1 for r in rows if r["sqllineage"].startswith("error")),
        "error_kinds": sorted({r["sqllineage"] for r in rows if r["sqllineage"] != "ok"}),
        "timeout_s": args.peer_timeout,
        "engine_s_all": round(total(rows, "engine_s"), 3),
        "parse_s_all": round(total(rows, "parse_s"), 3),
        "sqllineage_s_all": round(total(rows, "sqllineage_s"), 3),
        "engine_s_ok": round(total(ok, "engine_s"), 3),
        "sqllineage_s_ok": round(total(ok, "sqllineage_s"), 3),
        "rows": rows,
    }


PHASES = {"generate": _phase_generate, "check": _phase_check, "parse": _phase_parse,
          "peer": _phase_peer}


def _child_main(args: argparse.Namespace) -> int:
    import faulthandler

    faulthandler.enable()  # a crash in native code (Kùzu) still prints the Python stack
    t0 = time.perf_counter()
    out = PHASES[args._phase](args)
    _write_result(args, out, t0)
    if args._phase == "check":
        from engine.quickexit import exit_now

        exit_now(0)  # as `lineage-policy` ends: no teardown of the run's objects
    return 0


def _graph_seconds(phase: dict[str, Any], stages: dict[str, float]) -> float | None:
    """The graph's build time: in the run, after its verdict in the same process (the
    build's own figure), or in the program it was handed off to (from the hand-off to the
    exit)."""
    if phase.get("graph_after_hand_off_s") is not None:
        return float(phase["graph_after_hand_off_s"])
    builds = [b["seconds"] for b in phase.get("graph_builds", []) if b.get("seconds")]
    return builds[-1] if builds else stages.get("graph")


def _write_result(args: argparse.Namespace, out: dict[str, Any], started: float) -> None:
    out["seconds_child"] = round(time.perf_counter() - started, 3)
    out.update(_rss_mb())
    Path(args._out).write_text(json.dumps(out))


# ============================================================================ orchestration


def phase_output(out: Path, returncode: int) -> dict[str, Any] | None:
    """A phase's result as its process wrote it to `out`, or None if the phase failed: it
    exits 0, except a check that handed its graph off (engine.graph.handoff), which exits
    with its verdict's status once the graph is in."""
    data = json.loads(out.read_text()) if out.exists() and out.read_text() else None
    if data is None:
        return None
    handed_off = data.get("handed_off_at_s") is not None
    return data if returncode == (data["exit_code"] if handed_off else 0) else None


def _run_phase(name: str, args: argparse.Namespace, *extra: str) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; return its JSON plus wall time and peak RSS."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_phase", name, "--_out", str(out),
           "--tasks", str(args.tasks), "--seed", str(args.seed), "--work", str(args.work),
           "--dialect", args.dialect, "--sample", str(args.sample),
           "--peer-timeout", str(args.peer_timeout),
           *(["--buffer-pool-mb", str(args.buffer_pool_mb)] if args.buffer_pool_mb else []),
           *[f"--engine-arg={a}" for a in args.engine_arg], *extra]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    # The parsed-catalog cache with the rest of the run's state, so "cold" (.lineage deleted)
    # starts without it too.
    env["LINEAGE_POLICY_CACHE_DIR"] = str(args.work / ".lineage" / "user-cache")
    print(f"  {name:<10} ...", end="", flush=True, file=sys.stderr)
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=args.work, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - t0
    ended = time.time()
    data = phase_output(out, proc.returncode)
    out.unlink(missing_ok=True)
    if data is None:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise PhaseFailed(name, proc.returncode, wall, proc.stderr)
    kept_s, graph_s = _after_exit(args.work)
    if data.get("handed_off_at_s") is not None:
        data["graph_after_hand_off_s"] = round(ended - data["handed_off_at_epoch"], 2)
    graph_log = Path(f"{out}.graphs")
    data["graph_builds"] = ([json.loads(line) for line in graph_log.read_text().splitlines()]
                            if graph_log.exists() else [])
    graph_log.unlink(missing_ok=True)
    data["wall_s"] = round(wall, 3)
    # a check leaves its state, then its graph, after its verdict, from a detached child
    # (engine.afterexit): how much longer each took, waited for here so that it never
    # overlaps the next phase
    data["state_kept_after_exit_s"] = round(kept_s, 2)
    data["graph_written_after_exit_s"] = round(graph_s, 2)
    data["loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    data["peak_rss_mb"] = round(max(data["rss_self_mb"], data["rss_children_mb"]), 1)
    print(f" {wall:8.1f} s  peak RSS {data['peak_rss_mb']:.0f} MB", file=sys.stderr)
    return data


def _after_exit(work: Path) -> tuple[float, float]:
    """Wait for what a command writes after it exited (its run state, then its graph); return
    the seconds after its exit at which each was done."""
    sys.path.insert(0, str(ROOT))
    from engine import afterexit, runstore
    from engine.graph import lock_path

    t0 = time.perf_counter()
    runstore.settled(runstore.store(work / ".lineage"))
    state = time.perf_counter() - t0
    afterexit.wait_for(lock_path(work / ".lineage" / "graph.kuzu"))
    return state, time.perf_counter() - t0


class PhaseFailed(Exception):
    """A phase's process failed (a crash, an error): what it printed is kept for the report."""

    def __init__(self, name: str, code: int, wall: float, stderr: str) -> None:
        super().__init__(f"phase {name} failed (exit {code}) after {wall:.0f} s")
        self.name, self.code, self.wall, self.stderr = name, code, wall, stderr


def _git(work: Path, *argv: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    subprocess.run(["git", *argv], cwd=work, env=env, check=True, stdout=subprocess.DEVNULL)


def _commit_base(work: Path) -> float:
    """Commit the warehouse as it is into a git repository in the work dir (created if needed)."""
    t0 = time.perf_counter()
    if not (work / ".git").exists():
        _git(work, "init", "-q", "-b", "main")
        (work / ".gitignore").write_text(".lineage/\nreports/\nbench-results.json\n")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "--allow-empty", "-m", "base")
    return time.perf_counter() - t0


def _reusable(work: Path, args: argparse.Namespace) -> bool:
    sys.path.insert(0, str(HERE))
    import generate as g

    path = work / g.MANIFEST
    if args.regenerate or not path.exists():
        return False
    if args.reuse:
        return True
    m = json.loads(path.read_text())
    pool = args.buffer_pool_mb or g.default_buffer_pool_mb(args.tasks)
    return (m.get("generator_version") == g.GENERATOR_VERSION and m.get("tasks") == args.tasks
            and m.get("seed") == args.seed and m.get("dialect") == args.dialect
            and m.get("buffer_pool_mb") == pool
            and not m.get("changes") and not (work / ".git").exists())


def orchestrate(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    phases: dict[str, dict[str, Any]] = {}
    print(f"Benchmark: {args.tasks} tasks, seed {args.seed}, work dir {work}", file=sys.stderr)
    if _reusable(work, args):
        print("  generate   reusing the warehouse in the work dir", file=sys.stderr)
        manifest = json.loads((work / ".bench-warehouse.json").read_text())
        phases["generate"] = {"reused": True, "seconds": manifest.get("seconds"), **{
            k: manifest[k] for k in ("tasks", "raw_tables", "statements", "sql_bytes")}}
    else:
        if (work / ".git").exists():
            shutil.rmtree(work / ".git")
            (work / ".gitignore").unlink(missing_ok=True)
        phases["generate"] = _run_phase("generate", args)
    manifest = json.loads((work / ".bench-warehouse.json").read_text())
    wanted = [p for p in args.phases if not (p == "peer" and args.skip_peer)
              and not (p == "pr" and args.skip_pr)]

    def attempt(name: str, phase: str, *extra: str) -> bool:
        try:
            phases[name] = _run_phase(phase, args, *extra)
            return True
        except PhaseFailed as exc:
            phases[name] = {"failed": True, "exit_code": exc.code, "wall_s": round(exc.wall, 1),
                            "stderr_tail": exc.stderr[-6000:]}
            print(f"  {exc}", file=sys.stderr)
            return False

    ok = True  # a failed check phase stops the later ones (they would fail the same way)
    if "cold" in wanted:
        shutil.rmtree(work / ".lineage", ignore_errors=True)
        shutil.rmtree(work / "reports", ignore_errors=True)
        # the graph within the command (--wait), so that the cold figure is end to end
        ok = attempt("cold", "check", "--engine-arg=--wait")
    if ok and "warm" in wanted:
        ok = attempt("warm", "check")
    if ok and "warm-1pct" in wanted:
        ok = attempt("change-1pct", "generate", "--change", "1") and attempt("warm-1pct", "check")
    if ok and "pr" in wanted:
        git_s = _commit_base(work)
        ok = attempt("change-10-files", "generate", "--change-files", "10")
        if ok:
            phases["change-10-files"]["git_commit_s"] = round(git_s, 2)
            ok = attempt("pr", "check", "--base", "HEAD") and attempt("pr-again", "check",
                                                                       "--base", "HEAD")
    if "parse" in wanted:
        attempt("parse", "parse")
    if "peer" in wanted:
        attempt("peer", "peer")
    return {"tasks": args.tasks, "seed": args.seed, "dialect": args.dialect, "date": TODAY,
            "machine": machine(), "manifest": {k: v for k, v in manifest.items()
                                                if k not in ("changes", "deliberate")},
            "deliberate": manifest.get("deliberate"), "phases": phases,
            "engine_args": args.engine_arg}


def machine() -> dict[str, Any]:
    import importlib.metadata as md

    def version(name: str) -> str | None:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return None

    mem_gib = None
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {"cpus": os.cpu_count(), "mem_gib": mem_gib, "python": platform.python_version(),
            "platform": platform.platform(), "sqlglot": version("sqlglot"),
            "sqlglotc": version("sqlglotc"), "kuzu": version("kuzu"),
            "sqllineage": version("sqllineage"), "engine": engine_revision()}


def engine_revision() -> dict[str, Any]:
    """The engine measured: commit, uncommitted files under engine/, and a hash of its code."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted((ROOT / "engine").rglob("*.py")):
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    out: dict[str, Any] = {"code_sha256": h.hexdigest()[:16]}
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # read-only: not even the index stat cache
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, env=env, capture_output=True,
            text=True, check=True).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", "engine"], cwd=ROOT, env=env,
            capture_output=True, text=True, check=True).stdout
        out["uncommitted"] = [line[3:] for line in status.splitlines()]
    return out


# ============================================================================ the report


def _fmt(x: float, digits: int = 1) -> str:
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def _current(phase: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in phase["runs"] if r["label"] == "current")


def cold_overheads(phase: dict[str, Any]) -> tuple[float, float]:
    """Return a check phase's seconds in its process outside `run()`, and before it started.

    A graph handed off ran in the same process after `seconds_in_process` ended (the command
    became the hand-off program): its time is the graph's, not the interpreter's start.
    """
    outside = phase["seconds_in_process"] - sum(r["seconds_total"] for r in phase["runs"])
    after = phase.get("graph_after_hand_off_s") or 0.0
    return outside, phase["wall_s"] - phase["seconds_in_process"] - after


def derive(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Return the table rows (metric, value, target, met?)."""
    n = results["tasks"]
    ph = results["phases"]
    scale = TARGET_N / n
    rows: list[tuple[str, str, str, str]] = []
    m = results["manifest"]

    def good(name: str) -> bool:
        return name in ph and not ph[name].get("failed") and not ph[name].get("reused")

    def at_100k(value: float, limit: float) -> tuple[str, str]:
        target = f"< {limit:g} s at 100k"
        if n >= TARGET_N:
            return target, "yes" if value < limit else "**no**"
        est = value * scale
        verdict = "likely" if est < limit else "**unlikely**"
        return target, f"n/a at {n:,} ({verdict}: ~{_fmt(est)} s at 100k, linear)"

    def failed(name: str, label: str, target: str = "") -> None:
        f = ph[name]
        rows.append((label, f"**failed** (exit {f['exit_code']}) after {_fmt(f['wall_s'])} s; "
                     f"{_last_stage(f)}", target, "**no**" if target else ""))

    rows.append(("warehouse", f"{n:,} tasks, {m['statements']:,} statements, "
                 f"{m['sql_bytes'] / 1e6:.1f} MB SQL, {m['raw_tables']:,} raw tables; "
                 f"Kùzu buffer pool {m.get('buffer_pool_mb', 256):,} MB", "", ""))
    if good("generate"):
        rows.append(("generation", f"{ph['generate']['seconds']:.1f} s, peak RSS "
                     f"{ph['generate']['peak_rss_mb']:,.0f} MB", "", ""))
    lin = None
    if good("cold"):
        cold = _current(ph["cold"])
        st = cold["stages"]
        edges = cold["edges_direct"] + cold["edges_indirect"]
        rows.append(("graph size", f"{cold['assets']:,} assets, {cold['columns']:,} columns, "
                     f"{cold['edges_direct']:,} direct + {cold['edges_indirect']:,} indirect "
                     f"edges ({edges / n:.0f}/task), {cold['tag_assignments']:,} tag "
                     "assignments", "", ""))
        target, met = at_100k(ph["cold"]["wall_s"], 600)
        rows.append(("cold `check`, total wall", f"{_fmt(ph['cold']['wall_s'])} s", target, met))
        lin = st["lineage"]
        calls = ph["cold"]["extract_calls"]
        rows.append(("cold parse+lineage (lineage stage)",
                     f"{_fmt(lin)} s = {n / lin:,.0f} tasks/s, {cold['statements'] / lin:,.0f} "
                     f"statements/s" + (f"; {calls / n:.2f} extractions/task" if calls else ""),
                     "", ""))
        graph_s = _graph_seconds(ph["cold"], st)
        rows.append(("cold graph stage (Kùzu)",
                     f"{_fmt(graph_s)} s = {edges / graph_s:,.0f} edges/s" if graph_s else "n/a",
                     "", ""))
        rows.append(("cold propagation", f"{_fmt(st['propagation'], 2)} s", "", ""))
        rows.append(("cold policies", f"{_fmt(st['policies'], 2)} s "
                     f"({ph['cold']['findings']:,} findings)", "", ""))
        rows.append(("cold load (catalog, policies, SQL files)", f"{_fmt(st['load'], 2)} s",
                     "", ""))
        outside, startup = cold_overheads(ph["cold"])
        rows.append(("cold: CLI outside `run()` (reports; with `--wait` also the state and the "
                     "graph's spool) / interpreter start + imports",
                     f"{_fmt(outside, 2)} s / {_fmt(startup, 2)} s", "", ""))
        rows.append(("cold peak RSS", f"{ph['cold']['peak_rss_mb']:,.0f} MB", "", ""))
    elif "cold" in ph:
        failed("cold", "cold `check`, total wall", "< 600 s at 100k")
    if good("warm"):
        rows.append(("warm `check`, nothing changed", f"{_fmt(ph['warm']['wall_s'])} s "
                     f"(lineage stage {_fmt(_current(ph['warm'])['stages']['lineage'])} s)",
                     "", ""))
    elif "warm" in ph:
        failed("warm", "warm `check`, nothing changed")
    if good("warm-1pct"):
        w1, ch = ph["warm-1pct"], ph["change-1pct"]
        target, met = at_100k(w1["wall_s"], 30)
        rows.append(("warm `check`, 1% of files changed (to the verdict)",
                     f"{_fmt(w1['wall_s'])} s ({ch['files']:,} files: {ch['alias_renames']} "
                     f"alias renames, {ch['added_columns']} added columns; "
                     f"{w1['extract_calls']:,} tasks re-extracted; after exit, its state kept "
                     f"at {w1.get('state_kept_after_exit_s', 0):.1f} s and the graph written at "
                     f"{w1.get('graph_written_after_exit_s', 0):.1f} s)", target, met))
    elif "warm-1pct" in ph:
        failed("warm-1pct", "warm `check`, 1% of files changed", "< 30 s at 100k")
    if good("pr"):
        pr = ph["pr"]
        target, met = at_100k(pr["wall_s"], 15)
        base = next((r for r in pr["runs"] if r["label"] == "base"), None)
        detail = (f"; base revision's run {base['seconds_total']:.1f} s" if base else
                  "; base's state kept by the check before")
        rows.append(("PR check `--base HEAD`, 10 files changed, warm cache",
                     f"{_fmt(pr['wall_s'])} s ({pr['extract_calls']:,} tasks re-extracted"
                     f"{detail})", target, met))
        if good("pr-again"):
            rows.append(("same PR check again (base result cached)",
                         f"{_fmt(ph['pr-again']['wall_s'])} s", "", ""))
    elif "pr" in ph:
        failed("pr", "PR check `--base HEAD`, 10 files changed", "< 15 s at 100k")
    if good("parse"):
        parse = ph["parse"]
        rows.append(("bare `sqlglot.parse` of every file (1 process)",
                     f"{_fmt(parse['seconds'])} s ({parse['statements']:,} statements, "
                     f"{'compiled' if parse['compiled'] else 'pure Python'})", "", ""))
        if lin is not None:
            ratio = lin / parse["seconds"]
            rows.append(("cold lineage stage / bare parse", f"{ratio:.1f}×", "≤ 2×",
                         "yes" if ratio <= 2 else "**no**"))
    if good("peer"):
        pe = ph["peer"]
        eng_ratio = pe["engine_s_all"] / pe["parse_s_all"] if pe["parse_s_all"] else 0
        rows.append((f"sample: engine `extract_task` / bare parse ({pe['sample_tasks']} tasks, "
                     "one process, schema known)", f"{eng_ratio:.1f}×", "≤ 2×",
                     "yes" if eng_ratio <= 2 else "**no**"))
        speed = pe["sqllineage_s_ok"] / pe["engine_s_ok"] if pe["engine_s_ok"] else 0
        rows.append((f"sqllineage column lineage on the sample ({pe['sample_statements']} "
                     "statements)",
                     f"{pe['sqllineage_s_all']:.1f} s; ok {pe['sqllineage_ok']}, timeouts "
                     f"{pe['sqllineage_timeouts']} (>{pe['timeout_s']:g} s), errors "
                     f"{pe['sqllineage_errors']}", "", ""))
        rows.append(("engine speed-up over sqllineage (tasks sqllineage finished)",
                     f"{speed:.0f}× ({pe['sqllineage_s_ok']:.1f} s vs {pe['engine_s_ok']:.2f} s)",
                     "≥ 20×", "yes" if speed >= 20 else "**no**"))
        lower = pe["sqllineage_s_all"] / pe["engine_s_all"] if pe["engine_s_all"] else 0
        rows.append(("… counting timeouts at the limit (a lower bound)", f"{lower:.0f}×", "", ""))
    return rows


def _last_stage(failed: dict[str, Any]) -> str:
    """Where a failed check phase got to, from the stage log it printed on stderr."""
    stages = []
    for line in failed.get("stderr_tail", "").splitlines():
        with contextlib.suppress(ValueError):
            entry = json.loads(line)
            if isinstance(entry, dict) and "stage" in entry:
                stages.append(entry)
    if not stages:
        return "no stage log"
    last = stages[-1]
    peak = max(e["rss_self_mb"] for e in stages)
    return (f"last stage `{last['stage']}` (started at {last['t']:.0f} s), peak RSS at least "
            f"{peak:,.0f} MB")


def _engine_label(rev: dict[str, Any]) -> str:
    label = f"at {rev.get('commit', '?')}"
    if rev.get("uncommitted"):
        label += f" + uncommitted changes to {len(rev['uncommitted'])} path(s)"
    return label + f" (code {rev.get('code_sha256')})"


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = [f"### {results['tasks']:,} tasks (seed {results['seed']}, {results['dialect']})", "",
           f"{results['date']}; {m['cpus']} CPUs, {m['mem_gib']} GiB, Python {m['python']}, "
           f"sqlglot {m['sqlglot']}" + (f" + sqlglotc {m['sqlglotc']}" if m["sqlglotc"] else "")
           + f", kuzu {m['kuzu']}, sqllineage {m['sqllineage']}"
           + (f"; engine args {' '.join(results['engine_args'])}" if results["engine_args"]
              else "") + f"; engine {_engine_label(m.get('engine', {}))}.", "",
           "| metric | value | target | met? |", "|---|---|---|---|"]
    for row in derive(results):
        out.append("| " + " | ".join(row) + " |")
    out += ["", "| phase | wall s | peak RSS MB | load avg (start→end) | notes |",
            "|---|---:|---:|---|---|"]
    for name, ph in results["phases"].items():
        if ph.get("reused"):
            continue
        if ph.get("failed"):
            out.append(f"| {name} | {ph['wall_s']:.1f} | | | **failed**, exit {ph['exit_code']}: "
                       f"{_last_stage(ph)} |")
            continue
        note = ""
        if "runs" in ph:
            cur = _current(ph)
            note = ", ".join(f"{k} {v:g}" for k, v in cur["stages"].items())
            note += f"; exit {ph['exit_code']}"
        elif name.startswith("change"):
            note = f"{ph['files']} files rewritten in {ph['seconds']} s"
        load = "→".join(f"{x:.1f}" for x in ph.get("loadavg_1m", []))
        out.append(f"| {name} | {ph['wall_s']:.1f} | {ph['peak_rss_mb']:,.0f} | {load} | {note} |")
    return "\n".join(out) + "\n"


# ============================================================================ command line


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=None,
                    help="work dir for the warehouse [default: /tmp/lineage-bench/n<N>-s<seed>]")
    ap.add_argument("--dialect", default="snowflake")
    ap.add_argument("--buffer-pool-mb", type=int, default=None,
                    help="the catalog's Kùzu buffer pool (default: generate.py's, by size)")
    ap.add_argument("--sample", type=int, default=200,
                    help="tasks in the sqllineage comparison sample (default 200)")
    ap.add_argument("--peer-timeout", type=float, default=20.0,
                    help="sqllineage time limit per task, seconds (default 20)")
    ap.add_argument("--skip-peer", action="store_true", help="skip the sqllineage comparison")
    ap.add_argument("--skip-pr", action="store_true", help="skip the --base (git) measurement")
    ap.add_argument("--phases", default=",".join(ALL_PHASES),
                    type=lambda v: [p.strip() for p in v.split(",") if p.strip()],
                    help=f"comma list, a subset of {','.join(ALL_PHASES)} (default: all; e.g. "
                    "cold,parse for a 1M warehouse)")
    ap.add_argument("--regenerate", action="store_true", help="regenerate even if reusable")
    ap.add_argument("--reuse", action="store_true",
                    help="use the warehouse in the work dir as it is, even after changes (with "
                    "--phases parse,peer: re-measure those on an earlier run's cache)")
    ap.add_argument("--engine-arg", action="append", default=[], metavar="ARG",
                    help="extra argument for `lineage-policy check`, e.g. --engine-arg=--jobs=2")
    ap.add_argument("--json", type=Path, default=None,
                    help="write the results here [default: <work>/bench-results.json]")
    # internal: one phase in a child process
    ap.add_argument("--_phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    ap.add_argument("--_out", help=argparse.SUPPRESS)
    ap.add_argument("--base", help=argparse.SUPPRESS)
    ap.add_argument("--change", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--change-files", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.work is None:
        args.work = Path(f"/tmp/lineage-bench/n{args.tasks}-s{args.seed}")
    args.work = args.work.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args._phase:
        return _child_main(args)
    if ROOT in {args.work, *args.work.parents}:
        raise SystemExit("--work must be outside the project (a git repository is created in it)")
    results = orchestrate(args)
    path = args.json or args.work / "bench-results.json"
    path.write_text(json.dumps(results, indent=1) + "\n")
    print(render(results))
    print(f"(results: {path})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
