"""A cheap look at which tables a SQL file may reference and write, from its text alone.

The pipeline uses it before extraction, for two things that only need a good guess: the order
in which to extract tasks (producers of a table before its readers), and which part of the
schema to ship with a task to another process or machine. Neither needs the parser, nor even
the tokenizer: a few regular expressions built from the dialect's own quoting and comment rules
(sqlglot's tokenizer settings) do it at a third of the cost of a token scan. Misses are safe — a
wrong order costs a re-extraction, and a table missing from the shipped schema is noticed by
the worker (it records every lookup the schema could not answer) and shipped on a second try.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.tsql import TSQL

from engine.lineage.placeholders import with_variables_substituted


@dataclass(frozen=True)
class References:
    """Table ids a file may reference (a superset, in canonical lowercase) and may write."""

    tables: frozenset[str] = frozenset()
    writes: frozenset[str] = frozenset()
    # of `writes`, those named after ALTER TABLE or CREATE [OR REPLACE ...] TABLE|VIEW (not
    # IF NOT EXISTS): the tables a file gives a new version of, where another file made them
    # (`plan.waves`)
    changes: frozenset[str] = frozenset()


# A table name follows one of these in every statement that writes one (CREATE ... TABLE|VIEW,
# INSERT [OVERWRITE] INTO|TABLE, MERGE INTO, UPDATE, COPY INTO, SELECT ... INTO). DROP/ALTER/
# TRUNCATE TABLE match too: a false producer only orders its readers after it. Words between
# the keyword and the name: IF [NOT] EXISTS, Postgres' UPDATE ONLY. (No `\b` in front: it
# makes the search three times slower; the character before is checked per match instead.)
_WRITE = re.compile(r"(?:into|table|view|update|overwrite)\s+(?:(?:if|not|exists|only)\s+)*")
# ALTER right before a write's TABLE keyword, or CREATE [OR REPLACE, TEMP, ...] before its
# TABLE or VIEW (searched in the few characters before it)
_CHANGE = re.compile(r"(?<![\w$#@.])(?:alter\s+|(?:create|replace)\s+[\w\s]*)$")
# Not names: the next keyword (INSERT OVERWRITE INTO|TABLE: the match after names the table),
# and MERGE's `THEN UPDATE SET`.
_NOT_WRITTEN = frozenset({"into", "table", "view", "update", "overwrite", "set"})
_WORD = r"[^\W\d][\w$#@]*"
_NAME_CHARS = frozenset("_$#@.")


@dataclass(frozen=True)
class _Patterns:
    """A dialect's regular expressions (see `_patterns`) and its keywords."""

    strip: re.Pattern[str]  # strings and comments, dropped; quoted identifiers, kept
    chain: re.Pattern[str]  # a dotted name: words and quoted identifiers joined by dots
    quotes: frozenset[str]  # the characters that open a quoted identifier
    keywords: frozenset[str]  # a lone keyword (SELECT, FROM) names no table
    wildcard: re.Pattern[str] | None  # BigQuery: a table read as `FROM ds.events_*`
    sp_rename: bool  # T-SQL and its kin: `EXEC sp_rename 'a', 'b'` names tables in strings


def scan_references(text: str, dialect: str | None) -> References:
    """Return the table ids `text` may reference and write, guessed from its text.

    `tables` holds every dotted name in the file and each of its prefixes (`raw.users.email`
    gives `raw`, `raw.users`, `raw.users.email`), so it covers every table reference the
    parser would find; `writes` the names after INTO, TABLE, VIEW, UPDATE and OVERWRITE.
    Strings and comments name nothing; a `$$` body is read as the SQL it usually is.

    >>> refs = scan_references("insert into mart.t select u.id from raw.users u", "postgres")
    >>> sorted(refs.writes), "raw.users" in refs.tables
    (['mart.t'], True)
    """
    p = _patterns(dialect)
    text = with_variables_substituted(text)  # `${db}.t` after `SET db=raw;` reads raw.t
    lowered = text.lower() if p.sp_rename else ""  # (only T-SQL pays for the extra pass)
    renamed = _sp_renames(lowered) if "sp_rename" in lowered else ()
    # Dropped text leaves a space, so the words either side of a comment stay apart.
    text = p.strip.sub(r"\1 ", text).lower()
    found = set(p.chain.findall(text))
    odd = [c for c in found if "." in c or c[0] in p.quotes]
    found.difference_update(odd)
    found -= p.keywords
    tables = found
    for chain in odd:
        parts = _parts(chain)
        if len(parts) == 1 and parts[0] in p.keywords and chain[0] not in p.quotes:
            continue
        tables.update(".".join(parts[:k]) for k in range(1, len(parts) + 1))
        if len(parts) == 2 and parts[0] == "live":  # Databricks DLT: `LIVE.x` reads x (`dlt`)
            tables.add(parts[1])
    if p.wildcard is not None and "*" in text:  # (a quoted `ds.events_*` is a chain above)
        tables.update(".".join(_parts(c)) + "*" for c in p.wildcard.findall(text))
    writes, changes = set(), set()
    for match in _WRITE.finditer(text):
        at = match.start()
        if at and (text[at - 1].isalnum() or text[at - 1] in _NAME_CHARS):
            continue  # the keyword ends a longer word (`pinto`, `timetable`)
        name = p.chain.match(text, match.end())
        if name is not None:
            parts = _parts(name.group())
            if parts[-1] not in _NOT_WRITTEN:
                writes.add(".".join(parts))
                # (IF NOT EXISTS leaves a table another file made as it is)
                if text.startswith(("table", "view"), at) and "not" not in match.group().split() \
                        and _CHANGE.search(text, max(0, at - 40), at):
                    changes.add(".".join(parts))
    for old, new in renamed:  # names in strings, which the scan above drops
        tables.update(".".join(old[:k]) for k in range(1, len(old) + 1))
        writes.add(".".join(new))
        changes.add(".".join(new))
    return References(tables=frozenset(tables | writes), writes=frozenset(writes),
                      changes=frozenset(changes))


