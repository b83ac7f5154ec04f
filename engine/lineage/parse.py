"""Split a SQL file into statements and parse each one on its own.

The file is tokenized once with the dialect's tokenizer and cut on `;` tokens, so a statement
that does not parse costs only itself: the statements around it are still analysed. Tokens carry
their line in the *file*, so every line reported downstream is a line of the file, never of a
statement. When the tokenizer itself fails (an unterminated string, say), the text is cut by a
small quote- and comment-aware scanner instead and each piece is tokenized on its own.

Where statements have no `;` between them (T-SQL), a chunk is cut where the parser fails at
the next statement (`_restart`) or where it read the next one into this one without failing
(`_swallowed`); T-SQL's control flow has been blanked before (`tsql_flow`).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import attrgetter

from sqlglot import exp
from sqlglot.dialects.clickhouse import ClickHouse
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.oracle import Oracle
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.teradata import Teradata
from sqlglot.dialects.tsql import TSQL
from sqlglot.errors import ParseError, TokenError
from sqlglot.parser import Parser
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.clause_aliases import with_parenthesised_item_aliases
from engine.lineage.governance import policy_statement
from engine.lineage.loads import as_load_forms
from engine.lineage.merge_replace import REPLACES, cut_remove_duplicates
from engine.lineage.mutations import mutation_as_dml
from engine.lineage.neutral import positions, without_neutral_clauses
from engine.lineage.output_into import (
    OutputTarget,
    attach_output_targets,
    cut_output_targets,
)
from engine.lineage.templates import template_note
from engine.lineage.teradata_attributes import with_attributes_read
from engine.lineage.teradata_olap import without_sort_directions
from engine.lineage.update_from import with_from_alias, with_view_alias
from engine.lineage.upsert_query import parenthesised_upsert_queries
from engine.lineage.use_names import with_use_kind

_TOKEN_TYPE = attrgetter("token_type")
# sqlglot error messages embed token reprs: keep just the token's text.
_TOKEN_REPR = re.compile(r"<Token token_type: [^>]*?text: (.*?), line: [^>]*>")
# and node classes: `<class 'sqlglot.expressions.core.EQ'>` is `EQ`.
_CLASS_REPR = re.compile(r"<class '(?:\w+\.)*(\w+)'>")


class StatementInterrupted(Exception):
    """Raised into a statement's parse or analysis from outside (the executors' time limit
    subclasses it): the statement is lost, the file goes on. Any other exception the parser
    raises (an internal error of the compiled build, say) is not caught here: the executors
    retry such a file with sqlglot's pure build."""


