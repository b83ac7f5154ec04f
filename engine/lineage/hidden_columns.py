"""Trino's (Athena's, Presto's) hidden columns of a Hive-connector table: `"$path"`,
`"$file_size"`, ... say where a row's file is, not data, and no catalog lists them. Marked
before qualify in those dialects only (elsewhere `"$path"` is a column like any other), so the
walk gives them no source unless one declares a column of that name."""

from __future__ import annotations

from sqlglot import exp

_HIDDEN = "lp_hidden_column"
_NAMES = frozenset(
    {"$path", "$file_size", "$file_modified_time", "$partition", "$bucket", "$row_id"}
)


def mark_hidden_columns(query: exp.Expr) -> None:
    """Mark the hidden-column references of a Trino-family `query`."""
    for column in query.find_all(exp.Column):
        if column.name.lower() in _NAMES:
            column.meta[_HIDDEN] = True


def is_hidden(column: exp.Column) -> bool:
    """True if `column` was marked a hidden column (`mark_hidden_columns`)."""
    return bool(column.meta_get(_HIDDEN))
