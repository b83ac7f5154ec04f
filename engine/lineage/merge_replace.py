"""Redshift's simplified MERGE: `MERGE INTO t USING s ON cond REMOVE DUPLICATES`.

It replaces the target rows cond matches with the source's and inserts the others: source and
target have the same columns, paired by position, so each column of s writes the same-position
column of t. sqlglot parses no MERGE without a WHEN branch, so `REMOVE DUPLICATES` is replaced
in the tokens by a branch that writes nothing (`WHEN MATCHED THEN DELETE`) and the parsed MERGE
is flagged; `dml.merge_write` then reads it as `SELECT s.* FROM t JOIN s ON cond`, whose outputs
fill t's known columns by position.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.redshift import Redshift
from sqlglot.tokenizer_core import Token, TokenType

REPLACES = "lineage_replaces"  # on a MERGE: REMOVE DUPLICATES, its rows replace t's by position
TARGET, SOURCE = "_lp_target", "_lp_source"
_BRANCH = ((TokenType.WHEN, "WHEN"), (TokenType.VAR, "MATCHED"), (TokenType.THEN, "THEN"),
           (TokenType.DELETE, "DELETE"))


def cut_remove_duplicates(tokens: list[Token], dialect: Dialect) -> tuple[list[Token], bool]:
    """Return `tokens` with a Redshift MERGE's closing `REMOVE DUPLICATES` replaced by a branch
    that writes nothing, and whether it was there."""
    if not (
        isinstance(dialect, Redshift)
        and len(tokens) > 4
        and tokens[0].token_type is TokenType.MERGE
        and [t.text.upper() for t in tokens[-2:]] == ["REMOVE", "DUPLICATES"]
    ):
        return tokens, False
    at = tokens[-2]
    branch = [Token(kind, text, at.line, at.col, at.start, at.end) for kind, text in _BRANCH]
    return tokens[:-2] + branch, True


def replacing_rows(merge: exp.Merge, target: exp.Table, source: exp.Expr) -> exp.Select:
    """The rows a REMOVE DUPLICATES MERGE writes: `SELECT s.* FROM t JOIN s ON cond`, each
    side under an alias of its own, so that a source named like the target (`dw.u`, `stg.u`)
    is not taken for it, with cond's references renamed to match."""
    on = merge.args.get("on")
    cond = on.copy() if on is not None else None
    for column in list(cond.find_all(exp.Column)) if cond is not None else []:
        side = _side_of(column, target, source)
        if side is not None:
            column.set("table", exp.to_identifier(side))
            column.set("db", None)
            column.set("catalog", None)
    written = target.copy()
    written.set("alias", exp.TableAlias(this=exp.to_identifier(TARGET)))
    read = source.copy()
    read.set("alias", exp.TableAlias(this=exp.to_identifier(SOURCE)))
    select = exp.Select(expressions=[exp.Column(this=exp.Star(), table=exp.to_identifier(SOURCE))])
    select.set("from_", exp.From(this=written))
    select.set("joins", [exp.Join(this=read, on=cond)])
    return select


def _side_of(column: exp.Column, target: exp.Table, source: exp.Expr) -> str | None:
    """Which side a column of the ON condition names: by its alias, else by as much of the
    table's name as it spells (`stg.u.id` is the source's when only the target is `dw.u`)."""
    if not column.table:
        return None
    sides = [(TARGET, target), (SOURCE, source)]
    named = [alias for alias, rel in sides if _names(column, rel)]
    return named[0] if len(named) == 1 else None


def _names(column: exp.Column, rel: exp.Expr) -> bool:
    alias = rel.args.get("alias")
    if alias is not None and alias.name:
        return not column.args.get("db") and column.table.lower() == alias.name.lower()
    if not isinstance(rel, exp.Table) or column.table.lower() != rel.name.lower():
        return False
    db = column.args.get("db")
    return db is None or db.name.lower() == rel.text("db").lower()
