"""Value types shared by every pipeline stage.

Everything here is a frozen pydantic model: a stage never mutates another stage's output.
The pipeline, left to right::

    Task --lineage--> TaskLineage (LineageEdge, StatementLineage, Diagnostic)
         --inventory--> AssetInfo
         --propagation--> TagAssignments (TagAssignment with PathStep paths)
         --policies--> Violation --findings--> Finding

Names of assets and columns are canonical: lowercase, dot-joined (`raw.users`, `raw.users.email`).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, field_serializer


class Frozen(BaseModel):
    """Base for value types: immutable, hashable, unknown fields rejected."""

    # arbitrary types: LineageEdge is a slotted dataclass, passed through as it is.
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        if cls.__private_attributes__:  # __reduce__ keeps __dict__ and the fields set only
            raise TypeError(f"{cls.__name__}: a Frozen model has no private attributes")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as (class, __dict__): pydantic's own state adds a fields-set per model, and
        # its __setstate__ four attribute calls; a base state holds ~900k models at 100k tasks.
        fields_set = self.__pydantic_fields_set__
        if len(fields_set) == len(type(self).__pydantic_fields__):
            return (_assembled, (type(self), self.__dict__))
        return (_assembled, (type(self), self.__dict__, fields_set))


_M = TypeVar("_M", bound=Frozen)
_set = object.__setattr__


def _assembled(cls: type[_M], state: dict[str, Any], fields_set: set[str] | None = None) -> _M:
    """A model with `state` as its fields, unvalidated: as `Frozen.__reduce__` pickled it, or
    as `trusted_constructor` makes it (every field set unless `fields_set` says)."""
    m = cls.__new__(cls)
    _set(m, "__dict__", state)
    _set(m, "__pydantic_fields_set__",
         set(cls.__pydantic_fields__) if fields_set is None else fields_set)
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


def unreported(default: Any = None, *, factory: Callable[[], Any] | None = None) -> Any:
    """A model field kept for later stages but left out of dumps and reprs (no report shows it)."""
    if factory is not None:
        return Field(default_factory=factory, exclude=True, repr=False)
    return Field(default, exclude=True, repr=False)


def trusted_constructor(cls: type[_M]) -> Callable[..., _M]:
    """Return `make(*values)`: a `cls` from a value for every field, in declaration order,
    unvalidated — equal to `cls.model_construct(**fields)` with every field given.

    For values already validated once (read back from the lineage cache): `model_construct`
    walks every field's aliases and defaults per call, 7 µs a model, and a warm run at 100k
    tasks decodes 218k statements and 100k tasks.
    """
    if cls.__pydantic_post_init__ or cls.__pydantic_root_model__ or cls.__private_attributes__:
        raise TypeError(f"{cls.__name__}: not a plain model")
    names = tuple(cls.model_fields)

    def make(*values: Any) -> _M:
        if len(values) != len(names):
            raise TypeError(f"{cls.__name__} takes {len(names)} values, not {len(values)}")
        return _assembled(cls, dict(zip(names, values)))

    return make


class Severity(str, Enum):
    """How bad a finding is; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]


def asset_id(*parts: str) -> str:
    """Return the canonical id of an asset from its name parts.

    `asset_id("RAW", "Users") == "raw.users"`."""
    return ".".join(p.lower() for p in parts if p)


class Location(Frozen):
    """A place in a repository file (POSIX path relative to the project root, 1-based line)."""

    path: str
    line: int
    column: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")


@dataclass(frozen=True, slots=True)
class ColumnRef:
    """A column of an asset, both canonical (lowercase).

    A slotted dataclass like `LineageEdge` (one per distinct column, referenced by millions of
    edges); unpickling interns it, so a column read back from the cache or from a worker is one
    object however many edges name it.
    """

    asset: str
    column: str

    def __str__(self) -> str:
        return f"{self.asset}.{self.column}"

    @property
    def id(self) -> str:
        return f"{self.asset}.{self.column}"

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (interned_column, (self.asset, self.column))


# asset -> column -> the shared ref: two string-keyed lookups (strings cache their hash)
# cost a third of one keyed by a fresh (asset, column) tuple, at millions of columns a run.
_INTERNED: dict[str, dict[str, ColumnRef]] = {}