class _NoCommandFallbackWarnings(logging.Filter):
    """sqlglot warns on stderr for each statement it keeps as a raw command (`CALL p()`), and
    for each `IDENTIFIER($t)` it prints: the engine reads or diagnoses those itself, so the
    warning is noise in a run's output."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(noise in message for noise in _NOISE)


_NOISE = (
    "Falling back to parsing as a 'Command'",
    "IDENTIFIER() with non-literal arguments is not supported",
)


logging.getLogger("sqlglot").addFilter(_NoCommandFallbackWarnings())


@dataclass(frozen=True)
class ParsedStatement:
    """One statement of a file: its 1-based number, where it starts, and its AST or its error."""

    index: int
    line: int
    column: int
    expression: exp.Expr | None
    error: str | None = None
    error_line: int | None = None
    error_column: int | None = None


def parse_statements(
    text: str, dialect: Dialect, on_statement: Callable[[], None] | None = None
) -> list[ParsedStatement]:
    """Return every non-empty statement of `text`, parsed separately, in file order.

    `on_statement` is called before each statement is parsed (see `extract_task`).

    >>> from sqlglot.dialects.dialect import Dialect
    >>> [s.line for s in parse_statements("select 1;\\n\\nselect 2", Dialect.get_or_raise(None))]
    [1, 3]
    """
    out: list[ParsedStatement] = []
    parser = dialect.parser()  # one per file: it is reset on every parse call
    chunks = _chunks(text, dialect)
    if isinstance(dialect, TSQL):
        chunks = [_command_words(chunk, dialect) for chunk in chunks]
    for chunk in chunks:
        chunk = _deallocation(chunk)
        if chunk.tokens and chunk.tokens[0].token_type in _COMMAND_STARTS:
            chunk = _command_read_again(chunk, dialect)
        if chunk.error is not None:
            line, col = chunk.error_at
            out.append(ParsedStatement(len(out) + 1, line, col, None, chunk.error, line, col))
            continue
        if on_statement is not None:
            on_statement()
        for tokens, tree, error in _parse_tokens(chunk.tokens, chunk.sql, parser):
            out.append(_statement(len(out) + 1, tokens, chunk.sql, tree, error))
    return out


@dataclass(frozen=True)
class _Chunk:
    """The tokens of one statement and the text their offsets point into (or a tokenizer error)."""

    tokens: list[Token]
    sql: str
    error: str | None = None
    error_at: tuple[int, int] = (1, 1)


def _deallocation(chunk: _Chunk) -> _Chunk:
    """`DEALLOCATE [PREPARE] name | ALL` (MySQL, Postgres, DuckDB) frees a prepared statement,
    which changes no lineage, but sqlglot has no parser for it (a parse error, or `DEALLOCATE
    name` read as a SELECT of a column): it is tokenized as the command it is."""
    tokens = chunk.tokens
    if not 2 <= len(tokens) <= 3 or tokens[0].text.lower() != "deallocate":
        return chunk
    head = tokens[0]
    command = Token(TokenType.COMMAND, head.text, line=head.line, col=head.col,
                    start=head.start, end=head.end)
    return _Chunk([command, _as_command_string(tokens[1:], chunk.sql)], chunk.sql)


def _command_words(chunk: _Chunk, dialect: Dialect) -> _Chunk:
    """T-SQL needs no `;` between statements, but sqlglot's tokenizer reads a command at a
    statement's start (Synapse's `RENAME OBJECT a TO b`) as one string up to the next `;`, so
    the statements on its later lines became the command's text. A multi-line string is
    tokenized again as words, in place (the text before it blanked: offsets, lines and columns
    stay), for `_parse_statements_of` to end the command where the next statement begins
    (`_command_after_a_statement`), as after a statement without `;`."""
    tokens = chunk.tokens
    if (
        len(tokens) != 2
        or tokens[0].token_type not in dialect.tokenizer_class.COMMANDS
        or tokens[1].token_type is not TokenType.STRING
        or "\n" not in tokens[1].text
    ):
        return chunk
    head, body = tokens
    start = chunk.sql.find(body.text, head.end + 1)
    if start < 0:
        return chunk
    try:
        words = dialect.tokenize(_blanked(chunk.sql[:start]) + body.text)
    except TokenError:
        return chunk
    return _Chunk([head, *words], chunk.sql)


def _command_read_again(chunk: _Chunk, dialect: Dialect) -> _Chunk:
    """A statement sqlglot's tokenizer takes for a command, whose text is still SQL, tokenized
    again with its first words replaced (the same length, so every line and column stays):

    - MySQL `REPLACE INTO t ...` (delete the clashing rows, insert) writes what `INSERT INTO t
      ...` writes: INSERT in REPLACE's place.
    - T-SQL block keywords in front of a statement (`BEGIN TRY insert ...`, `END ELSE BEGIN
      update ...`, `END TRY BEGIN CATCH ...`) are blanked: the statement is whichever branch
      runs. A transaction's BEGIN stays.
    - `EXPLAIN ANALYZE <statement>` (Postgres, DuckDB, Trino; also `EXPLAIN (ANALYZE, ...)`)
      runs the statement: EXPLAIN and its options are blanked. A plain EXPLAIN runs nothing:
      it stays a command, which writes nothing.
    """
    head, rest = chunk.tokens[0], chunk.tokens[1:]
    if not rest:
        return chunk
    if len(rest) == 1 and rest[0].token_type is TokenType.STRING:  # a command's text
        end = chunk.sql.find(rest[0].text, head.end + 1)
        if end < 0:
            return chunk
        end += len(rest[0].text)
    else:
        end = rest[-1].end + 1
    text = chunk.sql[head.start : end]
    if head.token_type is TokenType.REPLACE and rest[0].text.lstrip()[:4].lower() == "into":
        text = "insert " + text[len("replace") :]
    elif head.text.lower() in ("begin", "end"):
        found = _BLOCK_WORDS.match(text)
        after = text[found.end() :].split(None, 1) if found is not None else []
        if not after or after[0].lower() not in _STATEMENT_WORDS:  # `BEGIN ISOLATION LEVEL`
            return chunk
        text = _blanked(text[: found.end()]) + text[found.end() :]
    elif head.text.lower() == "explain":
        found = _EXPLAIN_RUNS.match(text)
        if found is None:
            return chunk
        text = _blanked(text[: found.end()]) + text[found.end() :]
    else:
        return chunk
    padded = _padded(chunk.sql, head.start, text)
    try:
        tokens = dialect.tokenize(padded)
    except TokenError:
        return chunk
    return _Chunk(tokens, padded)


def _blanked(text: str) -> str:
    """`text` as spaces, its newlines kept."""
    return "".join(c if c == "\n" else " " for c in text)


# `EXPLAIN ANALYZE [VERBOSE]` and `EXPLAIN (..., ANALYZE [TRUE | ON], ...)`: the statement runs.
_EXPLAIN_RUNS = re.compile(
    r"explain\s+(?:analy[sz]e\b(?:\s+verbose\b)?"
    r"|\((?=[^)]*\banaly[sz]e\b(?!\s*(?:false|off|0)\b))[^)]*\))\s*",
    re.IGNORECASE,
)
# DESCRIBE reads an object's metadata, never its rows: one sqlglot cannot parse moves no data
_DESCRIBES = frozenset({TokenType.DESC, TokenType.DESCRIBE})
_COMMAND_STARTS = frozenset({TokenType.REPLACE, TokenType.COMMAND, TokenType.BEGIN, TokenType.END})
# What may follow the block keywords: a statement (else the words are not a block's).
_STATEMENT_WORDS = frozenset(
    "insert update delete merge select with create drop truncate alter exec execute if while"
    " declare set begin".split()
)
# T-SQL block keywords that can stand in front of a statement (a transaction's `BEGIN
# TRANSACTION` is not followed by a statement word: left alone).
_BLOCK_WORDS = re.compile(
    r"(?:\s*\b(?:(?:begin|end)(?:\s+(?:try|catch)\b)?|else)\b)+\s*", re.IGNORECASE
)


# Tokens that start a statement. Scripts without semicolons (T-SQL above all) fail to parse
# exactly where the next statement begins: there the chunk is cut and both parts are parsed.
_STARTS = frozenset(
    {
        TokenType.SELECT,
        TokenType.INSERT,
        TokenType.UPDATE,
        TokenType.DELETE,
        TokenType.MERGE,
        TokenType.WITH,
        TokenType.CREATE,
        TokenType.DROP,
        TokenType.ALTER,
        TokenType.TRUNCATE,
        TokenType.USE,
        TokenType.EXECUTE,
        TokenType.BEGIN,
        TokenType.COMMIT,
        TokenType.COMMAND,
        TokenType.GRANT,
        TokenType.SET,
        TokenType.DECLARE,
        TokenType.COPY,  # also T-SQL's BULK INSERT (`loads`)
        TokenType.RENAME,  # T-SQL (Synapse) `RENAME OBJECT`, MySQL `RENAME TABLE`
    }
)
_Parsed = tuple[list[Token], "exp.Expr | None", "ParseError | None"]
# Where `... NATURAL JOIN b ON CONFLICT ...` is an upsert (no such join takes an ON), which
# sqlglot reads as the join's condition (`upsert_query`). Not SQLite: its own parser reads it so.
_UPSERTS_AFTER_JOINS = (Postgres, DuckDB)


def _parse_tokens(tokens: list[Token], sql: str, parser: Parser) -> list[_Parsed]:
    """Parse one chunk into its statements, without its lineage-neutral clauses (`neutral`),
    Teradata's data attribute phrases read as what they say (`teradata_attributes`) and its
    ordered analytical calls without ASC / DESC (`teradata_olap`), and with ClickHouse
    mutations spelled as the UPDATE / DELETE they are (`mutations`), an upsert's query ending
    in a NATURAL / CROSS join parenthesised (`upsert_query`), a USE of a database named like a
    USE kind given its kind (`use_names`), a ClickHouse GROUP BY / ORDER BY item's alias
    parenthesised (`clause_aliases`);
    T-SQL `OUTPUT ... INTO` targets are cut from the tokens and put back on the trees
    (`output_into`)."""
    if isinstance(parser.dialect, ClickHouse):
        if tokens and tokens[0].token_type is TokenType.ALTER:
            tokens = mutation_as_dml(tokens)
        tokens = with_parenthesised_item_aliases(tokens)  # `GROUP BY toDate(t) AS d`
    tokens = with_use_kind(tokens, sql, parser, _STARTS)
    tokens = without_neutral_clauses(tokens, sql, parser.dialect)
    if isinstance(parser.dialect, Teradata):
        types = list(map(_TOKEN_TYPE, tokens))
        read = with_attributes_read(tokens, parser, types)
        if read is not tokens:
            tokens, types = read, list(map(_TOKEN_TYPE, read))
        tokens = without_sort_directions(tokens, types)
    tokens = as_load_forms(tokens, sql, parser.dialect)
    if isinstance(parser.dialect, _UPSERTS_AFTER_JOINS):
        tokens = parenthesised_upsert_queries(tokens, sql)
    if tokens and tokens[0].token_type is TokenType.UPDATE:
        if isinstance(parser.dialect, Teradata):
            tokens = with_from_alias(tokens)
        elif isinstance(parser.dialect, Oracle):
            tokens = with_view_alias(tokens)  # `UPDATE (SELECT ...) SET`: an inline view
    tokens, replaces = cut_remove_duplicates(tokens, parser.dialect)
    outputs: list[OutputTarget] = []
    if isinstance(parser.dialect, TSQL):  # PL/pgSQL's `RETURNING id INTO v_id` is a variable
        tokens, outputs = cut_output_targets(tokens)
    out = _parse_statements_of(tokens, sql, parser)
    for _parsed, tree, _error in out if replaces else ():
        if isinstance(tree, exp.Merge):
            tree.meta[REPLACES] = True
    for parsed, tree, _error in out if outputs else ():
        if tree is not None:
            attach_output_targets(tree, parsed, outputs, parser, sql)
    return out


def _parse_statements_of(tokens: list[Token], sql: str, parser: Parser) -> list[_Parsed]:
    """Parse tokens; where they fail at the start of a new statement, cut them and go on.

    A cut is a guess that the rest confirms by parsing: T-SQL's `... FROM s INSERT INTO t ...`
    on one line, or `EXEC dbo.p` + `UPDATE dbo.t ...` on the next. Where the rest does not
    parse (Oracle's `MERGE ... THEN UPDATE SET ... DELETE WHERE ...`, whose DELETE starts no
    statement; a CTAS whose SELECT on the next line is broken), the statement is one parse
    error, never a head analysed as if it were the whole of it."""
    out: list[_Parsed] = []
    guess: tuple[int, list[Token], ParseError] | None = None  # a cut to confirm: where, what
    while tokens:
        policy = policy_statement(tokens)
        if policy is not None:  # sqlglot gives up on most, fails on some: no data moves
            cut = _after_command(tokens) or len(tokens)  # T-SQL's next statement, no `;`
            out.append((tokens[:cut], policy, None))
            tokens, guess = tokens[cut:], None
            continue
        command = _command_after_a_statement(tokens, parser.dialect)
        if command:
            words = [tokens[0], _as_command_string(tokens[1:command], sql)]
            tree, failed = _parse_one(words, sql, parser)
            out.append((tokens[:command], tree, failed))
            tokens, guess = tokens[command:], None
            continue
        try:
            trees = _parse(parser, tokens, sql)
        except ParseError as error:
            cut, tree = _restart(tokens, error, sql, parser)
            if tree is None:
                if guess is not None:  # the rest is no statement: neither is the head
                    at, tokens, error = guess
                    del out[at:]
                out.append((tokens, None, error))
                return out
            _rows_from_a_procedure(tree, tokens[cut:], sql)
            # `INSERT INTO t EXEC p` is cut at EXEC on purpose (`_rows_from_a_procedure`)
            exec_rows = tokens[cut].token_type is TokenType.EXECUTE
            guess = (len(out), tokens, error) if not exec_rows else None
        else:
            cut, tree, guess = len(tokens), next((t for t in trees if t is not None), None), None
        head, failed = tokens[:cut] if cut < len(tokens) else tokens, None
        inner = _swallowed(head, tree, parser.dialect)
        if inner:
            # the next statement, on a later line, was taken for a part of this one
            cut, head, guess = inner, tokens[:inner], None
            tree, failed = _parse_one(head, sql, parser)
        out.append((head, tree, failed))
        tokens = tokens[cut:]
    return out


def _swallowed(tokens: list[Token], tree: exp.Expr | None, dialect: Dialect) -> int:
    """Where a statement that the parser read into `tree` begins, if it did without failing;
    else 0. An unparsed command (`SET NOCOUNT ON`, `DECLARE ...`) takes the rest of a chunk
    without semicolons for its text; an UPDATE takes a `SET @x = ...` after its WHERE for
    its SET clause, the first one lost; T-SQL's `CREATE TABLE #t (a int)` takes a SELECT
    after it for MySQL's `CREATE TABLE ... SELECT` (T-SQL has none: its CTAS says AS), and a
    query an `EXEC(...)` on the next line for an alias."""
    if isinstance(tree, exp.Command):
        return _after_command(tokens)
    if isinstance(tree, exp.Update) and list(map(_TOKEN_TYPE, tokens)).count(TokenType.SET) > 1:
        return _second_set(tokens)
    if not isinstance(dialect, TSQL):
        return 0
    if (
        isinstance(tree, exp.Create)
        and str(tree.args.get("kind") or "").upper() == "TABLE"  # a view's query follows AS
        and isinstance(tree.this, exp.Schema)
        and isinstance(tree.expression, exp.Query)
    ):
        return _query_after_columns(tokens)
    if TokenType.EXECUTE in map(_TOKEN_TYPE, tokens):
        return _exec_on_a_line(tokens)
    return 0


def _exec_on_a_line(tokens: list[Token]) -> int:
    """Where an EXEC first on its line, outside parentheses, is (0 if there is none): T-SQL's
    `... FROM c` + `EXEC('...')` on the next line, which sqlglot reads as the alias `EXEC`
    with a column list."""
    for i in _outside_parentheses(tokens):
        token = tokens[i]
        if (
            token.token_type is TokenType.EXECUTE
            and i
            and token.line > tokens[i - 1].line
            and (i + 1 == len(tokens) or tokens[i + 1].token_type is not TokenType.ALIAS)
        ):
            return i
    return 0


def _query_after_columns(tokens: list[Token]) -> int:
    """Where a query right after a CREATE TABLE's column list starts (0 if there is none)."""
    for i in _outside_parentheses(tokens):
        if tokens[i].token_type is TokenType.SELECT or _cte_at(tokens, i):
            return i if tokens[i - 1].token_type is TokenType.R_PAREN else 0
    return 0


