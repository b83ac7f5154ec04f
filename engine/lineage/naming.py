"""How many parts the catalog's asset names have, and the table names of SQL made to match.

A warehouse's SQL names one table in several ways: `analytics.raw.customers`, `raw.customers`
after `USE DATABASE analytics`, `customers` in Postgres's default `public` schema. A catalog
names each asset one way, with as many parts as its author uses (`raw.customers`: two). A table
named in SQL is one asset whichever way it is written, so its name is given the number of parts
most of the catalog's names have (`depth`) before anything looks it up:

- a longer name (after `USE` / `SET search_path` completed it) keeps its last `depth` parts:
  the catalog does not tell databases apart, so `analytics.raw.customers` is `raw.customers`;
- a shorter name gets the database every asset of the catalog is in, if they share one (a
  catalog whose assets all sit in database `main` puts `silver.orders` there too), and an
  unqualified one the database's default schema where the database has one a script cannot
  change unseen (Postgres and Redshift `public`, T-SQL `dbo`, DuckDB `main`);
- the catalog's few names with another number of parts (`analytics.ref.fx_rates` among
  two-part names) are matched by that form (`ref.fx_rates` is it).

The rules depend on the catalog alone, never on which tables other tasks create, so a task's
lineage stays a function of its text, the catalog and the columns of the tables it names (what
the cache keys on). A catalog that declares no asset leaves names as the SQL writes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from sqlglot.dialects.dialect import Dialect

# The schema an unqualified name is in when the script does not say, by dialect class name
# (sqlglot's; a subclass inherits its parent's: Redshift is a Postgres). Not Snowflake's, Hive's
# or Databricks': a connection's settings choose theirs.
DEFAULT_SCHEMAS = {"Postgres": "public", "TSQL": "dbo", "DuckDB": "main"}


@dataclass(frozen=True)
class Naming:
    """The catalog's names: the number of parts most have (`depth`), the database they are all
    in if they share one (`shared`), and the names with another number of parts (`others`)."""

    depth: int
    shared: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    # an unqualified name's schema: the catalog's `names.schema`, else the dialect's default
    schema: str | None = None
    # the forms of `others` that are themselves names of the catalog (`person` beside
    # `src.person`): those name the asset they are, never the other
    taken: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, asset_ids: Iterable[str], database: str | None = None, schema: str | None = None,
        dialect: str | None = None,
    ) -> Naming | None:
        """The naming of a catalog declaring `asset_ids` (None: it declares none), with the
        database and schema its `names` section gives (what the SQL's connection sets) and
        the catalog's dialect (its default schema, if it has a fixed one)."""
        by_depth: dict[int, list[str]] = {}
        for asset in sorted(asset_ids):
            by_depth.setdefault(asset.count(".") + 1, []).append(asset)
        if not by_depth:
            return None
        depth = max(by_depth, key=lambda d: (len(by_depth[d]), d))  # most used; then longest
        names = [a.split(".") for a in by_depth[depth]]
        shared: list[str] = []
        # the database (and above) only: a catalog often declares the tables of one schema
        # (its sources), which says nothing of where the others are
        for k in range(depth - 2):
            first = {n[k] for n in names}
            if len(first) != 1:
                break
            shared.append(first.pop())
        if database is not None and depth > 2:
            shared = [database]
        others = tuple(a for d, ids in sorted(by_depth.items()) if d != depth for a in ids)
        naming = cls(depth, tuple(shared), others, schema or default_schema(dialect))
        declared = {a.lower() for a in by_depth[depth]}
        taken = {".".join(naming._form(o.split("."), None)).lower() for o in others} & declared
        return replace(naming, taken=tuple(sorted(taken))) if taken else naming

    def key(self) -> str:
        """A stable text for cache keys: results depend on it."""
        return (f"{self.depth}:{'.'.join(self.shared)}:{self.schema}:{','.join(self.others)}"
                f":{','.join(self.taken)}")

    def resolve(self, parts: list[str]) -> list[str]:
        """The catalog's name for table name `parts` (completed by the script's USE if it
        has one)."""
        name = ".".join(parts).lower()
        if name in self._others:
            return parts
        form = self._form(parts, self.schema)
        other = self._others_by_form.get(".".join(form).lower())
        return other.split(".") if other is not None else form

    def form(self, name: str) -> str:
        """`resolve` for a lowercase dotted name: what the driver ships a task's schema for
        and orders its producers by."""
        return ".".join(self.resolve(name.split(".")))

    def _form(self, parts: list[str], default: str | None) -> list[str]:
        if len(parts) >= self.depth:
            return parts[-self.depth:]
        missing = self.depth - len(parts)
        if len(self.shared) >= missing:
            return [*self.shared[:missing], *parts]
        if default is not None and len(parts) == 1 and len(self.shared) == missing - 1:
            return [*self.shared, default, *parts]
        return parts

    @cached_property
    def _others(self) -> frozenset[str]:
        return frozenset(self.others)

    @cached_property
    def _others_by_form(self) -> dict[str, str]:
        """Each name of `others` by its form with `depth` parts, if no other name has it and
        it is not `taken`."""
        found: dict[str, list[str]] = {}
        for other in self.others:
            form = ".".join(self._form(other.split("."), None)).lower()
            found.setdefault(form, []).append(other)
        return {form: names[0] for form, names in found.items()
                if len(names) == 1 and form not in self.taken}


def default_schema(dialect: Dialect | str | None) -> str | None:
    """The schema an unqualified table name is in by default in `dialect` (None: no rule)."""
    if not isinstance(dialect, Dialect):
        dialect = Dialect.get_or_raise(dialect)
    for cls in type(dialect).__mro__:
        found = DEFAULT_SCHEMAS.get(cls.__name__)
        if found is not None:
            return found
    return None
