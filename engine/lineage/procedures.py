"""The statements inside a statement: a routine's body, a block, an anonymous block.

sqlglot keeps a `$$ ... $$` body (Snowflake and Postgres procedures, SQL and PL/pgSQL
functions, Postgres `DO`, Snowflake `EXECUTE IMMEDIATE`) as one string. Its statements write
tables like any others (a nightly job is often a procedure of INSERTs and MERGEs), so the body
is parsed again, as the same dialect (its control flow blanked first:
`engine.lineage.scripting`), and its statements are analysed as the enclosing statement's.
So is constant dynamic SQL: `EXECUTE IMMEDIATE '<sql>' [USING ...]` (BigQuery `"<sql>"`,
Oracle, PL/pgSQL `EXECUTE '<sql>'`), T-SQL `EXEC ('<sql>')` and `EXEC sp_executesql N'<sql>'`,
Teradata `CALL DBC.SysExecSQL('<sql>')`,
and a prepared statement: MySQL `PREPARE s FROM '<sql>'`, Postgres / DuckDB `PREPARE s [(types)]
AS <statement>` (what `EXECUTE s` runs). Dynamic SQL held in a variable the script set to a
string literal before it (`session`) is that literal: MySQL `SET @s = '<sql>'; PREPARE q FROM
@s`, T-SQL `EXEC (@s)` / `EXEC sp_executesql @s`, `EXECUTE IMMEDIATE v` (Snowflake `$v`).
SQL built at run time (a variable, a concatenation) is not seen here: its lineage is unknown,
and said so. T-SQL bodies and `IF`/`WHILE` blocks sqlglot parses itself (`block_parts`).
A body in another language (JavaScript, Python) is not SQL: its lineage is unknown, and said so.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.teradata import Teradata
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.pg_triggers import trigger_function_name
from engine.lineage.scripting import command_text, keyword
from engine.lineage.session import Held, held_at, literal, variable_key
from engine.lineage.table_functions import function_view, returns_and_language

# `$$ ... $$` or `$tag$ ... $tag$`: the body is group 2
_DOLLAR_QUOTED = re.compile(r"\$(\w*)\$(.*)\$\1\$", re.DOTALL)
# The text of a CREATE FUNCTION / PROCEDURE sqlglot kept as a command (Postgres `RETURNS SETOF
# t`), up to its parameter list: group 1
# (a parameter's type may hold one level of parentheses: `numeric(10, 2)`)
_ROUTINE_HEAD = re.compile(
    r"\s*(?:or\s+replace\s+)?(?:function|procedure)\s+(?P<name>[^(]+)\(((?:[^()]|\([^()]*\))*)\)",
    re.IGNORECASE,
)
_TOP_LEVEL_COMMA = re.compile(r",(?![^()]*\))")
_PARAMETER_MODES = frozenset({"in", "out", "inout", "variadic"})


@dataclass(frozen=True)
class Body:
    """A body: its text, padded with newlines so that its lines are the file's, or the
    statements sqlglot already parsed in it (T-SQL's `AS BEGIN ... END`); its language (None:
    SQL)."""

    text: str = ""
    language: str | None = None
    parsed: tuple[exp.Expr, ...] = ()
    parameters: frozenset[str] = frozenset()  # names that are values in it, not columns
    # False for dynamic SQL, where `SELECT ... INTO t` creates t (T-SQL) rather than setting
    # a routine's variables
    procedural: bool = True
    unknown: str | None = None  # why the statements run are not known here (dynamic SQL)
    # A Postgres trigger function's name: its body reads the rows of the tables the triggers
    # that run it fire on (`pg_triggers`)
    trigger_function: str | None = None


def body_of(
    tree: exp.Expr, line: int, dialect: Dialect | None = None,
    variables: Collection[str] = (), strings: Mapping[str, Held | None] | None = None,
) -> Body | None:
    """See `_body_of` and `dynamic_sql` (`variables`: the script's, lowercase; `strings`: the
    literals its variables hold); the body carries its routine's parameter names."""
    if isinstance(tree, (exp.Command, exp.Execute)):
        dynamic = dynamic_sql(tree, line, dialect, variables, strings)
        if dynamic is not None:
            return dynamic
    body = _body_of(tree, line, dialect)
    if body is None or not isinstance(tree, exp.Create):
        return body
    routine = tree.this
    names = [p.name.lower() for p in routine.expressions] if isinstance(
        routine, exp.UserDefinedFunction) else []
    return replace(body, parameters=frozenset(n for n in names if n))


