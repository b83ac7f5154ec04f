"""A cheap look at which tables a SQL file may reference and write, from its tokens alone.

The pipeline uses it before extraction, for two things that only need a good guess: the order
in which to extract tasks (producers of a table before its readers), and which part of the
schema to ship with a task to another process or machine. Neither needs the parser: tokenizing
costs a few percent of extraction, parsing a third. Misses are safe — a wrong order costs a
re-extraction, and a table missing from the shipped schema is noticed by the worker (it records
every lookup the schema could not answer) and shipped on a second try.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import Token, TokenType

# A table name follows one of these in every statement that writes one (CREATE ... TABLE|VIEW,
# INSERT [OVERWRITE] INTO|TABLE, MERGE INTO, UPDATE, COPY INTO, SELECT ... INTO). DROP/ALTER/
# TRUNCATE TABLE match too: a false producer only orders its readers after it.
_BEFORE_WRITE = frozenset(
    {TokenType.INTO, TokenType.TABLE, TokenType.VIEW, TokenType.UPDATE, TokenType.OVERWRITE}
)
_PLAIN_NAMES = frozenset({TokenType.VAR, TokenType.IDENTIFIER})
_WORD = re.compile(r"^[^\W\d][\w$#@]*$")
# Words between a write keyword and the name: IF NOT EXISTS, Postgres' UPDATE ONLY.
_SKIP_AFTER_WRITE = frozenset({"if", "not", "exists", "only"})
_FALLBACK_CHAIN = re.compile(r"[^\W\d][\w$#@]*(?:\s*\.\s*[^\W\d][\w$#@]*)*")


@dataclass(frozen=True)
class References:
    """Table ids a file may reference (a superset, in canonical lowercase) and may write."""

    tables: frozenset[str] = frozenset()
    writes: frozenset[str] = frozenset()


def scan_references(text: str, dialect: str | None) -> References:
    """Return the table ids `text` may reference and write, guessed from its tokens.

    `tables` holds every dotted name in the file and each of its prefixes (`raw.users.email`
    gives `raw`, `raw.users`, `raw.users.email`), so it covers every table reference the
    parser would find; `writes` the names after INTO, TABLE, VIEW, UPDATE and OVERWRITE.

    >>> refs = scan_references("insert into mart.t select u.id from raw.users u", "postgres")
    >>> sorted(refs.writes), "raw.users" in refs.tables
    (['mart.t'], True)
    """
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(text)
    except SqlglotError:
        # An unterminated string or comment: fall back to every dotted word of the text.
        found = _FALLBACK_CHAIN.findall(text)
        chains = [tuple(p.strip().lower() for p in m.split(".")) for m in found]
        return References(tables=_prefixes(chains))
    chains, writes = _chains(tokens)
    return References(tables=_prefixes(chains), writes=frozenset(".".join(c) for c in writes))


# Token types whose text may be a name (keywords double as names); strings never are.
_MAYBE_NAME = frozenset(tt for tt in TokenType if "STRING" not in tt.name)


class _Words(dict[str, bool]):
    """Whether a text is a word, matched once per distinct text (a file repeats its words)."""

    def __missing__(self, text: str) -> bool:
        found = self[text] = _WORD.match(text) is not None
        return found


def _chains(tokens: list[Token]) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Return every dotted name chain, and the chains that follow a write keyword."""
    chains: list[tuple[str, ...]] = []
    writes: list[tuple[str, ...]] = []
    words, ident = _Words(), TokenType.IDENTIFIER
    flags = [tt is ident or (tt in _MAYBE_NAME and words[t.text])  # can be part of a name
             for t in tokens for tt in (t.token_type,)]
    after_write = _after_write(tokens)
    dot = TokenType.DOT
    n = len(tokens)
    end = -1  # the chain before covers tokens up to here
    for i in (k for k, flag in enumerate(flags) if flag):
        if i < end:
            continue
        j = end = i + 1
        if j + 1 < n and tokens[j].token_type is dot and flags[j + 1]:
            parts = [tokens[i].text.lower()]
            while j + 1 < n and flags[j + 1] and tokens[j].token_type is dot:
                parts.append(tokens[j + 1].text.lower())
                j += 2
            end = j
            # A quoted `proj.ds.tbl` (BigQuery) is one token holding the whole dotted name.
            chain = tuple(".".join(parts).split("."))
            chains.append(chain)
        elif tokens[i].token_type in _PLAIN_NAMES:
            chain = tuple(tokens[i].text.lower().split("."))
            chains.append(chain)
        elif i in after_write:
            chain = tuple(tokens[i].text.lower().split("."))
        else:
            continue  # a lone keyword (SELECT, FROM) names no table
        if i in after_write and chain[-1] not in _SKIP_AFTER_WRITE and chain[-1] != "table":
            writes.append(chain)
    return chains, writes


def _after_write(tokens: list[Token]) -> set[int]:
    """Positions right after a write keyword, IF NOT EXISTS (or Postgres' ONLY) skipped."""
    out: set[int] = set()
    n = len(tokens)
    for b in (k for k, t in enumerate(tokens) if t.token_type in _BEFORE_WRITE):
        m = b + 1
        out.add(m)
        while m < n and tokens[m].text.lower() in _SKIP_AFTER_WRITE:
            m += 1
            out.add(m)
    return out


def _prefixes(chains: list[tuple[str, ...]]) -> frozenset[str]:
    return frozenset(".".join(chain[:k]) for chain in chains for k in range(1, len(chain) + 1))
