"""The graph's schema: node and relationship tables, one source for the DDL and the Arrow types.

Table and property names are part of the user-facing contract (users write Cypher against
them). The column node table is `Col` because `Column` is a reserved word in Kùzu's Cypher.
"""

from __future__ import annotations

import pyarrow as pa

# Bumped whenever a table or property changes; stored in Meta as `graph.schema_version`.
SCHEMA_VERSION = "2"

Props = tuple[tuple[str, str], ...]

NODE_TABLES: dict[str, Props] = {
    "Asset": (
        ("id", "STRING"), ("declared", "BOOLEAN"), ("owner", "STRING"), ("zone", "STRING"),
        ("description", "STRING"), ("retention_days", "INT64"), ("sink", "BOOLEAN"),
        ("source", "BOOLEAN"), ("declared_tags", "STRING[]"), ("tags", "STRING[]"),
    ),
    "Col": (
        ("id", "STRING"), ("asset", "STRING"), ("name", "STRING"),
        ("declared_tags", "STRING[]"), ("tags", "STRING[]"), ("description", "STRING"),
    ),
    # lineage: the extraction's `lineage_identity` (equal identity, equal rows: what an
    # incremental update compares); assets: every asset the task's lineage names, sorted.
    "Task": (
        ("id", "STRING"), ("sha256", "STRING"), ("status", "STRING"), ("statements", "INT64"),
        ("lineage", "STRING"), ("assets", "STRING[]"),
    ),
    "Tag": (
        ("name", "STRING"), ("parent", "STRING"), ("level", "INT64"), ("description", "STRING"),
    ),
    "Meta": (("key", "STRING"), ("value", "STRING")),
}

# name -> (FROM table, TO table, properties); loaded after every node table.
REL_TABLES: dict[str, tuple[str, str, Props]] = {
    "HAS_COLUMN": ("Asset", "Col", ()),
    "FLOWS": ("Col", "Col", (
        ("type", "STRING"), ("subtype", "STRING"), ("functions", "STRING[]"),
        ("masking", "BOOLEAN"), ("task", "STRING"), ("statement", "INT64"), ("line", "INT64"),
        ("resolution", "STRING"),
    )),
    "READS": ("Task", "Asset", ()),
    "WRITES": ("Task", "Asset", ()),
    "FEEDS": ("Asset", "Asset", (("task", "STRING"), ("line", "INT64"))),
    "CARRIES": ("Col", "Tag", (
        ("origin", "STRING"), ("origin_tag", "STRING"), ("declared", "BOOLEAN"),
        ("masked", "BOOLEAN"), ("path", "STRING"),
    )),
    "HAS_TAG": ("Asset", "Tag", ()),
    "CHILD_OF": ("Tag", "Tag", ()),
}

_ARROW: dict[str, pa.DataType] = {
    "STRING": pa.string(),
    "BOOLEAN": pa.bool_(),
    "INT64": pa.int64(),
    "STRING[]": pa.list_(pa.string()),
}


def quote(name: str) -> str:
    """Return a back-quoted identifier (safe whatever the table name)."""
    return f"`{name}`"


def count_cypher(table: str) -> str:
    """Return the Cypher counting a table's rows (Kùzu keeps the counts: no scan)."""
    pattern = f"(x:{quote(table)})" if table in NODE_TABLES else f"()-[x:{quote(table)}]->()"
    return f"MATCH {pattern} RETURN count(x)"


def ddl() -> list[str]:
    """Return the CREATE statements for every table, node tables first."""
    out = []
    for name, props in NODE_TABLES.items():
        cols = ", ".join(f"{p} {t}" for p, t in props)
        out.append(f"CREATE NODE TABLE {quote(name)}({cols}, PRIMARY KEY ({props[0][0]}))")
    for name, (src, dst, props) in REL_TABLES.items():
        cols = "".join(f", {p} {t}" for p, t in props)
        out.append(f"CREATE REL TABLE {quote(name)}(FROM {quote(src)} TO {quote(dst)}{cols})")
    return out


def arrow_schema(table: str) -> pa.Schema:
    """Return the Arrow schema COPY expects for a table (rels start with `from`, `to`)."""
    if table in NODE_TABLES:
        return pa.schema([(p, _ARROW[t]) for p, t in NODE_TABLES[table]])
    props = REL_TABLES[table][2]
    fields = [("from", pa.string()), ("to", pa.string())]
    return pa.schema(fields + [(p, _ARROW[t]) for p, t in props])