def _body_of(tree: exp.Expr, line: int, dialect: Dialect | None = None) -> Body | None:
    """Return the body of a `CREATE PROCEDURE` (`AS $$ ... $$`, `AS BEGIN ... END`), of a
    `CREATE FUNCTION` in SQL or PL/pgSQL, a Postgres `DO` block or an `EXECUTE IMMEDIATE $$ ...
    $$` that starts on file line `line`, or None for any other statement."""
    kind = str(tree.args.get("kind") or "").upper() if isinstance(tree, exp.Create) else ""
    if kind == "FUNCTION":
        # a function's `$$` body in SQL or PL/pgSQL can write tables too; one in another
        # language (a JavaScript or Python UDF) computes a value: nothing to say
        raw = tree.expression
        if not isinstance(raw, (exp.RawString, exp.Heredoc)) or _language(tree) is not None:
            return None
        if function_view(tree, dialect) is not None:
            return None  # a table function of one query: a view (`table_functions`)
        return _dollar_body(raw, line, None)
    if kind == "PROCEDURE":
        block = tree.expression
        # None: an empty body (`AS` and the statements cut off after it, in a script without
        # semicolons)
        items = [i for i in (block.expressions if isinstance(block, exp.Block) else [block])
                 if i is not None]
        if items and not any(isinstance(i, (exp.RawString, exp.Heredoc)) for i in items):
            return Body(language=_language(tree), parsed=tuple(items))
        raw = items[0] if items else None
        if not isinstance(raw, (exp.RawString, exp.Heredoc)):
            return None
        return _dollar_body(raw, line, _language(tree))
    command = tree.this.upper() if isinstance(tree, exp.Command) else ""
    text = command_text(tree)
    found = _DOLLAR_QUOTED.search(text) if command in ("DO", "EXECUTE", "CREATE") else None
    if found is None or (command == "EXECUTE" and not text.lower().startswith("immediate")):
        return None
    # a function or procedure whose header sqlglot could not parse: its body is read as any
    # other's (a body in another language computes a value, as for a parsed function)
    routine = _ROUTINE_HEAD.match(text) if command == "CREATE" else None
    if command == "CREATE" and routine is None:
        return None
    # Postgres `DO [LANGUAGE l] $tag$ ... $tag$` (an anonymous PL/pgSQL block), Snowflake
    # `EXECUTE IMMEDIATE $$ ... $$`
    language = _named_language(f"{text[: found.start()]} {text[found.end() :]}", dialect)
    if routine is not None and language not in _SQL_LANGUAGES:
        return None
    first = line + text[: found.start(2)].count("\n")
    return Body("\n" * (first - 1) + found.group(2),
                None if language in _SQL_LANGUAGES else language,
                parameters=_parameter_names(routine.group(2)) if routine else frozenset(),
                trigger_function=trigger_function_name(routine, text) if routine else None)


def _named_language(text: str, dialect: Dialect | None) -> str | None:
    """The language `LANGUAGE l` names in a command's `text` (its body cut), lowercase; None
    if it names none. Postgres takes the name as a word, a string or a quoted name (pgAdmin
    writes `LANGUAGE 'plpgsql'`); a `language` in a parameter list is a parameter's name."""
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(text)
    except SqlglotError:
        return None
    depth = 0
    for token, after in zip(tokens, tokens[1:], strict=False):
        depth += (token.token_type is TokenType.L_PAREN) - (token.token_type is TokenType.R_PAREN)
        if depth == 0 and keyword(token) == "language":
            return after.text.lower()  # (a string's or quoted name's text is unquoted)
    return None