def _cte_at(tokens: list[Token], i: int) -> bool:
    """`WITH name AS` or `WITH name (columns) AS` at `i` (not a table's `WITH (options)`, nor
    a view's `WITH SCHEMABINDING AS`)."""
    if i + 2 >= len(tokens) or tokens[i].token_type is not TokenType.WITH or _with_properties(
        tokens, i
    ):
        return False
    after = i + 2
    if tokens[after].token_type is TokenType.L_PAREN:  # the CTE's column list
        close = next(_outside_parentheses(tokens[after:]), None)
        if close is None:
            return False
        after += close + 1
    return after < len(tokens) and tokens[after].token_type is TokenType.ALIAS


def _second_set(tokens: list[Token]) -> int:
    """Where an UPDATE's second SET outside parentheses is (0 if it has one)."""
    sets = (i for i in _outside_parentheses(tokens) if tokens[i].token_type == TokenType.SET)
    next(sets, 0)
    return next(sets, 0)


def _outside_parentheses(tokens: list[Token]) -> Iterator[int]:
    """The positions of the tokens outside any parentheses (a closing one counts as outside)."""
    depth = 0
    for i, token in enumerate(tokens):
        kind = token.token_type
        depth += (kind == TokenType.L_PAREN) - (kind == TokenType.R_PAREN)
        if depth == 0:
            yield i


