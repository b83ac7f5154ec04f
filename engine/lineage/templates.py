"""Templated SQL, told apart from broken SQL when a statement does not parse.

A dbt model (`{{ ref('x') }}`, `{% if is_incremental() %}`) or an Airflow query (`{{ params.x
}}`) is a Jinja template: it becomes SQL only when rendered, which the engine does not do (the
values come from the project, the run and its macros). sqlglot's tokenizer knows Jinja's
delimiters (`{%` is one token, `{# #}` a comment), so a failing statement's tokens tell,
without looking into its string literals (`'{{ ds }}'` is a string, and fine).
"""

from __future__ import annotations

from sqlglot.tokenizer_core import Token, TokenType

JINJA_NOTE = (
    "the statement is a Jinja template ({{ ... }} / {% ... %}), not SQL until rendered: point"
    " sources.sql at the rendered SQL, e.g. dbt's target/run/<project>/models/**/*.sql"
)


def template_note(tokens: list[Token]) -> str | None:
    """What a statement that failed to parse is, if its tokens are a template's; else None."""
    types = [t.token_type for t in tokens]
    if TokenType.BLOCK_START in types:  # `{%`
        return JINJA_NOTE
    for i in range(len(tokens) - 1):
        if types[i] is TokenType.L_BRACE and types[i + 1] is TokenType.L_BRACE and (
            tokens[i + 1].start == tokens[i].end + 1  # `{{`
        ):
            return JINJA_NOTE
    return None
