"""`lineage-policy`: the command line.

Parses options, calls the pipeline, maps outcomes to exit codes.

Exit codes (sqlfluff-style): 0 nothing at or above --fail-on, 1 findings, 2 bad input or usage,
130 interrupted (Ctrl-C); an internal error (a bug) is 2 too, in one line.
"""

from __future__ import annotations

import functools
import gc
import io
import json
import os
import re
import select
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from engine import __version__, afterexit
from engine.basejob import BaseJob
from engine.errors import (
    BaseRunError,
    GraphStoreError,
    InputError,
    InputErrors,
    OutputError,
    closest,
    did_you_mean,
)
from engine.executors import DEFAULT_EXECUTOR, ExecutorError, dask_address
from engine.gitbase import project_dir_in_repo
from engine.globcheck import unmatched
from engine.graph import CarriedTag, GraphStore, graph_is_current, graph_staleness, refusal
from engine.launch import EXIT_INTERRUPTED, INTERRUPTED
from engine.pipeline import (
    Project,
    RunResult,
    checked_graph_path,
    dialect_errors,
    graph_later,
    graph_meta,
    load_project,
    run,
)
from engine.progress import Progress
from engine.quickexit import run_and_exit
from engine.reports import DEFAULT_FILES, FORMATS, REPORT_SET, RenderMeta, write_reports
from engine.reports.views import verdict
from engine.sources import relative_posix

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
DEBUG_ENV = "LINEAGE_POLICY_DEBUG"  # set: an internal error shows its traceback


def _fail_input(errors: InputErrors | InputError | GraphStoreError | BaseRunError) -> None:
    items = errors.errors if isinstance(errors, InputErrors) else (errors,)
    for e in items:
        click.echo(f"error: {e.render() if isinstance(e, InputError) else e}", err=True)
    if isinstance(errors, InputErrors) and len(items) > 1:
        click.echo(f"{len(items)} errors; nothing was analysed or written.", err=True)
    sys.exit(EXIT_INPUT)


@contextmanager
def _input_errors() -> Iterator[None]:
    """Turn input errors into a message on stderr and exit status 2."""
    try:
        yield
    except (InputErrors, InputError, GraphStoreError, BaseRunError) as exc:
        _fail_input(exc)


@contextmanager
def _writing(
    hint: Callable[[Path], str], after: str, progress: Progress | None = None
) -> Iterator[None]:
    """Turn a file that cannot be written into a message naming it, why, and what to do
    (`hint` for its path), then `after` (what happened to the rest) and exit status 2."""
    try:
        yield
    except OutputError as error:
        if progress is not None:
            progress.drop()
        where = relative_posix(error.path, Path.cwd())
        click.echo(f"error: cannot write {where}: {error.reason} ({hint(error.path)})", err=True)
        if error.replaced:  # only a file system failing between the checks and the renames
            after = f"{error.replaced} file(s) were replaced before the failure."
        click.echo(after, err=True)
        sys.exit(EXIT_INPUT)


def _project_options(fn: F) -> F:
    fn = click.option(
        # Given, it must exist: a misspelt directory silently ran no policy and passed CI.
        "--policies", "policies_dir", default=None,
        type=click.Path(path_type=Path, exists=True, file_okay=False),
        help="Policy directory. [default: lineage_policies/ beside the catalog, if any]",
    )(fn)
    fn = click.option(
        "--catalog", "catalog_path", type=click.Path(path_type=Path), default=Path("catalog.yaml"),
        show_default=True, help="The catalog file; SQL globs are relative to it.",
    )(fn)
    return fn


def _graph_option(fn: F) -> F:
    return click.option(
        "--graph", "graph_path", type=click.Path(path_type=Path), default=None,
        help="Kùzu database path. [default: catalog's graph.path, .lineage/graph.kuzu]",
    )(fn)