def interned_column(asset: str, column: str) -> ColumnRef:
    """Return the one shared `ColumnRef` for a column (used when unpickling)."""
    columns = _INTERNED.get(asset)
    if columns is None:
        columns = _INTERNED[asset] = {}
    ref = columns.get(column)
    if ref is None:
        ref = columns[column] = ColumnRef(asset, column)
    return ref


def interned_columns(asset: str, names: Iterable[str]) -> list[ColumnRef]:
    """Return the shared refs of several columns of one asset, in order."""
    columns = _INTERNED.get(asset)
    if columns is None:
        columns = _INTERNED[asset] = {}
    get = columns.get
    out = []
    for name in names:
        ref = get(name)
        if ref is None:
            ref = columns[name] = ColumnRef(asset, name)
        out.append(ref)
    return out


EdgeType = Literal["DIRECT", "INDIRECT"]
EdgeSubtype = Literal[
    "IDENTITY",
    "TRANSFORMATION",
    "AGGREGATION",
    "JOIN",
    "FILTER",
    "GROUP_BY",
    "SORT",
    "WINDOW",
    "CONDITIONAL",
]
DIRECT_SUBTYPES: frozenset[str] = frozenset({"IDENTITY", "TRANSFORMATION", "AGGREGATION"})
Resolution = Literal["resolved", "unresolved", "ambiguous"]


@dataclass(frozen=True, slots=True)
class LineageEdge:
    """One column-to-column flow created by one statement of one task.

    `functions` lists the SQL functions applied between source and target, innermost first
    (`upper(sha2(email))` gives `("sha2", "upper")`), lowercase. `masking` is set after
    extraction from the catalog's masking functions. `resolution` is `unresolved` for an
    over-approximate edge (a star whose columns were unknown) and `ambiguous` when the
    column could belong to several tables and an edge was drawn from each candidate.

    The one value with millions of instances, so a slotted frozen dataclass rather than a
    pydantic model: measured 152 bytes an edge against about 1.1 KB (2026-11-24). Build it from
    validated parts (the lineage stage does); use `dataclasses.replace` to change a field.
    """

    source: ColumnRef
    target: ColumnRef
    type: EdgeType
    subtype: EdgeSubtype
    task: str
    statement_index: int
    line: int
    functions: tuple[str, ...] = ()
    masking: bool = False
    resolution: Resolution = "resolved"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional re-construction through the slots: pickle's default for slotted
        # dataclasses goes through `dataclasses.fields()` per object; this is the cache's and
        # the workers' hot path (measured 1.5 us an edge against 3.4 us via __init__, 8 us
        # by default).
        return (_edge, (
            self.source, self.target, self.type, self.subtype, self.task, self.statement_index,
            self.line, self.functions, self.masking, self.resolution,
        ))

    @property
    def transform(self) -> str:
        """`DIRECT.TRANSFORMATION(sha2)` style label for reports."""
        fn = f"({', '.join(self.functions)})" if self.functions else ""
        return f"{self.type}.{self.subtype}{fn}"


_EDGE_SLOTS = (
    "source", "target", "type", "subtype", "task", "statement_index", "line", "functions",
    "masking", "resolution",
)
_new_object = object.__new__
(_s0, _s1, _s2, _s3, _s4, _s5, _s6, _s7, _s8, _s9) = (
    LineageEdge.__dict__[name].__set__ for name in _EDGE_SLOTS
)


def _edge(source: ColumnRef, target: ColumnRef, type: EdgeType, subtype: EdgeSubtype,
          task: str, statement_index: int, line: int, functions: tuple[str, ...],
          masking: bool, resolution: Resolution) -> LineageEdge:
    """Rebuild a pickled edge: values were validated when it was first made."""
    e = _new_object(LineageEdge)
    _s0(e, source), _s1(e, target), _s2(e, type), _s3(e, subtype), _s4(e, task)
    _s5(e, statement_index), _s6(e, line), _s7(e, functions), _s8(e, masking)
    _s9(e, resolution)
    return e


