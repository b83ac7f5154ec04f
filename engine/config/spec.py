"""The YAML shape of `catalog.yaml` (docs/syntax.md), as frozen pydantic models.

These models only check structure and types; cross-references (owners are teams, tags are
declared, zones exist) are checked in `checks.py`, and the `Catalog` in `catalog.py` answers
questions about the result.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from engine.config.names import (
    FunctionList,
    FunctionName,
    Name,
    Spec,
    StrList,
    TagList,
    TagName,
    drop_nulls,
    entries,
    lower_keys,
)

Keep = Literal["keep", "drop"]
MaskingMap = Annotated[dict[FunctionName, TagName | None], BeforeValidator(lower_keys)]
AggregationMap = Annotated[dict[FunctionName, Keep], BeforeValidator(lower_keys)]


class SourcesSpec(Spec):
    """Where the SQL lives: globs relative to the catalog file."""

    sql: StrList = ()
    exclude: StrList = ()


class GraphSpec(Spec):
    """Where the Kùzu database lives and how much memory it may use."""

    path: str = ".lineage/graph.kuzu"
    buffer_pool_mb: int = Field(256, gt=0)


class NamesSpec(Spec):
    """Where a table name the SQL leaves unqualified is: what the SQL's connection sets."""

    database: Name | None = None  # the database (catalog, project) of a name without one
    schema_: Name | None = Field(None, alias="schema")  # of an unqualified name


class PropagationSpec(Spec):
    """Catalog-wide defaults for how tags travel; each tag may override them."""

    aggregation: AggregationMap = {}
    masking: MaskingMap = {}
    indirect: bool = False


class TeamSpec(Spec):
    """A team: who may own assets, and which tags (with their children) it is cleared to hold."""

    yaml_label: ClassVar[str] = "team"
    description: str | None = None
    clearance: TagList = ()


class TagSpec(Spec):
    """A tag's description, sensitivity level and propagation rules (unset rules inherit)."""

    yaml_label: ClassVar[str] = "tag"
    description: str | None = None
    level: int | None = None
    masking: MaskingMap = {}
    aggregation: AggregationMap = {}
    indirect: bool | None = None


class ZoneSpec(Spec):
    """A named group of assets by id glob; `source`/`sink` flags apply to every member."""

    yaml_label: ClassVar[str] = "zone"
    assets: StrList = ()
    source: bool = False
    sink: bool = False
    description: str | None = None

    @classmethod
    def short_form(cls, value: Any) -> Any:
        """`staging: ["stg.*"]` is short for `staging: {assets: ["stg.*"]}`."""
        if value is None:
            return {}
        return {"assets": value} if isinstance(value, list | str) else value


class ColumnSpec(Spec):
    """A declared column: its own tags (on top of the table's) and a description."""

    yaml_label: ClassVar[str] = "column"
    tags: TagList = ()
    description: str | None = None


class DeclassifySpec(Spec):
    """A recorded decision that a tag stops at this asset."""

    yaml_label: ClassVar[str] = "declassify entry"
    tag: TagName
    reason: str
    approved_by: str
    ticket: str | None = None
    date: dt.date | None = None


def _columns(value: Any) -> Any:
    """Columns may be a list of names or a mapping name -> {tags, description} (or null)."""
    if not isinstance(value, list):
        return entries(value)
    seen: set[str] = set()
    for name in value:
        if not isinstance(name, str):
            raise ValueError(f"column names must be strings, got {name!r}")
        if name.lower() in seen:
            raise ValueError(f"column '{name}' is listed twice")
        seen.add(name.lower())
    return entries({name: None for name in value})


class AssetSpec(Spec):
    """A declared asset: ownership, zone, retention, flags, tags and columns."""

    yaml_label: ClassVar[str] = "asset"
    owner: Name | None = None
    zone: Name | None = None
    description: str | None = None
    retention_days: int | None = Field(None, ge=0)
    source: bool | None = None
    sink: bool | None = None
    tags: TagList = ()
    columns: Annotated[dict[Name, ColumnSpec] | None, BeforeValidator(_columns)] = None
    declassify: tuple[DeclassifySpec, ...] = ()


class CatalogSpec(Spec):
    """The whole `catalog.yaml`; every key is optional."""

    dialect: Name | None = None
    sources: SourcesSpec = SourcesSpec()
    graph: GraphSpec = GraphSpec()
    names: NamesSpec = NamesSpec()
    masking_functions: FunctionList = ()
    propagation: PropagationSpec = PropagationSpec()
    teams: dict[Name, TeamSpec] | None = None
    tags: dict[TagName, TagSpec] | None = None
    zones: dict[Name, ZoneSpec] = {}
    assets: dict[Name, AssetSpec] = {}

    @model_validator(mode="before")
    @classmethod
    def _sections(cls, value: Any) -> Any:
        return drop_nulls(value)  # `assets:` with nothing under it is no assets

    @field_validator("teams", "tags", "assets", mode="before")
    @classmethod
    def _entries(cls, value: Any) -> Any:
        return entries(value)

    @field_validator("zones", mode="before")
    @classmethod
    def _zones(cls, value: Any) -> Any:
        value = lower_keys(value)
        if isinstance(value, dict):
            return {k: ZoneSpec.short_form(v) for k, v in value.items()}
        return value