# Set on an INSERT whose rows come from the procedure EXEC runs: what that EXEC says.
ROWS_FROM = "rows_from"


def _rows_from_a_procedure(head: exp.Expr, rest: list[Token], sql: str) -> None:
    """T-SQL `INSERT INTO t [(cols)] EXEC proc ...`: sqlglot fails at EXEC, so the INSERT (alone,
    or last in an `IF ... BEGIN` block) is cut there with no rows of its own; it is marked with
    what gives them (an unknown source)."""
    if not rest or rest[0].token_type is not TokenType.EXECUTE:
        return
    cut = [i for i in head.find_all(exp.Insert, bfs=False) if _rowless_insert(i)]
    if cut:
        cut[-1].meta[ROWS_FROM] = sql[rest[0].start : rest[-1].end + 1].split("\n")[0][:120]


def _after_command(tokens: list[Token], first: int = 1) -> int:
    """Where the first statement starting on a later line than a command's first token is,
    from `first` on (not a CTAS's query after its AS: the command is a whole statement sqlglot
    gave up on); 0 if none. One inside the command's parentheses is the command's own (a
    ClickHouse `ADD PROJECTION p (` with its SELECT on the next line), unless they never close:
    then they delimit nothing."""
    depth = 0
    first_start = 0  # ignoring parentheses
    for i in range(1, len(tokens)):
        before = tokens[i - 1].token_type
        depth += (before is TokenType.L_PAREN) - (before is TokenType.R_PAREN)
        if (
            i >= first
            and tokens[i].token_type in _STARTS
            and tokens[i].line > tokens[i - 1].line
            and not _query_cut_off(tokens, i)
            and not _with_properties(tokens, i)
        ):
            if depth <= 0:
                return i
            first_start = first_start or i
    last = tokens[-1].token_type if tokens else None
    depth += (last is TokenType.L_PAREN) - (last is TokenType.R_PAREN)
    return first_start if depth > 0 else 0