def _executor_spec(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Check an --executor value: `local` or `dask://HOST:PORT`."""
    if value != "local":
        try:
            dask_address(value)
        except ExecutorError as error:
            raise click.BadParameter(f"{error.message} ({error.hint})") from None
    return value


def _wait_option(fn: F) -> F:
    return click.option(
        "--wait", is_flag=True,
        help="Write the graph and the run's state for later runs before exiting. [default: "
        "after the verdict, in the background; trace, impact and query wait for them]")(fn)


def _executor_options(fn: F) -> F:
    fn = click.option(
        "--executor", default=DEFAULT_EXECUTOR, show_default=True, callback=_executor_spec,
        metavar="local|dask://HOST:PORT",
        help="Where SQL parsing and lineage run: local worker processes, or the Dask "
        "distributed scheduler at HOST:PORT (see 'Scale and distributed runs' in the README).",
    )(fn)
    fn = click.option(
        "--jobs", "-j", type=click.IntRange(min=1), default=None,
        help="Local worker processes for parsing and lineage; 1 runs them in this process. "
        "[default: one per core]",
    )(fn)
    return fn


def _formats(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """Parse repeatable --format values, each possibly a comma list: `--format html,sarif`."""
    names = [n.strip().lower() for v in value for n in v.split(",") if n.strip()]
    for name in names:
        if name not in FORMATS:
            hint = did_you_mean(name, sorted(FORMATS)) or f"choose from {', '.join(FORMATS)}"
            raise click.BadParameter(f"unknown format '{name}' ({hint})")
    return tuple(dict.fromkeys(names)) or ("text",)


def _check_output(formats: tuple[str, ...], output: Path | None) -> None:
    """With several formats `--output` is a directory: refuse a file there, and a new name
    ending like a report file (`--output out.json` would make a directory named out.json)."""
    if len(formats) < 2 or output is None or output.is_dir():
        return
    suffixes = {Path(name).suffix for name in DEFAULT_FILES.values()}
    if output.exists() or output.suffix.lower() in suffixes:
        raise click.UsageError(
            f"with several formats, --output is the directory each is written to under its "
            f"default name, and {output} {'is a file' if output.exists() else 'names a file'}: "
            "give a directory (e.g. --output reports/) or one --format")


def _check_targets(
    formats: tuple[str, ...], output: Path | None, reports_dir: Path
) -> tuple[dict[Path, str], list[str]]:
    """Return (files to write: path -> format, formats to print on stdout) for `check`.

    `reports_dir/findings.json` is always written. One format goes to stdout, or to `--output`
    as a file; several go under their default file names into `--output` as a directory
    (default: the reports dir), except text, which is always printed.
    """
    targets: dict[Path, str] = {reports_dir / DEFAULT_FILES["json"]: "json"}
    if len(formats) == 1:
        if output is None:
            return targets, list(formats)
        return {**targets, output: formats[0]}, []
    directory = output or reports_dir
    stdout = [f for f in formats if f == "text"]
    targets.update({directory / DEFAULT_FILES[f]: f for f in formats if f != "text"})
    return targets, stdout


def _stdout_reader_gone() -> bool:
    """True when stdout is a pipe whose reader has closed it (`lineage-policy query | head`)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(event & select.POLLERR for _, event in poller.poll(0))
    except (OSError, ValueError, io.UnsupportedOperation):  # no file descriptor behind stdout
        return False


class _Main(click.Group):
    """The command group; a reader that stopped reading stdout ends any command quietly, and
    Ctrl-C ends it with status 130 (the shell's, as git and dbt do; click's would be 1, which
    reads as findings)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo(INTERRUPTED, err=True)
            sys.exit(EXIT_INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # usage errors and exits: click's own handling
        except BrokenPipeError:
            # `query ... | head -1`: the reader took what it wanted. Exit 0 without a word, as
            # a script with `set -o pipefail` expects (click would exit 1). A broken pipe that
            # is not stdout's (a worker's, a loader's) is a failure and goes on up.
            if not _stdout_reader_gone():
                _internal_error(ctx, sys.exc_info()[1])
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # for exit's flush
            sys.exit(EXIT_OK)
        except Exception as error:
            _internal_error(ctx, error)


def _internal_error(ctx: click.Context, error: BaseException | None) -> NoReturn:
    """A failure no check foresaw: one line and status 2, not Python's traceback and 1 (which
    reads as findings to CI); the traceback with DEBUG_ENV set."""
    if os.environ.get(DEBUG_ENV) and error is not None:
        raise error
    command = ctx.invoked_subcommand or ctx.info_name
    what = (str(error).strip().splitlines() or [""])[0]
    click.echo(f"internal error while running `{command}`: {type(error).__name__}: {what} "
               f"(a bug in lineage-policy {__version__}: please report it; set {DEBUG_ENV}=1 "
               "for the traceback)", err=True)
    sys.exit(EXIT_INPUT)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lineage-policy")
def main() -> None:
    """Lineage-as-code: column-level SQL lineage, tag propagation and governance policies.

    Reads catalog.yaml (assets, tags, teams, zones), lineage_policies/*.yaml (rules) and the
    SQL the catalog points at; builds the lineage graph in Kùzu; reports policy findings.
    """


def entry() -> None:
    """The `lineage-policy` console script: `main`, ending the process without freeing the
    run's objects one by one (`engine.quickexit`)."""
    run_and_exit(main)


@main.command()
@_project_options
def validate(catalog_path: Path, policies_dir: Path | None) -> None:
    """Check the catalog, policies and SQL sources (globs, UTF-8; the SQL is not parsed);
    list every error at once (exit 2)."""
    with _input_errors():
        project = load_project(catalog_path, policies_dir)
    click.echo(
        f"OK: {len(project.catalog.assets)} assets, {len(project.policies.policies)} policies, "
        f"{len(project.policies.waivers)} exceptions, {len(project.tasks)} SQL tasks."
    )
    _note_no_policies(len(project.policies.policies), project.root, policies_dir)
    # asset globs wait for `check`: assets SQL creates are known once it is parsed
    paths = tuple(g for g in project.policies.waiver_globs() if g.of_paths)
    _warn(unmatched(paths, (), (t.path for t in project.tasks)))


def _warn(warnings: Iterable[str]) -> None:
    """Say on stderr what is legal but likely a mistake (a glob matching nothing)."""
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


def _note_no_policies(count: int, root: Path | str, policies_dir: Path | None) -> None:
    """Say on stderr that no policy was loaded, and why: a run with none checks only the
    built-in findings, which passes CI silently if the directory was misplaced."""
    if count:
        return
    where = policies_dir if policies_dir is not None else Path(root) / "lineage_policies"
    shown = relative_posix(where, Path.cwd())
    why = "it holds no policy" if where.is_dir() else "it does not exist"
    click.echo(f"note: 0 policies loaded from {shown}/ ({why}); only built-in checks run.",
               err=True)


@main.command()
@_project_options
@_graph_option
@click.option("--format", "formats", multiple=True, callback=_formats,
              metavar="|".join(f for f in FORMATS if "-" not in f and f != "cleanup"),
              help="Output format(s): repeat or give a comma list (--format html,sarif); "
              f"also {', '.join(f for f in FORMATS if '-' in f or f == 'cleanup')}. "
              "[default: text]")
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="One format: write it to this file instead of stdout. Several: the "
              "directory to write each under its default name. [default: the reports dir]")
@click.option("--reports-dir", type=click.Path(path_type=Path), default=None,
              help="Where findings.json is written. [default: reports/ beside the catalog]")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="error", show_default=True,
              help="Exit 1 when an unwaived finding is at or above this severity.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Judge waiver dates as of this day (YYYY-MM-DD). [default: today]")
@click.option("--base", "base_ref", default=None, metavar="REF",
              help="Compare with this git revision (origin/main, a SHA): report new and fixed "
              "findings and the change's impact; only new findings decide the exit status. "
              "Does not write the graph.")
@click.option("--all", "show_all", is_flag=True,
              help="With --base: list unchanged findings in the text and Markdown output too "
              "(they are counted either way; JSON and SARIF always list them).")
@click.option("-q", "--quiet", is_flag=True, help="No progress output.")
@_wait_option
@_executor_options
def check(
    catalog_path: Path, policies_dir: Path | None, graph_path: Path | None,
    formats: tuple[str, ...], output: Path | None, reports_dir: Path | None, fail_on: str,
    today: datetime | None, base_ref: str | None, show_all: bool, quiet: bool, wait: bool,
    jobs: int | None, executor: str,
) -> None:
    """Run the whole pipeline and report findings; exit 1 if any blocks (see --fail-on).

    With --base REF (pull-request mode) the project is also evaluated as it was at REF, read
    from git objects without touching the working tree, and the findings are classified as
    new, fixed or unchanged.

    The graph (not in pull-request mode) and the run's state for later runs are written after
    the verdict, in the background; trace, impact and query wait for the graph (see --wait).
    """
    _check_output(formats, output)
    progress = Progress(quiet)
    day = today.date() if today else date.today()
    base = _Base(base_ref, catalog_path, policies_dir, graph_path, day, progress, jobs=jobs,
                 executor=executor) if base_ref is not None else None
    # The graph is written after the verdict, in a detached child (or, with --wait, here).
    later = afterexit.can_detach()
    try:
        with _input_errors():
            evaluated = run(
                catalog_path, policies_dir=policies_dir, graph_path=graph_path, today=day,
                progress=progress, jobs=jobs, executor=executor,
                build=base_ref is None and not later,
                prior=base.prior if base is not None else _last_prior(day), keep_prior=True,
                loaded=base.loaded if base is not None else None, warn=True,
            )
            result = base.compared(evaluated) if base is not None else evaluated
    finally:
        if base is not None:
            base.cancel()
    _settle_heap()
    meta = RenderMeta(generated_at=_now(), fail_on=fail_on, show_unchanged=show_all,
                      repo_dir=project_dir_in_repo(Path(result.root)))
    reports = reports_dir or Path(result.root) / "reports"
    targets, stdout = _check_targets(formats, output, reports)
    progress("reports", 0, 1)
    findings_json = reports / DEFAULT_FILES["json"]
    # no finding is printed either: exit 2 says nothing was written, and a job must not read
    # a verdict from a run whose reports are missing
    with _writing(lambda path: "write them elsewhere with --reports-dir DIR"
                  if path == findings_json else "write it elsewhere with --output",
                  "No report was written and no finding printed.", progress):
        write_reports(result, targets, meta)
    progress.close()
    for fmt in stdout:
        click.echo(FORMATS[fmt](result, meta), nl=False)
    if "text" in stdout:
        written = sorted(relative_posix(p, Path.cwd()) for p in targets)
        click.echo(f"Reports: {', '.join(written)}")
    _note_no_policies(len(result.policies), result.root, policies_dir)
    _warn(evaluated.warnings)
    status = _exit_status(result, fail_on)
    _after_verdict(evaluated, graph=base_ref is None and later, wait=wait, progress=progress,
                   status=status)
    sys.exit(status)


def _last_prior(today: date) -> Callable[[Path, str], Prior | None]:
    """The last run kept of the configuration (`compare.last_prior`), read once."""
    from engine.compare import last_prior

    return functools.cache(lambda work_dir, config: last_prior(work_dir, config, today))


def _after_verdict(result: RunResult, *, graph: bool, wait: bool, progress: Progress,
                   status: int) -> None:
    """Leave the run's state (for the next run of its configuration and pull-request checks
    whose base has the same content: `compare.keep_state`) and, with `graph`, its graph;
    after the verdict, in a detached child unless `wait`. With `wait`, a graph big enough to
    be loaded by a program of its own is handed to it in this process's stead, and that
    program exits with `status` (the command's) once the graph is in place."""
    from engine.compare import keep_state

    work = [w for w in (keep_state(result.work_dir, result),
                        graph_later(result) if graph else None) if w is not None]
    if graph and not wait:
        progress.note(f"The lineage graph is written in the background ({result.graph_path}); "
                      "trace, impact and query wait for it.")
    elif graph:
        progress.note(f"Writing the lineage graph ({result.graph_path})...")
    afterexit.detach(work, wait=wait, status=status)


def _settle_heap() -> None:
    """Exempt the finished run's objects from garbage collection for the rest of the command.

    A one-shot command: millions of long-lived models and edges would otherwise be walked
    by every full collection while reports are rendered and again at exit (4.5 s each at
    100k tasks).
    """
    gc.freeze()


class _Base:
    """Pull-request mode's base revision, evaluated once: by a `BaseJob` meanwhile (then read
    from the base cache) or here. The head's run asks for it (`prior`) to work out only what
    its change can affect; the comparison waits for it. A base recorded by commit already is
    read here, and no job is started."""

    def __init__(self, ref: str, catalog_path: Path, policies_dir: Path | None,
                 graph_path: Path | None, today: date, progress: Progress, *,
                 jobs: int | None, executor: str) -> None:
        self._ref, self._catalog, self._policies = ref, catalog_path, policies_dir
        self._graph, self._today, self._progress = graph_path, today, progress
        self._jobs, self._executor = jobs, executor
        self._job: BaseJob | None = None
        self._asked = False  # whether the job was started (or found unneeded)
        self._found: tuple[BaseState | None, BaseInfo] | None = None
        self._last: tuple[str, BaseState] | None = None  # read while the job was finding out

    def _start(self, work_dir: Path) -> None:
        """Start evaluating the base in another process (`engine.basejob`), unless it is
        recorded already; once."""
        if not self._asked:
            self._asked = True
            if not self._recorded(work_dir):
                self._job = BaseJob.start(
                    self._ref, self._catalog, policies_dir=self._policies,
                    graph_path=self._graph, today=self._today, jobs=self._jobs,
                    executor=self._executor)

    def cancel(self) -> None:
        """Stop a job still evaluating the base (the command is over)."""
        if self._job is not None:
            self._job.cancel()

    def state(self, work_dir: Path) -> tuple[BaseState | None, BaseInfo]:
        """The base's state and revision (`work_dir`: the working tree's graph's directory,
        where the caches live)."""
        from engine.compare import cache_base, read_base

        if self._found is None:
            self._progress("base revision", 0, 1)
            if self._job is not None and not self._job.stored():
                self._job.wait()  # its result is then in the base cache
            for _ in range(2):  # a recorded state gone since is evaluated and recorded afresh
                record = cache_base(
                    self._ref, self._catalog, policies_dir=self._policies, today=self._today,
                    work_dir=work_dir, jobs=self._jobs, executor=self._executor)
                self._found = read_base(work_dir, record, self._ref, have=self._last)
                if self._found is not None:
                    return self._found
            raise BaseRunError(f"the state of base revision '{self._ref}' could not be read "
                               f"back from {work_dir / 'runs'}: is it writable and not full?")
        return self._found

    def prior(self, work_dir: Path, config_hash: str) -> Prior | None:
        """The run the head's evaluation starts from: the base's; or, while the job is still
        finding out whether the base's state is kept (seconds: it reads the base's files),
        the last run kept of this configuration. Any run of the same configuration and day
        is a correct start (`engine.cone`), and the last is usually the base itself (main's
        own check), which the comparison then uses without reading it again. None while a
        job is evaluating the base (the head then evaluates everything beside it instead of
        waiting)."""
        from engine.compare import last_state

        self._start(work_dir)
        job = self._job
        if self._found is None and job is not None and job.running():
            if not job.answered():
                self._last = last_state(work_dir, config_hash, self._today)
                if self._last is not None:
                    return self._last[1].prior  # the job goes once our files are read
            if not job.stored():  # it is let go to find out
                return None
        state, _ = self.state(work_dir)
        return state.prior if state is not None else None

    def _recorded(self, work_dir: Path) -> bool:
        """True if the base is recorded by commit already (its state is then read at once)."""
        from engine.compare import recorded

        return recorded(self._ref, self._catalog, policies_dir=self._policies,
                        today=self._today, work_dir=work_dir)

    def loaded(self) -> None:
        """The working tree's files are read: the job may read the base's now."""
        if self._job is not None:
            self._job.go()

    def compared(self, result: RunResult) -> RunResult:
        """`result` classified against the base."""
        from engine.compare import compare

        return compare(result, *self.state(result.work_dir))


def _exit_status(result: RunResult, fail_on: str) -> int:
    """0 or 1 by the unwaived findings at or above `fail_on` — only new ones in PR mode.

    The same verdict every report states (`engine.reports.views.verdict`)."""
    return EXIT_FINDINGS if verdict(result, fail_on).failed else EXIT_OK


@main.command()
@_project_options
@_graph_option
@click.option("--output-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Where the report set is written. [default: reports/ beside the catalog]")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="never", show_default=True,
              help="Exit 1 when an unwaived finding is at or above this severity.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Judge waiver dates as of this day (YYYY-MM-DD). [default: today]")
@click.option("-q", "--quiet", is_flag=True, help="No progress output and no summary line.")
@_wait_option
@_executor_options
def report(
    catalog_path: Path, policies_dir: Path | None, graph_path: Path | None,
    output_dir: Path | None, fail_on: str, today: datetime | None, quiet: bool, wait: bool,
    jobs: int | None, executor: str,
) -> None:
    """Write every report: HTML governance report, audit, cleanup, SARIF, JUnit, Markdown.

    Writes index.html, audit.html + audit.json, cleanup.html, findings.json, findings.sarif,
    junit.xml and summary.md (a pull-request comment) into --output-dir. Every file is
    rendered first and replaced only when all rendered. Exits 0 unless --fail-on says otherwise.
    The graph and the run's state are written afterwards, in the background (see --wait).
    """
    progress = Progress(quiet)
    day = today.date() if today else date.today()
    later = afterexit.can_detach()  # the graph is written after the reports (see check)
    with _input_errors():
        result = run(
            catalog_path, policies_dir=policies_dir, graph_path=graph_path, today=day,
            progress=progress, jobs=jobs, executor=executor, build=not later,
            prior=_last_prior(day), keep_prior=True, warn=True,
        )
    _settle_heap()
    out_dir = output_dir or Path(result.root) / "reports"
    progress("reports", 0, 1)
    # the reports state a verdict at the usual gate even when the exit status does not gate
    verdict = "error" if fail_on == "never" else fail_on
    with _writing(lambda _: "write the reports elsewhere with --output-dir DIR",
                  "No report was written or replaced.", progress):
        write_reports(result, {out_dir / name: fmt for name, fmt in REPORT_SET.items()},
                      RenderMeta(generated_at=_now(), fail_on=verdict,
                                 repo_dir=project_dir_in_repo(Path(result.root))))
    progress.close()
    if not quiet:
        where = relative_posix(out_dir, Path.cwd())
        click.echo(f"Wrote {len(REPORT_SET)} reports to {where}/: {', '.join(REPORT_SET)}")
    _warn(result.warnings)
    status = _exit_status(result, fail_on)
    _after_verdict(result, graph=later, wait=wait, progress=progress, status=status)
    sys.exit(status)


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _current_graph(
    catalog_path: Path, policies_dir: Path | None, graph_path: Path | None
) -> tuple[Project, Path]:
    """Return the project and a graph path whose content matches the current inputs.

    The stored graph is reused when it was built from the same inputs by the same code (the
    rule `check` and `report` follow); otherwise the pipeline rebuilds it.
    """
    project = load_project(catalog_path, policies_dir)
    db_path = checked_graph_path(graph_path, project.catalog)
    why = graph_staleness(db_path, graph_meta(project), project.catalog.buffer_pool_mb,
                          tasks={task.path: task.sha256 for task in project.tasks})
    if why is None:
        return project, db_path
    click.echo(f"Building the lineage graph ({why})...", err=True)
    run(catalog_path, policies_dir=policies_dir, graph_path=db_path, project=project)
    if not graph_is_current(db_path, graph_meta(project), project.catalog.buffer_pool_mb):
        raise GraphStoreError(f"no lineage graph of the current inputs at {db_path}: it could "
                              "not be built (see the warning above)")
    return project, db_path


# one part of a dotted name as SQL writes it: "quoted", `quoted`, [quoted] or bare
_NAME_PART = re.compile(r'"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|([^."`\[]+)')


def _node_id(ref: str) -> str:
    """A node id from a name as typed or copied from SQL: `"raw"."Users"` is `raw.users`
    (names are case-insensitive in the graph); anything else is only lower-cased."""
    parts, pos = [], 0
    while (m := _NAME_PART.match(ref, pos)) is not None:
        parts.append(next(g for g in m.groups() if g is not None).replace('""', '"'))
        pos = m.end()
        if pos == len(ref):
            return ".".join(parts).lower()
        if ref[pos] != ".":
            break
        pos += 1
    return ref.lower()


def _split_column(ref: str) -> tuple[str, str]:
    asset, sep, column = _node_id(ref).rpartition(".")
    if not sep or not asset:
        raise InputError("<argument>", f"'{ref}' is not ASSET.COLUMN", hint="e.g. raw.users.email")
    return asset, column


def _has_node(store: GraphStore, table: str, node_id: str) -> bool:
    found = store.query(f"MATCH (n:{table} {{id: $id}}) RETURN count(n)", {"id": node_id})
    return bool(found.rows[0][0])


def _near(store: GraphStore, table: str, node_id: str) -> list[str]:
    """Ids a mistyped `node_id` may have meant, without reading every node of a big graph (at
    1M tasks, 32.8M column ids took 15 GB): a column's siblings in its asset (or in the asset
    closest to its asset's name), an asset's neighbours by name in its zone (the first dotted
    part of its id)."""
    if table == "Asset":
        zone = store.query("MATCH (n:Asset) WHERE n.id STARTS WITH $p RETURN n.id",
                           {"p": node_id.split(".", 1)[0] + "."}).rows
        # a mistyped zone: every asset (a million ids at most, not 33M columns)
        return [r[0] for r in zone or store.query("MATCH (n:Asset) RETURN n.id").rows]
    asset = node_id.rpartition(".")[0]
    columns = "MATCH (a:Asset {id: $a})-[:HAS_COLUMN]->(c:Col) RETURN c.id"
    siblings = store.query(columns, {"a": asset}).rows
    if not siblings:
        owner = closest(asset, _near(store, "Asset", asset))  # the asset's name mistyped
        siblings = store.query(columns, {"a": owner}).rows if owner else ()
    return [r[0] for r in siblings]


def _require_node(store: GraphStore, node_id: str, *tables: str) -> str:
    """The first of `tables` (`Asset`, `Col`) holding `node_id`; an input error, with the id
    meant where one is close, if none does."""
    for table in tables:
        if _has_node(store, table, node_id):
            return table
    raise _no_node(store, node_id, *tables)


def _no_node(store: GraphStore, node_id: str, *tables: str) -> InputError:
    """The error for a `node_id` none of `tables` holds, with the id meant where one is close."""
    kinds = " or ".join("column" if t == "Col" else "asset" for t in tables)
    near = [n for table in tables for n in _near(store, table, node_id)]
    return InputError(
        "<argument>", f"no {kinds} '{node_id}' in the lineage graph",
        hint=did_you_mean(node_id, near) or "run `lineage-policy query` to list nodes",
    )


def _not_a_column(store: GraphStore, asset: str) -> NoReturn:
    """`trace stg.users`: an asset where a column was meant; name its columns and `impact`."""
    columns = store.query("MATCH (a:Asset {id: $a})-[:HAS_COLUMN]->(c:Col) RETURN c.name "
                          "ORDER BY c.name LIMIT 11", {"a": asset}).rows
    names = [r[0] for r in columns]
    listed = ", ".join(names[:10]) + (", ..." if len(names) > 10 else "")
    example = f"`lineage-policy trace {asset}.{names[0]}`, " if names else ""
    raise InputError(
        "<argument>", f"'{asset}' is a table, not a column: trace takes ASSET.COLUMN; "
        + (f"its columns: {listed}" if names else "no column of it is known"),
        hint=f"e.g. {example}or `lineage-policy impact {asset}` for what is downstream of it")


@main.command()
@_project_options
@_graph_option
@click.argument("column_ref", metavar="ASSET.COLUMN")
def trace(
    catalog_path: Path, policies_dir: Path | None, graph_path: Path | None, column_ref: str
) -> None:
    """Show every tag on a column and the path by which each one arrived."""
    from engine.declassified import stopped_at

    with _input_errors():
        _split_column(column_ref)
        project, db_path = _current_graph(catalog_path, policies_dir, graph_path)
        with GraphStore.open(db_path, buffer_pool_mb=project.catalog.buffer_pool_mb) as store:
            column_id = _node_id(column_ref)
            if not _has_node(store, "Col", column_id):
                if _has_node(store, "Asset", column_id):
                    _not_a_column(store, column_id)
                raise _no_node(store, column_id, "Col")
            tags = store.carried_tags(column_id)
            stopped = stopped_at(store, project.catalog, column_id)
    if not tags:
        click.echo(f"{column_id} carries no tag.")
    else:
        click.echo(f"{column_id} carries {len({t.tag for t in tags})} tag(s):")
    _echo_tags(tags, _written_names(project.catalog))
    _echo_stopped(column_id.rpartition(".")[0], stopped)


def _written_names(catalog: Catalog) -> dict[str, str]:
    """Canonical function name -> the name the catalog's rules wrote, where they differ.

    A rule's text names only functions the catalog's rules declare (`apply_edge`), spelled as
    edges spell them (sqlglot's: `collect_set` is `array_unique_agg`); the user's spelling is
    shown beside it, at no cost to lineage extraction."""
    from engine.lineage import canonical_function
    from engine.propagation import canonical_map

    spec = catalog.spec
    written = set(catalog.masking_functions) | set(spec.propagation.aggregation)
    for tag in catalog.tags.values():
        written.update(tag.aggregation)
    # one written name may stand for several (T-SQL `hashbytes` is md5, sha, sha2): the one
    # that decides a function's rule is the one shown
    names = canonical_map([{w: w for w in sorted(written)}],
                          lambda w: canonical_function(w, catalog.dialect))
    return {c: w for c, w in names.items() if c != w.lower()}


def _rule_text(rule: str, written: dict[str, str]) -> str:
    """`array_unique_agg keeps pii` as `collect_set (array_unique_agg) keeps pii`: each note
    of a rule's text starts with its function's name."""
    notes = []
    for note in rule.split("; "):
        fn, sep, rest = note.partition(" ")
        notes.append(f"{written[fn]} ({fn}){sep}{rest}" if fn in written else note)
    return "; ".join(notes)


def _echo_tags(tags: list[CarriedTag], written: dict[str, str]) -> None:
    for t in sorted(tags, key=lambda t: (t.tag, t.origin, t.masked)):
        how = "declared here" if t.declared else f"from {t.origin} ({t.origin_tag})"
        click.echo(f"\n  {t.tag}  {how}{'  [masked]' if t.masked else ''}")
        for step in t.path:
            where = f"  {step.task}:{step.line}  {step.transform}" if step.task else ""
            rule = f"  -- {_rule_text(step.rule, written)}" if step.rule else ""
            click.echo(f"    {step.asset}.{step.column}{where}{rule}")


def _echo_stopped(asset: str, stopped: list[Stopped]) -> None:
    """Each tag a declassify entry stopped here, with who approved it and why (as the audit)."""
    if stopped:
        click.echo(f"\nStopped here by a declassify entry of {asset}:")
    for s in stopped:
        e = s.entry
        how = "declared here" if s.source is None else f"arriving from {s.source}"
        ticket = f", ticket {e.ticket}" if e.ticket else ""
        click.echo(f"\n  {s.tag}  {how}\n    declassify {e.tag}: approved by {e.approved_by}"
                   f"{ticket}{f' on {e.date}' if e.date else ''} -- {e.reason}")


@main.command()
@_project_options
@_graph_option
@click.argument("ref", metavar="ASSET[.COLUMN]")
def impact(
    catalog_path: Path, policies_dir: Path | None, graph_path: Path | None, ref: str
) -> None:
    """List everything downstream of an asset or column, with depth and owner."""
    with _input_errors():
        project, db_path = _current_graph(catalog_path, policies_dir, graph_path)
        with GraphStore.open(db_path, buffer_pool_mb=project.catalog.buffer_pool_mb) as store:
            ref = _node_id(ref)
            level = "asset" if _require_node(store, ref, "Asset", "Col") == "Asset" else "column"
            rows = store.downstream(ref, level=level)
            reached = sorted({n if level == "asset" else n.rsplit(".", 1)[0] for n, _ in rows})
            owners = dict(store.query("MATCH (a:Asset) WHERE a.id IN $ids RETURN a.id, a.owner",
                                      {"ids": reached}).rows)
    if not rows:
        click.echo(f"Nothing is downstream of {ref}.")
        return
    click.echo(f"{len(rows)} {level}(s) downstream of {ref}:")
    width = max(len(r[0]) for r in rows)
    for node, depth in rows:
        asset = node if level == "asset" else node.rsplit(".", 1)[0]
        click.echo(f"  depth {depth:>2}  {node:<{width}}  owner: {owners.get(asset) or '-'}")


def _cell(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, default=str)
    return "" if value is None else str(value)


@main.command()
@_project_options
@_graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.argument("cypher")
def query(
    catalog_path: Path, policies_dir: Path | None, graph_path: Path | None, fmt: str, cypher: str
) -> None:
    """Run a read-only Cypher query on the lineage graph and print the rows.

    Example: lineage-policy query "MATCH (c:Col) WHERE 'pii' IN c.tags RETURN c.id"
    """
    with _input_errors():
        why = refusal(cypher)
        if why is not None:  # before the graph is built or opened
            raise InputError("<argument>", why)
        project, db_path = _current_graph(catalog_path, policies_dir, graph_path)
        with GraphStore.open(db_path, buffer_pool_mb=project.catalog.buffer_pool_mb) as store:
            result = store.query(cypher)
    if fmt == "json":
        rows = [dict(zip(result.columns, r, strict=True)) for r in result.rows]
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    table = [list(result.columns)] + [[_cell(v) for v in r] for r in result.rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(result.columns))]
    for i, row in enumerate(table):
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            click.echo("  ".join("-" * w for w in widths))
    click.echo(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")


# --- lineage: export column lineage (OpenLineage events or the engine's JSON) -----------------

if TYPE_CHECKING:
    from engine.compare import BaseState
    from engine.cone import Prior
    from engine.config.catalog import Catalog
    from engine.declassified import Stopped
    from engine.models import BaseInfo, TaskLineage


def _event_time(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Parse --event-time as ISO 8601; a time without a zone is taken as UTC."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("expected ISO 8601, e.g. 2026-11-24T12:00:00Z") from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).isoformat()


def _lineage_for_export(
    catalog_path: Path, jobs: int | None = None, executor: str = DEFAULT_EXECUTOR,
) -> tuple[Catalog, dict[str, str], tuple[TaskLineage, ...]]:
    """Return (catalog, SQL text by task path, lineage with masking flags set as `run()` does).

    Reads the catalog and SQL only: no policies (one being edited must not block an export)
    and no graph. Imported here so other commands never load the export's dependencies.
    """
    from engine.config.catalog import load_catalog
    from engine.extraction import analyse_lineage, default_cache_path
    from engine.sources import collect

    catalog = load_catalog(catalog_path)
    if errors := dialect_errors(catalog):
        raise InputErrors(errors)
    root = catalog.root
    tasks = collect(
        root, catalog.sql_globs, catalog.exclude_globs,
        catalog_path=relative_posix(catalog_path, root), display_root=root,
        lines=catalog.source_lines,
    )
    lineage, _ = analyse_lineage(
        tasks, catalog, cache_path=default_cache_path(catalog), jobs=jobs, executor=executor
    )
    return catalog, {t.path: t.text for t in tasks}, lineage


@main.command("lineage")
@click.option("--catalog", "catalog_path", type=click.Path(path_type=Path),
              default=Path("catalog.yaml"), show_default=True,
              help="The catalog file; SQL globs are relative to it.")
@click.option("--format", "fmt", type=click.Choice(["openlineage", "json"]),
              default="openlineage", show_default=True,
              help="openlineage: one RunEvent per task, newline-delimited; json: the engine's own.")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to this file (atomically) instead of stdout.")
@click.option("--namespace", "job_namespace", default="lineage-policy", show_default=True,
              help="OpenLineage job namespace; each job is named after its SQL file.")
@click.option("--dataset-namespace", default=None,
              help="OpenLineage dataset namespace, e.g. snowflake://org-account. "
              "[default: the catalog's dialect]")
@click.option("--event-time", callback=_event_time, default=None,
              help="eventTime of every event (ISO 8601). [default: now]")
@click.option("--emit", is_flag=True,
              help="Send the events through the OpenLineage client's configured transport "
              "(OPENLINEAGE_URL or openlineage.yml) instead of printing them.")
@_executor_options
def lineage_command(
    catalog_path: Path, fmt: str, output: Path | None, job_namespace: str,
    dataset_namespace: str | None, event_time: str | None, emit: bool, jobs: int | None,
    executor: str,
) -> None:
    """Export column-level lineage: OpenLineage RunEvents, one per SQL task, or the engine's JSON.

    Needs neither policies nor the graph. With --emit, --output still writes the file.
    """
    from engine.reports import atomic_write, lineage_json
    from engine.reports import openlineage as ol

    if emit and fmt != "openlineage":
        raise click.UsageError("--emit sends OpenLineage events: use it with --format openlineage")
    with _input_errors():
        catalog, sql, lineage = _lineage_for_export(catalog_path, jobs, executor)
    options = ol.EventOptions(
        event_time=event_time or datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        dataset_namespace=dataset_namespace or ol.default_dataset_namespace(catalog.dialect),
        job_namespace=job_namespace, dialect=catalog.dialect,
    )
    events = ol.build_events(lineage, options, sql) if fmt == "openlineage" else []
    text = ol.to_ndjson(events) if fmt == "openlineage" else lineage_json.render(lineage)
    if output is not None:
        with _writing(lambda _: "write it elsewhere with --output FILE",
                      "Nothing was written" + (" or sent." if emit else ".")):
            atomic_write(output, text)
    elif not emit:
        click.echo(text, nl=False)
    if emit:
        with _input_errors():
            kind = ol.emit(events)
        click.echo(f"Sent {len(events)} OpenLineage event(s) through the {kind} transport.",
                   err=True)