# T-SQL's `EXEC sp_rename 'dbo.a', 'b' [, 'OBJECT' | 'COLUMN']`, by position or `@name =`
# (dbt-sqlserver renames every model it builds so): its names are strings.
_SP_RENAME = re.compile(r"sp_rename\s+((?:(?:@\w+\s*=\s*)?n?'(?:[^']|'')*'\s*,?\s*){2,3})")
_SP_ARGUMENT = re.compile(r"(?:@(\w+)\s*=\s*)?n?'((?:[^']|'')*)'")
SP_RENAME_PARAMETERS = ("objname", "newname", "objtype")  # in their positional order


def _sp_renames(lowered: str) -> list[tuple[list[str], list[str]]]:
    """Each `sp_rename` of a table or column in `lowered` text: (the table's name parts, the
    parts of the table it leaves: the new name in the old one's schema, or the same table)."""
    found = []
    for call in _SP_RENAME.finditer(lowered):
        named, positional = {}, []
        for argument in _SP_ARGUMENT.finditer(call.group(1)):
            if argument.group(1):
                named[argument.group(1)] = argument.group(2)
            else:
                positional.append(argument.group(2))
        for key, value in zip(SP_RENAME_PARAMETERS, positional, strict=False):
            named.setdefault(key, value)
        old, new = _parts(named.get("objname", "")), named.get("newname", "").strip("[]\"")
        kind = named.get("objtype", "object")
        if not new or not all(old):
            continue
        if kind == "column" and len(old) >= 2:
            found.append((old[:-1], old[:-1]))
        elif kind == "object":
            found.append((old, [*old[:-1], new]))
    return found


def _parts(chain: str) -> list[str]:
    """A chain's names, unquoted; a quoted `proj.ds.tbl` (BigQuery) is three of them."""
    if chain.isidentifier():
        return [chain]
    return [q for p in chain.split(".") for q in p.strip().strip('"`[]').split(".")]


@lru_cache(maxsize=None)
def _patterns(dialect: str | None) -> _Patterns:
    """The dialect's patterns, from its tokenizer's quotes, identifier delimiters and comments.

    A delimiter that opens both a string and an identifier (T-SQL's `"`) is read as an
    identifier: keeping a name too many is safe, dropping one is a miss.
    """
    tokenizer = Dialect.get_or_raise(dialect).tokenizer_class
    identifiers: dict[str, str] = dict(tokenizer._IDENTIFIERS)
    escapes: Collection[str] = getattr(tokenizer, "_IDENTIFIER_ESCAPES", ()) or ()
    kept = [_delimited(s, e, escapes) for s, e in identifiers.items()]
    strings = {s: e for s, e in tokenizer._QUOTES.items() if s not in identifiers}
    dropped = [
        re.escape(start) + (r"[^\n]*" if end is None else ".*?" + re.escape(end))
        for start, end in tokenizer._COMMENTS.items()
    ]
    dropped += [
        _delimited(s, strings[s], tokenizer._STRING_ESCAPES)
        for s in sorted(strings, key=len, reverse=True)  # `'''` before `'`
    ]
    name = "|".join([_WORD, *kept])
    keywords = frozenset(k.lower() for k in tokenizer.KEYWORDS if k.isalpha())
    chain = rf"(?:{name})(?:\s*\.\s*(?:{name}))*"
    # only after FROM / JOIN: `price*qty` multiplies, and a false wildcard ships tables
    wildcard = re.compile(rf"(?<![\w$])(?:from|join)\s+({chain})\*") \
        if Dialect.get_or_raise(dialect) == "bigquery" else None
    return _Patterns(
        strip=re.compile(f"({'|'.join(kept)})|" + "|".join(dropped), re.S),
        chain=re.compile(chain),
        quotes=frozenset(identifiers),
        keywords=keywords,
        wildcard=wildcard,
        sp_rename=isinstance(Dialect.get_or_raise(dialect), TSQL),
    )


def _delimited(start: str, end: str, escapes: Collection[str]) -> str:
    """A pattern for text from `start` to `end`; a doubled `end`, or a backslash where it
    escapes, does not end it."""
    first = re.escape(end[0])
    body = [rf"[^{first}\\]", r"\\."] if "\\" in escapes else [rf"[^{first}]"]
    body.append(re.escape(end * 2) if len(end) == 1 else rf"{first}(?!{re.escape(end[1:])})")
    return rf"{re.escape(start)}(?:{'|'.join(body)})*{re.escape(end)}"