def _with_properties(tokens: list[Token], i: int) -> bool:
    """True if `tokens[i]` is a `WITH (` of properties (Athena's `USING FUNCTION ... WITH
    (lambda_name = ...)`), not a query's CTEs: a CTE list starts with a name."""
    return (tokens[i].token_type is TokenType.WITH and i + 1 < len(tokens)
            and tokens[i + 1].token_type is TokenType.L_PAREN)


_CREATED_KINDS = frozenset({
    TokenType.TABLE, TokenType.VIEW, TokenType.PROCEDURE, TokenType.FUNCTION,
})


def _query_cut_off(tokens: list[Token], cut: int) -> bool:
    """True if `tokens[:cut]` is a `CREATE ... TABLE | VIEW ... AS` whose query the cut would
    take from it: sqlglot parses the head alone as a complete CREATE of nothing (a
    procedure's AS is followed by statements of its own)."""
    if tokens[cut - 1].token_type is not TokenType.ALIAS or tokens[0].token_type is not (
        TokenType.CREATE
    ):
        return False
    kind = next((t.token_type for t in tokens[1:cut] if t.token_type in _CREATED_KINDS), None)
    return kind in (TokenType.TABLE, TokenType.VIEW)


def _parse(parser: Parser, tokens: list[Token], sql: str) -> list[exp.Expr | None]:
    """`parser.parse`, with a statement nested too deeply for the recursive-descent parser
    reported as that statement's parse error rather than losing the file."""
    try:
        return parser.parse(tokens, sql)
    except RecursionError:
        raise ParseError(
            "statement is nested too deeply to parse (it exceeds the parser's recursion limit)"
        ) from None
    except StatementInterrupted as error:  # its time is up: only this statement is lost
        raise ParseError(f"statement could not be parsed ({error})") from None


