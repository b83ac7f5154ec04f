"""OpenLineage export: one RunEvent per SQL task, built with the official client's classes.

The only module that imports `openlineage` (see tests/test_layers.py). Shape of an event::

    {"eventType": "COMPLETE", "eventTime": <injected>, "producer": PRODUCER,
     "schemaURL": ".../2-0-2/OpenLineage.json#/$defs/RunEvent",
     "run": {"runId": <uuid5 of job namespace, task path, sha256>, "facets": {"extractionError"?}},
     "job": {"namespace": "lineage-policy", "name": "sql/marts/x.sql", "facets": {"sql"}},
     "inputs": [{"namespace": <dataset ns>, "name": "raw.users"}],
     "outputs": [{"namespace": ..., "name": "stg.users",
                  "facets": {"columnLineage": {"fields": {"email": {"inputFields": [
                      {"namespace", "name", "field", "transformations": [
                          {"type": "DIRECT", "subtype": "TRANSFORMATION",
                           "description": "applies md5", "masking": true}]}]}}}}}]}

Everything is sorted and nothing depends on the clock but `eventTime`, which callers inject,
so two exports of the same inputs are byte-identical.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import (
    column_lineage_dataset,
    extraction_error_run,
    sql_job,
)
from openlineage.client.serde import Serde

from engine import __version__
from engine.errors import InputError
from engine.models import NOTE_CODES, Diagnostic, LineageEdge, TaskLineage

# OpenLineage wants a URI naming the producer; the tag of this release in the project's repo.
PRODUCER = f"https://github.com/lineage-policy/lineage-policy/tree/{__version__}"
DEFAULT_JOB_NAMESPACE = "lineage-policy"

_ColumnLineage = column_lineage_dataset.ColumnLineageDatasetFacet
_Transformation = column_lineage_dataset.Transformation
# Diagnostics that mean a whole statement yielded nothing (vs. one column left unresolved).
_FAILED_STATEMENT = frozenset({"parse-error", "unsupported-statement"})


@dataclass(frozen=True)
class EventOptions:
    """What an export needs besides the lineage: names, time and the dialect."""

    event_time: str  # ISO 8601 with a time part; injected so output is reproducible
    dataset_namespace: str
    job_namespace: str = DEFAULT_JOB_NAMESPACE
    dialect: str | None = None


def default_dataset_namespace(dialect: str | None) -> str:
    """Return the dataset namespace used when none is given: the dialect's name (`snowflake`).

    OpenLineage's naming conventions want the warehouse instance (`snowflake://org-account`),
    which the catalog does not know; users who merge with other producers pass their own.
    """
    return dialect or "generic"


def run_id(task: TaskLineage, job_namespace: str = DEFAULT_JOB_NAMESPACE) -> str:
    """Return the task's runId: a UUID v5 of the job namespace, task path and content SHA-256.

    OpenLineage requires a UUID; deriving it makes exports reproducible, and an unchanged
    file keeps its runId while an edited one gets a new run.
    """
    name = f"{PRODUCER}#{job_namespace}/{task.task}@{task.sha256}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def build_events(
    lineage: Sequence[TaskLineage], options: EventOptions, sql: Mapping[str, str] | None = None
) -> list[RunEvent]:
    """Return one COMPLETE RunEvent per task, in task order.

    `lineage` edges must carry their `masking` flags already; `sql` maps a task path to its
    text for the job's `sql` facet (omitted when absent).
    """
    return [task_event(t, options, (sql or {}).get(t.task)) for t in lineage]


def task_event(task: TaskLineage, options: EventOptions, sql: str | None = None) -> RunEvent:
    """Return the RunEvent of one task: its persistent inputs and outputs with column lineage."""
    ns = options.dataset_namespace
    edges = task.all_edges()
    outputs = sorted(set(task.writes) | {e.target.asset for e in edges})
    inputs = sorted(set(task.reads) | {e.source.asset for e in edges})
    # Empty facet maps are None: the client serialises {} but drops None, keeping lines short.
    errors = [d for d in task.diagnostics if d.code not in NOTE_CODES]  # notes are no error
    run_facets = {"extractionError": _extraction_error(task, errors)} if errors else None
    job_facets = (
        {"sql": sql_job.SQLJobFacet(query=sql, dialect=options.dialect, producer=PRODUCER)}
        if sql is not None else None
    )
    return RunEvent(
        eventType=RunState.COMPLETE,
        eventTime=options.event_time,
        producer=PRODUCER,
        run=Run(runId=run_id(task, options.job_namespace), facets=run_facets),
        job=Job(namespace=options.job_namespace, name=task.task, facets=job_facets),
        inputs=[InputDataset(namespace=ns, name=name, facets=None, inputFacets=None)
                for name in inputs],
        outputs=[_output(name, [e for e in edges if e.target.asset == name], ns)
                 for name in outputs],
    )


def _output(name: str, edges: Sequence[LineageEdge], namespace: str) -> OutputDataset:
    """An output dataset with a `columnLineage` facet when any column edge reaches it."""
    facets = {"columnLineage": column_lineage_facet(edges, namespace)} if edges else None
    return OutputDataset(namespace=namespace, name=name, facets=facets, outputFacets=None)


def column_lineage_facet(edges: Sequence[LineageEdge], namespace: str) -> _ColumnLineage:
    """Return the facet of one output: per target column, one inputField per source column.

    Each inputField lists every distinct transformation by which that source reaches the
    column (e.g. DIRECT/IDENTITY and INDIRECT/JOIN), sorted. INDIRECT flows stay per column,
    as the engine computes them, rather than in the dataset-wide `dataset` list.
    """
    flows: dict[str, dict[tuple[str, str], set[tuple[str, str, str, bool]]]] = {}
    for e in edges:
        per_source = flows.setdefault(e.target.column, {})
        per_source.setdefault((e.source.asset, e.source.column), set()).add(_transform_key(e))
    fields = {
        column: column_lineage_dataset.Fields(inputFields=[
            column_lineage_dataset.InputField(
                namespace=namespace, name=asset, field=field,
                transformations=[_transformation(*k) for k in sorted(keys)],
            )
            for (asset, field), keys in sorted(sources.items())
        ])
        for column, sources in sorted(flows.items())
    }
    # dataset=None: the client would otherwise serialise an empty `dataset` list.
    return _ColumnLineage(fields=fields, dataset=None, producer=PRODUCER)


def _transform_key(e: LineageEdge) -> tuple[str, str, str, bool]:
    return (e.type, e.subtype, transformation_description(e), e.masking)


def _transformation(kind: str, subtype: str, description: str, masking: bool) -> _Transformation:
    return _Transformation(
        type=kind, subtype=subtype, description=description or None, masking=masking
    )


def transformation_description(e: LineageEdge) -> str:
    """Return the human description of an edge: functions applied, and any doubt about it.

    Unresolved (`*` over a table of unknown columns) and ambiguous edges are exported, since
    dropping them would hide a possible flow, but said to be over-approximations here.
    """
    parts = [f"applies {', then '.join(e.functions)}"] if e.functions else []
    if e.resolution == "unresolved":
        parts.append("unresolved: `*` of a table whose columns are unknown (over-approximation)")
    elif e.resolution == "ambiguous":
        parts.append("ambiguous: the column may come from another candidate table")
    return "; ".join(parts)


def _extraction_error(task: TaskLineage, errors: Sequence[Diagnostic],
                      ) -> extraction_error_run.ExtractionErrorRunFacet:
    """The standard facet for lineage that could not be (fully) extracted, one error each.

    `totalTasks` counts statements (parsed or not), `failedTasks` those that yielded nothing.
    """
    failed = sum(1 for d in errors if d.code in _FAILED_STATEMENT)
    return extraction_error_run.ExtractionErrorRunFacet(
        totalTasks=len(task.statements) + failed,
        failedTasks=failed,
        errors=[_error(d) for d in errors],
        producer=PRODUCER,
    )


def _error(d: Diagnostic) -> extraction_error_run.Error:
    return extraction_error_run.Error(errorMessage=f"{d.code}: {d.message}", task=str(d.location))


def to_ndjson(events: Sequence[RunEvent]) -> str:
    """Return the events as newline-delimited JSON, one event per line, keys sorted."""
    return "".join(Serde.to_json(event) + "\n" for event in events)


def emit(events: Sequence[RunEvent]) -> str:
    """Send every event through the user's configured client transport; return its kind.

    Raises InputError when no transport is configured (the client would otherwise fall back
    to printing on the console) or when the transport fails.
    """
    client = _configured_client()
    try:
        for event in events:
            try:
                client.emit(event)
            except Exception as exc:  # transports raise their own errors (requests, kafka, ...)
                raise InputError(
                    "--emit", f"sending the event of {event.job.name} failed: {exc}",
                    hint=f"check the {client.transport.kind} transport's configuration",
                ) from exc
    finally:
        client.close()
    return client.transport.kind


def _configured_client() -> OpenLineageClient:
    """Return `OpenLineageClient()` (env vars, openlineage.yml), refusing the silent fallbacks."""
    try:
        with _quiet("openlineage.client.client"):  # its fallback warning; we say it better
            client = OpenLineageClient()
    except Exception as exc:  # a bad URL or config file: the client raises ValueError & co.
        message = f"the OpenLineage client configuration is invalid: {exc}"
        raise InputError("--emit", message) from exc
    kind = client.transport.kind
    if kind == "noop":
        raise InputError("--emit", "OpenLineage is disabled (OPENLINEAGE_DISABLED): nothing sent")
    if kind == "console" and not (client.config.transport or {}).get("type"):
        raise InputError(
            "--emit", "no OpenLineage transport is configured",
            hint="set OPENLINEAGE_URL, e.g. http://localhost:5000 for Marquez, or write an "
            "openlineage.yml; without --emit the events go to stdout or --output",
        )
    return client


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    logger = logging.getLogger(logger_name)
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)