def _parameter_names(parameters: str) -> frozenset[str]:
    """The names in a routine header's parameter list (`[mode] name type, ...`)."""
    names = []
    for parameter in _TOP_LEVEL_COMMA.split(parameters):
        words = parameter.split()
        if words and words[0].lower() in _PARAMETER_MODES:
            words = words[1:]
        if len(words) > 1:  # `name type`; a lone word is an unnamed parameter's type
            names.append(words[0].strip('"').lower())
    return frozenset(names)


_UNKNOWN = "dynamic SQL ({}): the statements it runs, and so its lineage, are unknown"
_STRINGS = frozenset({TokenType.STRING, TokenType.NATIONAL_STRING, TokenType.RAW_STRING})


def dynamic_sql(
    tree: exp.Command | exp.Execute, line: int, dialect: Dialect | None,
    variables: Collection[str] = (), strings: Mapping[str, Held | None] | None = None,
) -> Body | None:
    """The statements of dynamic SQL that starts on file line `line`: `EXECUTE IMMEDIATE '<sql>'
    [USING ... | INTO ...]`, PL/pgSQL `EXECUTE '<sql>'`, T-SQL `EXEC ('<sql>')` / `EXEC
    sp_executesql N'<sql>'`, a `PREPARE` (`_prepared`); a Body that says why they are unknown
    if the SQL is built at run time (PL/pgSQL's `EXECUTE v` of one of the script's `variables`,
    `EXECUTE format(...)`, `EXECUTE a || b`); None for any other statement (a procedure call,
    the `EXECUTE name [(...)]` of a prepared statement, a `$$` body). SQL in a variable is
    the literal `strings` says it holds (`session.set_strings`), if one."""
    strings = strings or {}
    if isinstance(tree, exp.Execute):
        return _tsql_dynamic(tree, strings)
    text = command_text(tree)
    if tree.this.upper() == "CALL":
        return _sys_exec_sql(text, line, dialect, strings)
    if tree.this.upper() == "PREPARE":
        return _prepared(text, line, dialect, strings)
    if tree.this.upper() != "EXECUTE" or _DOLLAR_QUOTED.search(text):
        return None
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(text)
    except SqlglotError:
        return None
    immediate = bool(tokens) and keyword(tokens[0]) == "immediate"
    rest = tokens[1:] if immediate else tokens
    if not rest:
        return None
    if not immediate and rest[0].token_type not in _STRINGS:
        if not _built_sql(rest, variables):
            return None  # `EXECUTE name [(...)]`: a prepared statement, a procedure
        return _held_sql(rest, strings) or Body(
            unknown=_UNKNOWN.format("EXECUTE of SQL held in a variable or built at run time")
        )
    if rest[0].token_type not in _STRINGS or not _ends_the_sql(rest[1:]):
        return _held_sql(rest, strings) or Body(
            unknown=_UNKNOWN.format("EXECUTE of SQL that is no literal here")
        )
    return _literal_body(text, line, rest[0])


def runs_only_sql(call: exp.Expr) -> bool:
    """Whether `call` is Teradata's `CALL [DBC.]SysExecSQL(...)`: it runs its SQL as a request
    of its own, which sets no variable of the procedure calling it."""
    return (
        isinstance(call, exp.Command)
        and call.name.upper() == "CALL"
        and bool(_SYS_EXEC_SQL.match(command_text(call)))
    )


_SYS_EXEC_SQL = re.compile(r'\s*(?:"?dbc"?\s*\.\s*)?"?sysexecsql"?\s*\(', re.IGNORECASE)


def _literal_body(text: str, line: int, literal: Token) -> Body:
    """The statements of the string `literal`, a token of `text` (a statement starting on
    file line `line`), on the file lines it is written on."""
    first = line + text[: literal.start].count("\n")
    return Body("\n" * (first - 1) + literal.text, procedural=False)