def _try_parse(tokens: list[Token], sql: str, parser: Parser) -> exp.Expr | None:
    return _parse_one(tokens, sql, parser)[0]


def _parse_one(
    tokens: list[Token], sql: str, parser: Parser
) -> tuple[exp.Expr | None, ParseError | None]:
    """The statement `tokens` are, or why they are none."""
    try:
        trees = _parse(parser, tokens, sql)
    except ParseError as error:
        return None, error
    return next((t for t in trees if t is not None), None), None


def _command_after_a_statement(tokens: list[Token], dialect: Dialect) -> int:
    """Where a T-SQL command (Synapse's `RENAME OBJECT a TO b`) cut from the statement before
    it ends: before the next statement word first on a later line, else at the end; 0 if
    `tokens` start no such command. Only at a statement's start does the tokenizer read a
    command's text as one string; after a statement with no `;`, its words are tokens."""
    if (
        not isinstance(dialect, TSQL)
        or len(tokens) < 2
        or tokens[0].token_type not in dialect.tokenizer_class.COMMANDS
        or tokens[1].token_type is TokenType.STRING
    ):
        return 0
    return _after_command(tokens, 2) or len(tokens)


def _as_command_string(tokens: list[Token], sql: str) -> Token:
    """`tokens` as the one string token the tokenizer makes of a command's text."""
    first, last = tokens[0], tokens[-1]
    return Token(
        TokenType.STRING, sql[first.start : last.end + 1], line=first.line, col=first.col,
        start=first.start, end=last.end,
    )