@dataclass(frozen=True, slots=True)
class WideEdge:
    """INDIRECT flows from one source column into every column one statement writes in a target.

    A JOIN key, a WHERE, GROUP BY or ORDER BY column shapes every row a statement writes, so it
    reaches each of the target's columns: OpenLineage's dataset-level lineage. Stored once per
    statement instead of once per target column, because as column edges they were 70% of all
    edges of a realistic warehouse (measured on the 10k-task benchmark: 857k of 1.21M edges
    fold into 30k of these). `expand()` gives the column edges, exactly as they would be.

    `targets` names every column written, in order; the statement's wide edges share one
    tuple. `line` is the line of the clause the flow comes from (its WHERE, JOIN ON, ...), the
    same for every column.
    """

    source: ColumnRef
    target_asset: str
    targets: tuple[str, ...]
    subtype: EdgeSubtype
    task: str
    statement_index: int
    line: int
    functions: tuple[str, ...] = ()
    masking: bool = False
    resolution: Resolution = "resolved"

    type: ClassVar[EdgeType] = "INDIRECT"

    def expand(self) -> Iterator[LineageEdge]:
        """Yield the column edge to each target column."""
        for column in self.targets:
            yield LineageEdge(
                self.source, interned_column(self.target_asset, column), "INDIRECT",
                self.subtype, self.task, self.statement_index, self.line, self.functions,
                self.masking, self.resolution,
            )

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (WideEdge, (
            self.source, self.target_asset, self.targets, self.subtype, self.task,
            self.statement_index, self.line, self.functions, self.masking, self.resolution,
        ))


StatementKind = Literal[
    "select", "insert", "insert_overwrite", "create_table", "create_view", "merge", "update",
    "delete", "alter_table", "other",
]


def guessed_columns(
    kind: str, target_columns: tuple[str, ...], insert_columns: tuple[str, ...]
) -> tuple[str, ...]:
    """The columns a statement suggests its target has, for a table nobody defines: those it
    writes, but for an UPDATE's or DELETE's, which are some of them only (taken for the list,
    the next statement's other names would be unresolved). A MERGE inserting rows names
    columns its INSERT lists, and those it SETs are columns too; one that only updates does
    not name the list."""
    if kind == "merge":
        return target_columns if insert_columns else ()
    return () if kind in ("update", "delete") else target_columns


class StatementLineage(Frozen):
    """Table-level facts about one statement: what it reads and writes.

    Kept even when column lineage fails, so table-level lineage survives unresolved columns.
    `target` is None for a statement that only reads (a bare SELECT). Temporary tables are
    followed through and never appear as `target` or in `sources`.
    """

    index: int
    line: int
    kind: StatementKind
    target: str | None = None
    target_columns: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    # CREATE ... IF NOT EXISTS: a table another file made first keeps its columns
    if_not_exists: bool = False
    # a MERGE's `WHEN NOT MATCHED THEN INSERT (cols)`: a guess at the table's columns, as an
    # INSERT's list is (its `target_columns` hold the UPDATE branches' SET columns too)
    insert_columns: tuple[str, ...] = ()


DiagnosticCode = Literal[
    "parse-error", "unresolved-column", "unresolved-star", "ambiguous-column",
    "unsupported-statement", "unknown-table", "no-statements",
]
# Codes that note something but leave no lineage unknown: the task stays `ok`, and its
# `lineage-unknown` finding is info (an empty task file is almost always a mistake).
NOTE_CODES: frozenset[str] = frozenset({"no-statements"})


class Diagnostic(Frozen):
    """A problem seen while extracting lineage: not fatal; a `lineage-unknown` finding."""

    code: DiagnosticCode
    message: str
    location: Location
    asset: str | None = None
    column: str | None = None


TaskStatus = Literal["ok", "partial", "unknown"]


