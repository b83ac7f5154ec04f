"""Triggers (T-SQL, SQLite, MySQL, Oracle): their bodies analysed as the script's statements,
their changed rows read as the table the trigger fires on.

A trigger's body runs when rows of its table change, and reads those rows under names of its
own: T-SQL's pseudo-tables `inserted` and `deleted`, SQLite's and MySQL's `NEW` and `OLD` (one
row each). Whatever the body writes from them comes from that table, so:

- a T-SQL `FROM inserted [AS i]` is read as `FROM <table> AS i` (`AS inserted` without an alias:
  `inserted.c` still names its columns); the header is blanked by `tsql_flow`;
- a SQLite / MySQL `NEW.c` is read as `(SELECT NEW.c FROM <table> AS NEW)`, a value of that
  table's column c, wherever it stands (a VALUES row, a SET, a WHERE). The header `CREATE
  TRIGGER ... ON t [FOR EACH ROW] [WHEN cond] BEGIN` and the body's `END` are blanked here; a
  WHEN condition decides whether the body runs, like a T-SQL IF's, and is no read;
- Oracle's PL/SQL `:NEW.c` / `:OLD.c` (or the names `REFERENCING NEW AS n OLD AS o` gives
  them) are read as `NEW.c` / `OLD.c`; a `DECLARE` section before the `BEGIN` is the body's,
  and `END [name];` ends it;
- a MySQL `SET NEW.c = v [, NEW.d = w]` or PL/SQL `:NEW.c := v` (a BEFORE trigger's) changes
  the row before it is stored: it is read as `UPDATE <table> SET c = v, d = w`, a write of the
  table's column c;
- a `BEGIN ... END` body's control flow (`DECLARE`, `IF ... THEN`, `END IF`) is blanked as in
  a procedure's (`scripting.without_control_flow`), its declared names being values.

Which statements are a trigger's body is known from their lines (`scripting.Trigger`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.parse import ParsedStatement
from engine.lineage.schema import reads_cte
from engine.lineage.scripting import (
    Branches,
    Script,
    Selected,
    Trigger,
    blanked,
    block_end,
    control_flow,
    free_tokens,
    statement_end,
    word_at,
)

# A cheap test before a SQLite / MySQL / Oracle file is tokenized again: CREATE, then TRIGGER
# within a header's reach (`OR REPLACE`, `DEFINER = user@host`); DROP / ALTER TRIGGER and a
# comment's "trigger" do not fire it. Linear: each CREATE looks at most 300 characters ahead.
_MAY_HAVE_TRIGGER = re.compile(r"\bcreate\b[^;]{0,300}?\btrigger\b", re.IGNORECASE)
# Between CREATE and TRIGGER: `TEMP`, `OR REPLACE`, MySQL's `DEFINER = user@host`.
_HEADER_WITHIN = 8
_ROW_NAMES = frozenset({"new", "old"})
# A single-statement body (MySQL `FOR EACH ROW INSERT ...`) starts with one of these.
_BODY_STARTS = frozenset({
    "insert", "update", "delete", "replace", "select", "with", "merge", "set",
})


def with_trigger_rows(
    statement: ParsedStatement, triggers: tuple[Trigger, ...], dialect: Dialect
) -> ParsedStatement:
    """`statement`, its tree rewritten in place if it is in a trigger's body (see the module
    docstring)."""
    tree = statement.expression
    trigger = next(
        (t for t in triggers if t.first_line <= statement.line <= t.last_line), None
    )
    if tree is None or trigger is None:
        return statement
    try:
        table = exp.to_table(trigger.table, dialect=dialect)
    except SqlglotError:
        return statement
    for node in table.walk():  # parsed on its own: its line 1 is no line of the file
        node.meta.clear()
    if trigger.as_tables:
        _tables_read_as(tree, trigger.rows, table)
    else:
        tree = _bound_rows(tree, trigger.rows)
        tree = _row_assignments(tree, trigger.rows, table) or tree
        _rows_read_as(tree, trigger.rows, table)
    return replace(statement, expression=tree)


def _bound_rows(tree: exp.Expr, names: frozenset[str]) -> exp.Expr:
    """`tree` with PL/SQL's bind-style `:NEW.c` (a placeholder's field) read as `NEW.c`."""
    for dot in list(tree.find_all(exp.Dot)):
        row, field = dot.this, dot.expression
        if (
            isinstance(row, exp.Placeholder)
            and isinstance(row.this, str)
            and row.this.lower() in names
            and isinstance(field, exp.Identifier)
        ):
            column = exp.Column(this=field, table=exp.to_identifier(row.this))
            if dot is tree:
                return column
            dot.replace(column)
    return tree


def _row_assignments(tree: exp.Expr, names: frozenset[str], table: exp.Table) -> exp.Expr | None:
    """MySQL's `SET NEW.c = v [, NEW.d = w]`, PL/SQL's `:NEW.c := v`: an `UPDATE table SET c =
    v, d = w`, the row's columns written before it is stored (the SET's variables, `@x = ...`,
    are values and go); None if `tree` assigns no column of the row."""
    items = (
        tree.expressions if isinstance(tree, exp.Set)
        else (tree,) if isinstance(tree, exp.PropertyEQ)
        else ()
    )
    pairs = []
    for item in items:
        pair = item.this if isinstance(item, exp.SetItem) else item
        target = pair.this if isinstance(pair, (exp.EQ, exp.PropertyEQ)) else None
        if isinstance(target, exp.Column) and _is_row_column(target, names):
            pairs.append(exp.EQ(this=exp.column(target.this.copy()), expression=pair.expression))
    if not pairs:
        return None
    return exp.Update(this=table.copy(), expressions=pairs)


def _is_row_column(column: exp.Column, names: frozenset[str]) -> bool:
    """Whether `column` is `NEW.c` / `OLD.c` (a name of the trigger's row), not `db.t.c`."""
    return (
        column.table.lower() in names
        and not column.args.get("db")
        and isinstance(column.this, exp.Identifier)
    )


def _tables_read_as(tree: exp.Expr, names: frozenset[str], table: exp.Table) -> None:
    """T-SQL: each `inserted` / `deleted` table (not a CTE so named) is `table`, under the
    alias it had or its own name."""
    for node in list(tree.find_all(exp.Table)):
        name = node.name.lower()
        if node.args.get("db") or name not in names or reads_cte(node):
            continue
        if not isinstance(node.this, exp.Identifier):
            continue
        if not node.alias:
            node.set("alias", exp.TableAlias(this=node.this.copy()))
        for key in ("this", "db", "catalog"):
            part = table.args.get(key)
            node.set(key, part.copy() if part is not None else None)


def _rows_read_as(tree: exp.Expr, names: frozenset[str], table: exp.Table) -> None:
    """SQLite / MySQL / Postgres: each `NEW.c` / `OLD.c` is `(SELECT NEW.c FROM table AS NEW)`;
    a whole row (`NEW.*`, Postgres `(NEW).*`) is read from `table AS NEW` (see `_row_stars`)."""
    _row_stars(tree, names, table)
    for column in list(tree.find_all(exp.Column)):
        if not _is_row_column(column, names):
            continue
        rows = table.copy()
        rows.set("alias", exp.TableAlias(this=column.args["table"].copy()))
        column.replace(exp.select(column.copy()).from_(rows).subquery())


def _row_stars(tree: exp.Expr, names: frozenset[str], table: exp.Table) -> None:
    """A whole row in a projection without FROM (`SELECT NEW.*, now()`) or a single VALUES
    row (`VALUES (OLD.*, 'D')`, Postgres's history-table idiom) is read `FROM table AS OLD`:
    the row's columns, in the table's order; a second row joins it."""
    for star in [n for n in tree.find_all(exp.Column, exp.Dot) if _row_star(n, names)]:
        name = (star.this.this.this if isinstance(star, exp.Dot) else star.args["table"]).copy()
        rows = table.copy()
        rows.set("alias", exp.TableAlias(this=name))
        column = exp.Column(this=exp.Star(), table=name.copy())
        star.replace(column)
        holder = column.parent
        values = holder.parent if isinstance(holder, exp.Tuple) else None
        if isinstance(values, exp.Values) and len(values.expressions) == 1:
            select = exp.select(*holder.expressions)  # the VALUES row: a SELECT of its values
            values.replace(select)
            holder = select
        if not isinstance(holder, exp.Select) or column.arg_key != "expressions":
            continue
        if holder.args.get("from_") is None:
            holder.from_(rows, copy=False)
        else:
            holder.join(rows, copy=False)


def _row_star(node: exp.Expr, names: frozenset[str]) -> bool:
    """`NEW.*` / `OLD.*`, or Postgres's `(NEW).*`."""
    if isinstance(node, exp.Column):
        return isinstance(node.this, exp.Star) and _is_row_name(node.args.get("table"), names) \
            and not node.args.get("db")
    inner = node.this.this if isinstance(node.this, exp.Paren) else None
    return isinstance(node.expression, exp.Star) and isinstance(inner, exp.Column) \
        and not inner.args.get("table") and _is_row_name(inner.this, names)


def _is_row_name(name: exp.Expr | None, names: frozenset[str]) -> bool:
    return isinstance(name, exp.Identifier) and name.name.lower() in names


def row_triggers(
    text: str, dialect: Dialect, tokens: list[Token] | None = None
) -> Script | None:
    """A SQLite / MySQL / Oracle file's text with its triggers' headers and `END`s blanked (and
    their bodies' control flow), and where their bodies are; None if it has no trigger (most
    files: a regex says so) or cannot be tokenized. `tokens`: the text's, if already known."""
    if not _MAY_HAVE_TRIGGER.search(text):
        return None
    if tokens is None:
        try:
            tokens = free_tokens(text, dialect)
        except SqlglotError:
            return None
    spans: list[tuple[int, int]] = []  # character spans, both ends included
    flow: list[tuple[int, int]] = []  # the BEGIN ... END bodies' control flow, likewise
    ends: tuple[int, ...] = ()  # where a loop's query, kept, ends (`Flow.ends`)
    names: set[str] = set()  # the names those bodies declare
    branches: Branches = ()
    selected: Selected = ()
    triggers: list[Trigger] = []
    i = 0
    while i < len(tokens):
        found = _trigger_at(tokens, i, text)
        if found is None:
            i += 1
            continue
        body, end, trigger = found
        spans.append((tokens[i].start, tokens[body].start - 1))
        if end is not None:  # with the block's name after it (PL/SQL `END trg;`)
            close = end + 1 if word_at(tokens, end + 2) == ";" else end
            spans.append((tokens[end].start, tokens[close].end))
            body_flow = control_flow(tokens[body:end], tokens[end].start - 1)
            flow += body_flow.blanks
            ends += body_flow.ends
            names |= body_flow.names
            branches += body_flow.branches
            selected += body_flow.selected
        triggers.append(trigger)
        i = (end if end is not None else body) + 1
    if not triggers:
        return None
    chars = list(blanked(text, spans + flow, ends))
    for start, _ in spans:  # the statements before and after end there
        chars[start] = ";"
    return Script("".join(chars), frozenset(names), tuple(triggers), branches=branches,
                  selected=selected)


def _trigger_at(
    tokens: list[Token], i: int, text: str
) -> tuple[int, int | None, Trigger] | None:
    """For `CREATE ... TRIGGER` at `i`: where its body starts, the `END` closing it (None for
    a single-statement body) and the trigger; None if no trigger starts at `i`."""
    if word_at(tokens, i) != "create":
        return None
    named = next(
        (k for k in range(i + 1, min(len(tokens), i + _HEADER_WITHIN))
         if word_at(tokens, k) in ("trigger", ";")),
        None,
    )
    if named is None or word_at(tokens, named) != "trigger":
        return None
    on = next((k for k in range(named + 1, len(tokens)) if word_at(tokens, k) in ("on", ";")), None)
    if on is None or word_at(tokens, on) != "on" or on + 1 >= len(tokens):
        return None
    after = on + 2  # after the table's (dotted) name
    while after + 1 < len(tokens) and tokens[after].token_type == TokenType.DOT:
        after += 2
    table = text[tokens[on + 1].start : tokens[after - 1].end + 1]
    body = _body_start(tokens, after)
    if body is None:
        return None
    if word_at(tokens, body - 1) == "begin":
        end = block_end(tokens, body)
    elif word_at(tokens, body) == "declare":  # PL/SQL: the block is after the declarations
        begin = next((k for k in range(body, len(tokens)) if word_at(tokens, k) == "begin"), None)
        end = block_end(tokens, begin + 1) if begin is not None else None
    else:
        end = None
    # a body with no `;` after it ends at the file's last token
    last = tokens[end if end is not None else min(statement_end(tokens, body), len(tokens) - 1)]
    rows = _ROW_NAMES | _referencing(tokens, after, body)
    return body, end, Trigger(table, tokens[body].line, last.line, rows, as_tables=False)


def _referencing(tokens: list[Token], k: int, body: int) -> frozenset[str]:
    """The names `REFERENCING NEW AS n OLD AS o` (Oracle) gives the rows, between `k` and the
    body."""
    names = set()
    for j in range(k, body - 2):
        if word_at(tokens, j) in _ROW_NAMES | {"parent"} and word_at(tokens, j + 1) == "as":
            names.add(word_at(tokens, j + 2))
    return frozenset(names)


def _body_start(tokens: list[Token], k: int) -> int | None:
    """The first token of the body after `[FOR EACH ROW] [FOLLOWS x] [WHEN cond]` from `k`:
    after BEGIN, or a statement's first word (outside parentheses and CASE)."""
    depth = cases = 0
    for j in range(k, len(tokens)):
        kind, word = tokens[j].token_type, word_at(tokens, j)
        depth += (kind == TokenType.L_PAREN) - (kind == TokenType.R_PAREN)
        if word == "case":
            cases += 1
        elif word == "end" and cases:
            cases -= 1
        elif word == ";":
            return None
        elif depth == 0 and not cases:
            if word == "declare":  # PL/SQL: declarations, then BEGIN
                return j
            if word == "begin":
                return j + 1 if j + 1 < len(tokens) else None
            if word in _BODY_STARTS:
                return j
    return None