def _restart(
    tokens: list[Token], error: ParseError, sql: str, parser: Parser
) -> tuple[int, exp.Expr | None]:
    """Where a new statement starts before the failing token, and the statement before it
    parsed; (0, None) if there is none.

    At the failing token, or just before it: in `... FROM #u UPDATE mart.u SET` the parser
    takes UPDATE as an alias of #u and fails on the token after it. Else at a statement word
    first on its line, the nearest first, if the tokens before it are a statement of their
    own: in `EXEC dbo.p` + `UPDATE dbo.t SET ...` on the next line, EXEC takes `UPDATE dbo` for
    its arguments and fails on the dot. One first on the failing line comes before a word
    in the middle of it: in `EXEC dbo.p` + `UPDATE u SET ...`, EXEC takes `UPDATE u` (an
    alias) and fails on SET, which starts no statement there.
    """
    first = error.errors[0] if error.errors else {}
    line, col = first.get("line"), first.get("col")
    at = next((i for i, t in enumerate(tokens) if t.line == line and t.col == col), 0)
    near = [cut for cut in (at, at - 1) if cut > 0 and tokens[cut].token_type in _STARTS][:1]
    on_lines = list(itertools.islice((
        cut for cut in range(at, 0, -1)
        if tokens[cut].token_type in _STARTS and tokens[cut].line > tokens[cut - 1].line
    ), _LINE_STARTS_TRIED))
    if on_lines and tokens[on_lines[0]].line == tokens[at].line:
        near = on_lines[:1]
    for cut in dict.fromkeys([*near, *on_lines]):
        if _query_cut_off(tokens, cut):
            continue
        head = _try_parse(tokens[:cut], sql, parser)
        # `INSERT INTO t` + `SELECT ...` on the next line is one statement, not two (one
        # cut at EXEC is `INSERT ... EXEC`: marked by the caller); so is `UPDATE t ...` +
        # the `SET ...` it failed in
        if head is not None and not _setless_update(head) and (
            tokens[cut].token_type is TokenType.EXECUTE or not _rowless_insert(head)
        ):
            return cut, head
    return 0, None


def _setless_update(tree: exp.Expr) -> bool:
    return isinstance(tree, exp.Update) and not tree.expressions


def _rowless_insert(tree: exp.Expr) -> bool:
    return (
        isinstance(tree, exp.Insert) and tree.expression is None and not tree.args.get("default")
    )


# Statement words first on their line tried as a restart after a parse error: each costs a
# parse of the tokens before it.
_LINE_STARTS_TRIED = 3


def _statement(
    index: int, tokens: list[Token], sql: str, tree: exp.Expr | None, error: ParseError | None
) -> ParsedStatement:
    line, column = tokens[0].line, _column_of(sql, tokens[0].start)
    if error is None:
        return ParsedStatement(index, line, column, tree)
    if tokens[0].token_type in _DESCRIBES:  # `DESC STREAM s` (a kind sqlglot lacks): metadata
        return ParsedStatement(index, line, column, exp.Command(this="DESCRIBE"))
    first = error.errors[0] if error.errors else {}
    message = template_note(tokens) or _composable_note(tokens) or _error_message(first, error)
    if tokens[0].token_type is TokenType.USE:  # its effect is lost too, not just its text
        message += "; the table names after it are not completed by this USE"
    err_line = first.get("line") or line
    err_col = first.get("col") or column
    if first.get("col") and first.get("highlight"):
        # sqlglot reports the column where the offending token ends; point at its start.
        err_col = max(1, err_col - len(str(first["highlight"])) + 1)
    return ParsedStatement(index, line, column, None, message, err_line, err_col)


# The DML sqlglot cannot parse in a derived table (a MERGE it can)
_UNPARSED = {TokenType.UPDATE: "an UPDATE", TokenType.DELETE: "a DELETE",
             TokenType.INSERT: "an INSERT"}