def _sys_exec_sql(
    text: str, line: int, dialect: Dialect | None, strings: Mapping[str, Held | None]
) -> Body | None:
    """The statement a Teradata `CALL [DBC.]SysExecSQL(<sql>)` on file line `line` runs (`text`:
    after CALL): a literal, or a variable (`v`, `:v`) holding one; a Body that says it is
    unknown for SQL built at run time; None for any other CALL (a procedure's)."""
    resolved = Dialect.get_or_raise(dialect)
    if not isinstance(resolved, Teradata) or "sysexecsql" not in text.lower():
        return None
    try:
        tokens = resolved.tokenize(text)
    except SqlglotError:
        return None
    words = [t.text.lower() for t in tokens[:4]]  # `"DBC"."SysExecSQL"` too
    k = 3 if words[:3] == ["dbc", ".", "sysexecsql"] else 1 if words[:1] == ["sysexecsql"] else 0
    if not k or len(tokens) < k + 3 or tokens[k].token_type is not TokenType.L_PAREN or (
        tokens[-1].token_type is not TokenType.R_PAREN
    ):
        return None
    operand = tokens[k + 1 : -1]
    if len(operand) == 1 and operand[0].token_type in _STRINGS:
        return _literal_body(text, line, operand[0])
    return _held_sql(operand, strings) or Body(
        unknown=_UNKNOWN.format("CALL DBC.SysExecSQL of SQL in a variable or built at run time")
    )


def _prepared(
    text: str, line: int, dialect: Dialect | None, strings: Mapping[str, Held | None]
) -> Body | None:
    """The statement a `PREPARE` on file line `line` (`text`: after the keyword) prepares:
    MySQL's `name FROM '<sql>'` or `FROM @v` of a variable holding a literal, Postgres' and
    DuckDB's `name [(types)] AS <statement>`; a Body that says it is unknown for `FROM @v`
    set elsewhere and `FROM CONCAT(...)`, SQL built at run time; None if `text` is neither."""
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(text)
    except SqlglotError:
        return None
    depth, k = 0, 0
    for k, token in enumerate(tokens):  # FROM / AS, not in a parameter type (`numeric(10, 2)`)
        depth += (token.token_type is TokenType.L_PAREN) - (token.token_type is TokenType.R_PAREN)
        if depth == 0 and keyword(token) in ("from", "as"):
            break
    else:
        return None
    rest = tokens[k + 1 :]
    if not rest:
        return None
    if keyword(tokens[k]) == "as":  # the statement as written
        first = line + text[: rest[0].start].count("\n")
        return Body("\n" * (first - 1) + text[rest[0].start :], procedural=False)
    held = _held_sql(rest, strings)
    if held is not None:
        return held
    if len(rest) > 1 or rest[0].token_type not in _STRINGS:
        return Body(unknown=_UNKNOWN.format("PREPARE of SQL in a variable or built at run time"))
    # (MySQL's prepared `SELECT ... INTO @v` sets variables and reads its tables, as one at
    # the top level does: `statements`)
    return _literal_body(text, line, rest[0])


# Functions whose value, EXECUTEd, is SQL built at run time (no prepared statement's name)
_SQL_BUILDERS = frozenset({"format", "concat", "concat_ws", "replace", "quote_ident"})


def _held_sql(operand: list[Token], strings: Mapping[str, Held | None]) -> Body | None:
    """The SQL `operand` runs if it is one variable (`v`, `@v`, `$v`), and nothing or
    `USING` / `INTO` after it, that holds a string literal (`strings`); else None."""
    key, size = _variable(operand)
    held = literal(strings, key) if key is not None and _ends_the_sql(operand[size:]) else None
    return _held_body(held) if held is not None else None


def _held_body(held: Held) -> Body:
    """The statements of the literal `held`, on the file lines it is written on; of each
    literal it may hold (`Held.more`), one after another, each on its lines where they do not
    overlap."""
    text = ""
    for k, choice in enumerate(held.choices()):
        line = text.count("\n") + 1
        # a `;` after a line comment would be in it: the next literal then starts a line on
        commented = k and "--" in text[text.rfind("\n") + 1 :]
        text += "\n" * max(choice.line - line, 1 if commented else 0)
        text += (";" if k else "") + choice.text  # one literal's statements end there
    return Body(text, procedural=False)


