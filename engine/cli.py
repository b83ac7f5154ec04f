"""`lineage-policy`: the command line. Parses options, calls the pipeline, maps outcomes to exit codes.

Exit codes (sqlfluff-style): 0 nothing at or above --fail-on, 1 findings, 2 bad input or usage.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

import click

from engine import __version__
from engine.errors import GraphStoreError, InputError, InputErrors, did_you_mean
from engine.findings import blocking
from engine.graph import GraphStore
from engine.models import Severity
from engine.pipeline import Project, RunResult, inputs_hash, load_project, run
from engine.reports import DEFAULT_FILES, FORMATS, RenderMeta, write_reports
from engine.sources import relative_posix

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _fail_input(errors: InputErrors | InputError | GraphStoreError) -> None:
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
    except (InputErrors, InputError, GraphStoreError) as exc:
        _fail_input(exc)


def _project_options(fn: F) -> F:
    fn = click.option(
        "--policies", "policies_dir", type=click.Path(path_type=Path), default=None,
        help="Policy directory. [default: lineage_policies/ beside the catalog]",
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


class _Progress:
    """Stage progress on stderr, shown only on a terminal and never with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.enabled and (done == total or done % 25 == 0):
            click.echo(f"\r{stage}: {done}/{total}", err=True, nl=done == total)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lineage-policy")
def main() -> None:
    """Lineage-as-code: column-level SQL lineage, tag propagation and governance policies.

    Reads catalog.yaml (assets, tags, teams, zones), lineage_policies/*.yaml (rules) and the
    SQL the catalog points at; builds the lineage graph in Kùzu; reports policy findings.
    """


@main.command()
@_project_options
def validate(catalog_path: Path, policies_dir: Path | None) -> None:
    """Check the catalog, policies and SQL sources; list every error at once (exit 2)."""
    with _input_errors():
        project = load_project(catalog_path, policies_dir)
    click.echo(
        f"OK: {len(project.catalog.assets)} assets, {len(project.policies.policies)} policies, "
        f"{len(project.policies.waivers)} exceptions, {len(project.tasks)} SQL tasks."
    )


@main.command()
@_project_options
@_graph_option
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="Output format on stdout (or --output).")
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="Write the --format output to this file instead of stdout.")
@click.option("--reports-dir", type=click.Path(path_type=Path), default=None,
              help="Where findings.json is written. [default: reports/ beside the catalog]")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="error", show_default=True,
              help="Exit 1 when an unwaived finding is at or above this severity.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Judge waiver dates as of this day (YYYY-MM-DD). [default: today]")
@click.option("-q", "--quiet", is_flag=True, help="No progress output.")
def check(
    catalog_path: Path, policies_dir: Path | None, graph_path: Path | None, fmt: str,
    output: Path | None, reports_dir: Path | None, fail_on: str, today: datetime | None,
    quiet: bool,
) -> None:
    """Run the whole pipeline and report findings; exit 1 if any blocks (see --fail-on)."""
    with _input_errors():
        result = run(
            catalog_path, policies_dir=policies_dir, graph_path=graph_path,
            today=today.date() if today else None, progress=_Progress(quiet),
        )
    meta = RenderMeta(generated_at=_now(), fail_on=fail_on)
    out_dir = reports_dir or Path(result.root) / "reports"
    targets = {out_dir / DEFAULT_FILES["json"]: "json"}
    if output is not None:
        targets[output] = fmt
    write_reports(result, targets, meta)
    if output is None:
        click.echo(FORMATS[fmt](result, meta), nl=False)
    if fmt == "text" and output is None:
        click.echo(f"Reports: {relative_posix(out_dir / DEFAULT_FILES['json'], Path.cwd())}")
    threshold = None if fail_on == "never" else Severity(fail_on)
    sys.exit(EXIT_FINDINGS if blocking(result.findings, threshold) else EXIT_OK)


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _current_graph(
    catalog_path: Path, policies_dir: Path | None, graph_path: Path | None
) -> tuple[Project, Path]:
    """Return the project and a graph path whose content matches the current inputs.

    The stored graph is reused when its inputs hash matches; otherwise the pipeline rebuilds it.
    """
    project = load_project(catalog_path, policies_dir)
    db_path = graph_path or project.catalog.graph_path
    digest = inputs_hash(project)
    if db_path.exists():
        with GraphStore.open(db_path, buffer_pool_mb=project.catalog.buffer_pool_mb) as store:
            if store.meta().get("inputs_hash") == digest:
                return project, db_path
    click.echo("Building the lineage graph (inputs changed)...", err=True)
    run(catalog_path, policies_dir=policies_dir, graph_path=db_path, project=project)
    return project, db_path


def _split_column(ref: str) -> tuple[str, str]:
    asset, sep, column = ref.lower().rpartition(".")
    if not sep or not asset:
        raise InputError("<argument>", f"'{ref}' is not ASSET.COLUMN", hint="e.g. raw.users.email")
    return asset, column


def _known(store: GraphStore, table: str) -> list[str]:
    return [r[0] for r in store.query(f"MATCH (n:{table}) RETURN n.id").rows]


def _require_node(store: GraphStore, table: str, node_id: str) -> None:
    known = _known(store, table)
    if node_id not in known:
        raise InputError(
            "<argument>", f"no {'column' if table == 'Col' else 'asset'} '{node_id}' in the lineage graph",
            hint=did_you_mean(node_id, known) or "run `lineage-policy query` to list nodes",
        )


@main.command()
@_project_options
@_graph_option
@click.argument("column_ref", metavar="ASSET.COLUMN")
def trace(
    catalog_path: Path, policies_dir: Path | None, graph_path: Path | None, column_ref: str
) -> None:
    """Show every tag on a column and the path by which each one arrived."""
    with _input_errors():
        _split_column(column_ref)
        project, db_path = _current_graph(catalog_path, policies_dir, graph_path)
        with GraphStore.open(db_path, buffer_pool_mb=project.catalog.buffer_pool_mb) as store:
            column_id = column_ref.lower()
            _require_node(store, "Col", column_id)
            tags = store.carried_tags(column_id)
    if not tags:
        click.echo(f"{column_id} carries no tag.")
        return
    click.echo(f"{column_id} carries {len({t.tag for t in tags})} tag(s):")
    for t in sorted(tags, key=lambda t: (t.tag, t.origin, t.masked)):
        how = "declared here" if t.declared else f"from {t.origin} ({t.origin_tag})"
        click.echo(f"\n  {t.tag}  {how}{'  [masked]' if t.masked else ''}")
        for step in t.path:
            where = f"  {step.task}:{step.line}  {step.transform}" if step.task else ""
            rule = f"  -- {step.rule}" if step.rule else ""
            click.echo(f"    {step.asset}.{step.column}{where}{rule}")


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
            ref = ref.lower()
            level = "asset" if ref in set(_known(store, "Asset")) else "column"
            _require_node(store, "Asset" if level == "asset" else "Col", ref)
            rows = store.downstream(ref, level=level)
            owners = dict(store.query("MATCH (a:Asset) RETURN a.id, a.owner").rows)
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
