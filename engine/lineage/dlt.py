"""Databricks Delta Live Tables words, read in the tokens as the SQL they stand for.

A pipeline file creates its datasets with `CREATE OR REFRESH [STREAMING] LIVE TABLE x`,
`CREATE [TEMPORARY] LIVE VIEW x` or `CREATE OR REFRESH PRIVATE MATERIALIZED VIEW x`, and reads
them back as `LIVE.x`. sqlglot parses none of the `LIVE` / `PRIVATE` forms, and reads `LIVE.x`
as a table of a schema `live`, an asset no statement writes. So:

- `LIVE` before TABLE / VIEW in a CREATE is cut (a live table is a table, a live view a view);
- `PRIVATE` there is `TEMPORARY`: the dataset is the pipeline's own, published nowhere, like a
  temp table of the script;
- `LIVE.x` (two parts, any case) is `x`, the pipeline's dataset: the same name the CREATE
  writes, completed by the script's USE like it.
"""

from __future__ import annotations

import re

from sqlglot.tokenizer_core import Token, TokenType

# Searched in the statement's text; a match is kept only where a token starts (`neutral`).
DLT_WORD = re.compile(
    r"(?:live|private)\s+(?:streaming\s+)?(?:table|view|materialized\s+view)\b", re.IGNORECASE
)
LIVE_SCHEMA = re.compile(r"live\s*\.", re.IGNORECASE)
# How far after CREATE the object's kind may come (`CREATE OR REFRESH STREAMING LIVE TABLE`).
_KIND_WITHIN = 6


def dlt_tokens(tokens: list[Token], created: list[int], reads: list[int]) -> list[Token]:
    """`tokens` with the DLT words of the module docstring read as plain SQL. `created` are the
    tokens where a `LIVE|PRIVATE ... TABLE|VIEW` match starts, `reads` those where `LIVE .`
    does."""
    cut: set[int] = set()
    out = list(tokens)
    if tokens[0].token_type is TokenType.CREATE:
        for i in created:
            if i > _KIND_WITHIN:
                continue
            word = tokens[i]
            if word.text.upper() == "LIVE":
                cut.add(i)
            else:  # PRIVATE
                out[i] = Token(
                    TokenType.TEMPORARY, "TEMPORARY", word.line, word.col, word.start, word.end
                )
    n = len(tokens)
    for i in reads:
        # two parts only (`live.x`, not `cat.live.x` or `live.x.c`)
        if (i and tokens[i - 1].token_type is TokenType.DOT) or (
            i + 3 < n and tokens[i + 3].token_type is TokenType.DOT
        ):
            continue
        if i + 2 < n and (
            tokens[i + 2].token_type is TokenType.IDENTIFIER or tokens[i + 2].text[:1].isalpha()
        ):
            cut.update((i, i + 1))
    return [t for k, t in enumerate(out) if k not in cut] if cut else out