class TaskLineage(Frozen):
    """Everything lineage extraction learned from one task (one SQL file).

    `status` is `unknown` when nothing could be parsed, `partial` when some statement or
    column could not be resolved (see `diagnostics`), `ok` otherwise. As the pipeline holds
    it (read back from the cache or a worker), `edges` and `wide` are packed
    (`engine.codec`): read-only sequences equal to the tuples, decoded when iterated; use
    `summary` and `models.column_refs` to index tasks without decoding them.
    """

    task: str
    sha256: str
    status: TaskStatus
    statements: tuple[StatementLineage, ...] = ()
    edges: tuple[LineageEdge, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    # INDIRECT flows into every column a statement writes, stored once (see WideEdge);
    # `edges` holds every other edge. `all_edges()` is both, as column edges.
    wide: tuple[WideEdge, ...] = ()
    # Names whose appearance would change this lineage: tables a name's resolution looked for
    # and did not find (a search path's earlier schemas), and the BigQuery wildcards it read
    # (`ds.events_*`: any table with that prefix). The cache and the run's later passes treat
    # them as read (`cache.referenced`). Not part of the exported lineage.
    watched: tuple[str, ...] = Field(default=(), exclude=True)

    @field_serializer("edges", "wide", mode="wrap")
    def _decoded(self, value: Sequence[Any], handler: SerializerFunctionWrapHandler) -> Any:
        # packed edges (engine.codec) serialise as the tuples they stand for
        return handler(value if isinstance(value, tuple) else tuple(value))

    def all_edges(self) -> tuple[LineageEdge, ...]:
        """Every column edge of the task: `edges`, then each wide edge expanded."""
        if not self.wide:
            return tuple(self.edges)
        return (*self.edges, *(e for w in self.wide for e in w.expand()))

    @property
    def edge_count(self) -> int:
        """len(all_edges()), without expanding."""
        return edge_summary(self).column_edges

    @property
    def summary(self) -> EdgeSummary:
        """What stages index the task by, without decoding its edges (`edge_summary`)."""
        return edge_summary(self)

    @property
    def reads(self) -> tuple[str, ...]:
        return tuple(sorted({s for st in self.statements for s in st.sources}))

    @property
    def writes(self) -> tuple[str, ...]:
        return tuple(sorted({st.target for st in self.statements if st.target}))


@dataclass(frozen=True, slots=True)
class EdgeSummary:
    """Facts about a task's edges that stages index by, so they need not decode them.

    A task read back from the cache or a worker holds its edges packed (`engine.codec`): the
    summary travels with them, and the edges are decoded only by a stage that needs them
    (propagation decodes only the tasks a tag reaches). Asset tuples are sorted.
    """

    direct: int  # DIRECT edges (all in `edges`: wide edges are INDIRECT)
    edges: int  # len(task.edges)
    wide: int  # len(task.wide)
    wide_targets: int  # column edges the wide edges stand for
    sources: tuple[str, ...]  # assets `edges` read from
    wide_sources: tuple[str, ...]  # assets wide edges read from
    targets: tuple[str, ...]  # assets any edge writes
    functions: tuple[tuple[str, ...], ...]  # distinct function lists of all edges

    @property
    def column_edges(self) -> int:
        """How many column edges the task has, wide edges expanded."""
        return self.edges + self.wide_targets

    @classmethod
    def of(cls, edges: Iterable[LineageEdge], wide: Iterable[WideEdge]) -> EdgeSummary:
        """Summarise decoded edges."""
        edges, wide = tuple(edges), tuple(wide)
        return cls(
            direct=sum(1 for e in edges if e.type == "DIRECT"), edges=len(edges), wide=len(wide),
            wide_targets=sum(len(w.targets) for w in wide),
            sources=tuple(sorted({e.source.asset for e in edges})),
            wide_sources=tuple(sorted({w.source.asset for w in wide})),
            targets=tuple(sorted({*(e.target.asset for e in edges),
                                  *(w.target_asset for w in wide)})),
            functions=tuple(sorted({*(e.functions for e in edges),
                                    *(w.functions for w in wide)})),
        )


def edge_summary(task: TaskLineage) -> EdgeSummary:
    """The task's `EdgeSummary`: carried by packed edges, else worked out from the edges."""
    found: EdgeSummary | None = getattr(task.edges, "summary", None)
    return found if found is not None else EdgeSummary.of(task.edges, task.wide)


def column_refs(task: TaskLineage) -> Iterator[tuple[str, Sequence[str], Sequence[bool]]]:
    """Yield (asset, column names, whether each is read by an edge) for every column the
    task's edges name (wide edges' targets excepted: they are the statements' target columns),
    assets in order of first mention and names in order of first mention within each."""
    packed = getattr(task.edges, "column_refs", None)
    if packed is not None:
        yield from packed()
        return
    yield from columns_named(task.edges, task.wide)


def columns_named(edges: Iterable[LineageEdge], wide: Iterable[WideEdge]
                  ) -> Iterator[tuple[str, tuple[str, ...], tuple[bool, ...]]]:
    """`column_refs` of decoded edges: the order a packed task's column list is written in."""
    names: dict[str, dict[str, bool]] = {}
    for e in edges:
        columns = names.setdefault(e.source.asset, {})
        columns[e.source.column] = True
        columns = names.setdefault(e.target.asset, {})
        columns.setdefault(e.target.column, False)
    for w in wide:
        names.setdefault(w.source.asset, {})[w.source.column] = True
    for asset, columns in names.items():
        yield asset, tuple(columns), tuple(columns.values())


class ColumnInfo(Frozen):
    """A column of an asset as the run sees it (declared in the catalog or defined by SQL)."""

    name: str
    declared_tags: tuple[str, ...] = ()
    description: str | None = None


class AssetInfo(Frozen):
    """An asset with catalog facts resolved: zone from globs, declared or discovered from SQL."""

    id: str
    declared: bool
    owner: str | None = None
    zone: str | None = None
    description: str | None = None
    retention_days: int | None = None
    tags: tuple[str, ...] = ()
    columns: tuple[ColumnInfo, ...] = ()
    sink: bool = False
    source: bool = False
    written_by: tuple[str, ...] = ()
    # tasks reading it in a statement that writes something else (or nothing): a MERGE or
    # upsert reading its own target keeps that table, it is not one of its users
    read_by: tuple[str, ...] = ()

    @property
    def column_names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns)