def _composable_note(tokens: list[Token]) -> str | None:
    """What a statement that failed to parse is, if its tokens hold `FROM (UPDATE|DELETE|INSERT`:
    composable DML sqlglot does not parse; else None."""
    for i in range(len(tokens) - 2):
        if (tokens[i].token_type in (TokenType.FROM, TokenType.JOIN)
                and tokens[i + 1].token_type is TokenType.L_PAREN
                and tokens[i + 2].token_type in _UNPARSED):
            what = _UNPARSED[tokens[i + 2].token_type]
            return (
                f"composable DML ({what} in FROM) is not supported: the SQL parser reads only"
                " T-SQL's MERGE ... OUTPUT there, so the statement's lineage, both writes, is"
                " lost"
            )
    return None


def _error_message(first: dict[str, object], error: ParseError) -> str:
    """sqlglot's description of a parse error, with the word it stopped at if it does not
    say it (`Invalid expression / Unexpected token`), and a node's class as its name."""
    text = _TOKEN_REPR.sub(r"'\1'", str(first.get("description") or error).split("\n")[0])
    text = _CLASS_REPR.sub(r"\1", text)
    near = " ".join(str(first.get("highlight") or "").split())[:40]  # (one line)
    if near and f"'{near}'" not in text:
        text += f" (at {near})" if near.startswith("'") else f" (at '{near}')"
    return text


def _chunks(text: str, dialect: Dialect) -> list[_Chunk]:
    try:
        return [_Chunk(tokens, text) for tokens in _split_tokens(dialect.tokenize(text))]
    except TokenError:
        pass
    chunks: list[_Chunk] = []
    for start, piece in _scan_pieces(text):
        # Pad the piece so that its tokens carry their file line and column.
        padded = _padded(text, start, piece)
        try:
            tokens = dialect.tokenize(padded)
        except TokenError as error:
            skipped = len(piece) - len(piece.lstrip())
            where = (text.count("\n", 0, start + skipped) + 1, _column_of(text, start + skipped))
            message = f"cannot tokenize the statement ({type(error).__name__})"
            chunks.append(_Chunk([], padded, message, where))
            continue
        chunks.extend(_Chunk(tokens, padded) for tokens in _split_tokens(tokens))
    return chunks


def _padded(text: str, start: int, piece: str) -> str:
    """`piece` (which stands at `start` of `text`) after the newlines and spaces that put its
    first character on its file line and column, so its tokens carry them."""
    column = start - (text.rfind("\n", 0, start) + 1)
    return "\n" * text.count("\n", 0, start) + " " * column + piece


def _split_tokens(tokens: list[Token]) -> list[list[Token]]:
    # `;`, and T-SQL's `GO` batch separator (tokenized as a command); cut by slicing, since a
    # per-token append loop here cost as much as the tokenizer. The cuts are found with
    # C-level list searches: a Python loop over every token cost a tenth of the parse.
    semicolon, command = TokenType.SEMICOLON, TokenType.COMMAND
    types = list(map(_TOKEN_TYPE, tokens))
    if command in types:
        cuts = [
            i for i, t in enumerate(types)
            if t is semicolon or (t is command and tokens[i].text.upper() == "GO")
        ]
    else:
        cuts = positions(types, semicolon)
    chunks, start = [], 0
    for cut in cuts:
        chunks.append(tokens[start:cut])
        start = cut + 1
    chunks.append(tokens[start:])
    return chunks


def _scan_pieces(text: str) -> list[tuple[int, str]]:
    """Cut `text` on semicolons outside quotes and comments: the tokenizer-failure fallback."""
    pieces: list[tuple[int, str]] = []
    start, i, n = 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            end = text.find(ch, i + 1)
            i = n if end < 0 else end + 1
            continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if ch == ";":
            pieces.append((start, text[start:i]))
            start = i + 1
        i += 1
    pieces.append((start, text[start:]))
    return [(s, p) for s, p in pieces if p.strip()]


def _column_of(text: str, offset: int) -> int:
    """1-based column of a character offset in `text`."""
    return offset - text.rfind("\n", 0, offset)


def node_position(node: exp.Expr, default: tuple[int, int]) -> tuple[int, int]:
    """Return the file (line, column) where `node` starts, or `default` if it has no position."""
    for candidate in (node, node.args.get("this")):
        meta = candidate.meta if isinstance(candidate, exp.Expr) else None
        if meta and "line" in meta:
            col, start, end = meta.get("col"), meta.get("start"), meta.get("end")
            if isinstance(col, int) and isinstance(start, int) and isinstance(end, int):
                return int(meta["line"]), max(1, col - (end - start))
            return int(meta["line"]), default[1]
    return default