def _variable(tokens: list[Token]) -> tuple[str | None, int]:
    """The key (`session.variable_key`) of the variable `tokens` begin with, and how many
    tokens it takes: `@v` is a user variable of its own, Snowflake's `$v` the session's `v`,
    and `:v` a procedure's `v` (Snowflake Scripting, Teradata)."""
    names = (TokenType.VAR, TokenType.IDENTIFIER)
    if tokens and tokens[0].token_type in names:
        return tokens[0].text.lower(), 1
    if len(tokens) > 1 and tokens[1].token_type in names and tokens[0].text in ("@", "$", ":"):
        return ("@" if tokens[0].text == "@" else "") + tokens[1].text.lower(), 2
    return None, 0


def _built_sql(operand: list[Token], variables: Collection[str]) -> bool:
    """True if `EXECUTE` followed by `operand` (not a string) runs SQL held in a variable of
    the script (PL/pgSQL: a DECLAREd name or a parameter) or built by an expression."""
    name = operand[0].text.lower()
    concatenated = len(operand) > 1 and operand[1].token_type is TokenType.DPIPE
    return name in variables or name in _SQL_BUILDERS or concatenated


def _ends_the_sql(tokens: list[Token]) -> bool:
    """Nothing, or `USING ...` / `INTO ...` after the SQL string: it is the whole SQL."""
    return not tokens or keyword(tokens[0]) in ("using", "into")


def _tsql_dynamic(call: exp.Execute, strings: Mapping[str, Held | None]) -> Body | None:
    """T-SQL `EXEC ('<sql>')`, `EXEC (@sql)`, `EXEC sp_executesql N'<sql>' | @sql, ...`."""
    if isinstance(call, exp.ExecuteSql):
        first = call.expressions[0] if call.expressions else None
        if isinstance(first, exp.EQ):  # `@stmt = N'...'`
            first = first.expression
        sql = first.name if isinstance(first, (exp.Literal, exp.National)) else None
    elif isinstance(call.this, exp.Subquery):
        # `EXEC ('<sql>')`: sqlglot reads the string as a quoted name, the only thing there
        table = call.this.this
        first = table.this if isinstance(table, exp.Table) and not table.args.get("db") else None
        sql = first.name if isinstance(first, exp.Identifier) and first.quoted else None
    else:
        return None  # `EXEC proc ...`
    if isinstance(first, exp.Parameter):  # `@sql`, set to a literal before
        held = literal(strings, variable_key(first))
        if held is not None:
            return _held_body(held)
    if sql is None:
        return Body(unknown=_UNKNOWN.format("EXEC of SQL in a variable or built at run time"))
    return _held_body(held_at(sql, first.meta_get("line") if first is not None else None))


def _dollar_body(raw: exp.Expr, line: int, language: str | None) -> Body:
    text = raw.this
    # the token's line is where it ends, the closing `$$`
    end = raw.meta_get("line")
    first = end - text.count("\n") if end is not None else line
    return Body("\n" * (first - 1) + text, language)


def block_parts(tree: exp.Expr) -> list[list[exp.Expr]] | None:
    """The statements of each part of a control-flow block sqlglot parsed (T-SQL `IF cond
    BEGIN ... END ELSE ...`, `WHILE cond BEGIN ... END`, a bare block): an IF's THEN and, if
    it has one, its ELSE; a WHILE's body; a bare block's. None for any other statement."""
    if isinstance(tree, exp.IfBlock):
        parts = [tree.args.get("true"), tree.args.get("false")]
    elif isinstance(tree, exp.WhileBlock):
        parts = [tree.args.get("body")]
    elif isinstance(tree, exp.Block):
        parts = [tree]
    else:
        return None
    return [
        part.expressions if isinstance(part, exp.Block) else [part]
        for part in parts
        if isinstance(part, exp.Expr)  # (sqlglot: False for no ELSE)
    ]


def _language(create: exp.Create) -> str | None:
    """The language of a routine's body, unless SQL (or unsaid)."""
    language = returns_and_language(create)[1]
    return None if language in _SQL_LANGUAGES else language


# Procedure languages whose bodies are SQL statements (in PL/pgSQL, within a block like
# Snowflake Scripting's).
_SQL_LANGUAGES = frozenset({"sql", "plpgsql"})