class TagInfo(Frozen):
    """A tag's identity in the hierarchy (rules live on the catalog's TagDef)."""

    name: str
    parent: str | None = None
    level: int | None = None
    description: str | None = None


class PathStep(Frozen):
    """One step of the path by which a tag reached a column.

    The first step is the origin (`transform == "declared"`, no task); each next step is the
    column the tag reached, the task/line of the statement, and what happened to the tag.
    """

    asset: str
    column: str | None
    task: str | None = None
    line: int | None = None
    transform: str
    tag: str | None = None
    rule: str | None = None


class TagAssignment(Frozen):
    """A tag carried by a column, with where it was declared and how it got here."""

    column: ColumnRef
    tag: str
    origin: ColumnRef
    origin_tag: str
    declared: bool
    masked: bool = False
    path: tuple[PathStep, ...] = ()


class DeclassifyRecord(Frozen):
    """A declassification that stopped a tag at an asset (a recorded barrier, for the audit)."""

    asset: str
    tag: str
    reason: str
    approved_by: str
    ticket: str | None = None
    stopped: tuple[str, ...] = ()  # column ids at which the tag was stopped


class TagAssignments(Frozen):
    """The result of propagation: every (column, tag, origin) with its path."""

    items: tuple[TagAssignment, ...] = ()
    declassified: tuple[DeclassifyRecord, ...] = ()
    # The table-level tags declared on assets with no known column (a source dump nothing
    # maps, an export only an outside tool fills): the table carries them though no column
    # can. (asset, tags), in asset order.
    column_less: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @cached_property
    def by_column(self) -> dict[str, tuple[TagAssignment, ...]]:
        out: dict[str, list[TagAssignment]] = {}
        for a in self.items:
            out.setdefault(a.column.id, []).append(a)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def by_asset(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for a in self.items:
            out.setdefault(a.column.asset, set()).add(a.tag)
        for asset, tags in self.column_less:
            out.setdefault(asset, set()).update(tags)
        return {k: frozenset(v) for k, v in out.items()}

    @cached_property
    def _column_less(self) -> dict[str, tuple[str, ...]]:
        return dict(self.column_less)

    def table_level(self, asset: str) -> tuple[str, ...]:
        """Return the table-level tags an asset with no known column carries (else none)."""
        return self._column_less.get(asset, ())

    def on_column(self, column_id: str) -> tuple[TagAssignment, ...]:
        """Return every assignment on a column (empty if it carries no tag)."""
        return self.by_column.get(column_id, ())

    def asset_tags(self, asset: str) -> frozenset[str]:
        """Return the tags an asset carries: the union of its columns' tags, or the
        table-level tags it declares if it has no known column."""
        return self.by_asset.get(asset, frozenset())


class Violation(Frozen):
    """A policy's verdict on one asset/column/tag: plain data, never an exception."""

    policy_id: str
    asset: str
    column: str | None = None
    tag: str | None = None
    message: str
    path: tuple[PathStep, ...] = ()
    evidence: tuple[str, ...] = ()
    location: Location | None = None


def tag_is_under(tag: str, ancestor: str) -> bool:
    """Return True if `tag` is `ancestor` or a dotted child of it (`pii.email` is under `pii`)."""
    return tag == ancestor or tag.startswith(ancestor + ".")


class Task(Frozen):
    """One SQL file to analyse: its repo-relative POSIX path, text and content hash."""

    path: str
    text: str
    sha256: str


ChangeKind = Literal["new", "fixed", "unchanged"]


def waiver_covers(policy: str, glob: str, policy_id: str, subject: str) -> bool:
    """True if a waiver of `policy` for assets matching `glob` covers `subject` (an asset id,
    or a task path for `lineage-unknown`) of a finding of `policy_id`."""
    return policy_id == policy and fnmatch.fnmatchcase(subject, glob)


class WaiverInfo(Frozen):
    """The waiver (policy exception) that applies to a finding, as reported."""

    policy: str
    asset: str
    until: str  # ISO date
    reason: str
    ticket: str | None = None
    approved_by: str | None = None
    active: bool


class Finding(Frozen):
    """A reported result: a violation with its severity, fingerprint and waiver status.

    The fingerprint hashes (policy, asset, column, tag) and never line numbers, so a pull
    request's findings can be matched with its base's.
    """

    fingerprint: str
    policy: str
    kind: str
    severity: Severity
    asset: str
    column: str | None = None
    tag: str | None = None
    message: str
    waived: bool = False
    waiver: WaiverInfo | None = None
    location: Location | None = None
    path: tuple[PathStep, ...] = ()
    evidence: tuple[str, ...] = ()
    change: ChangeKind | None = None


class BaseInfo(Frozen):
    """The revision a pull-request check compared against."""

    ref: str
    commit: str
    project_found: bool = True  # False when the catalog did not exist at that revision
    # Why the project at that revision could not be evaluated (its input was invalid): then
    # it is compared as if it did not exist (`project_found` False), every finding new.
    error: str | None = None


TaskChangeKind = Literal["added", "modified", "removed"]


class TaskChange(Frozen):
    """A SQL task whose content differs between the base and the working tree."""

    task: str
    change: TaskChangeKind


class ImpactedNode(Frozen):
    """An asset or column downstream of a changed task; depth 1 is written by the task itself."""

    id: str
    depth: int
    owner: str | None = None


class TagChange(Frozen):
    """A tag that newly reaches, or no longer reaches, a column (the propagation diff)."""

    column: str
    tag: str
    change: Literal["added", "removed"]
    origins: tuple[str, ...] = ()


class Impact(Frozen):
    """What a change touches: tasks, what is downstream of them, who owns it, and tag movement."""

    tasks: tuple[TaskChange, ...] = ()
    assets: tuple[ImpactedNode, ...] = ()
    columns: tuple[ImpactedNode, ...] = ()
    reviewers: tuple[str, ...] = ()
    tag_changes: tuple[TagChange, ...] = ()


class SpoolFile(Frozen):
    """One piece of a graph build on disk: the table it is COPYed into, its Parquet file's
    name in the spool, and its rows."""

    table: str
    file: str
    rows: int


class GraphSpool(Frozen):
    """A graph build's pieces, written by the run, in the order a loader COPYs them (node
    tables first); `seconds` were spent making and writing them."""

    folder: str
    buffer_pool_mb: int
    files: tuple[SpoolFile, ...]
    seconds: float


class GraphLoad(Frozen):
    """What a loader did: rows and COPY statements per table, the tables a file of which it
    loaded in halves (it outgrew the buffer pool), and the seconds it took."""

    rows: dict[str, int]
    pieces: dict[str, int]
    split: tuple[str, ...] = ()
    seconds: float = 0.0
