"""Templated SQL, told apart from broken SQL when a statement does not parse.

A dbt model (`{{ ref('x') }}`, `{% if is_incremental() %}`) or an Airflow query (`{{ params.x
}}`) is a Jinja template: it becomes SQL only when rendered, which the engine does not do (the
values come from the project, the run and its macros). sqlglot's tokenizer knows Jinja's
delimiters (`{%` is one token, `{# #}` a comment), so a failing statement's tokens tell,
without looking into its string literals (`'{{ ds }}'` is a string, and fine). So is a
`${var}` placeholder the file does not set glued to other text (`${wh_db}_stage.t`, a
Databricks notebook's widget): no parser reads it until whoever runs the file substitutes it.
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
    glued = _glued_placeholder(tokens)
    if glued is not None:
        return (
            f"the statement has a name with the placeholder ${{{glued}}} glued to other text,"
            " and this file does not set it (it is substituted by whoever runs the file: a"
            " notebook widget, -hivevar, a scheduler): render the SQL, or SET it in the file"
        )
    return None


def _glued_placeholder(tokens: list[Token]) -> str | None:
    """The name of a `${name}` written against other text (`${db}_stage`, `src_${env}`,
    `dw${hivevar:env}`), which no dialect parses until it is substituted; None if none is."""
    for i in range(len(tokens) - 2):
        dollar, brace = tokens[i], tokens[i + 1]
        if not (dollar.text == "$" and brace.token_type is TokenType.L_BRACE
                and brace.start == dollar.end + 1):
            continue
        close = next((k for k in range(i + 2, len(tokens))
                      if tokens[k].token_type is TokenType.R_BRACE), None)
        if close is None:
            return None
        before = tokens[i - 1] if i else None
        after = tokens[close + 1] if close + 1 < len(tokens) else None
        if (after is not None and after.start == tokens[close].end + 1 and _is_text(after)) or (
            before is not None and before.end + 1 == dollar.start and _is_text(before)
        ):
            return "".join(t.text for t in tokens[i + 2:close])
    return None


def _is_text(token: Token) -> bool:
    """True for a token that is part of a name (not `.`, `,`, a bracket or a semicolon)."""
    return token.token_type not in _SEPARATORS


_SEPARATORS = frozenset({
    TokenType.DOT, TokenType.COMMA, TokenType.L_PAREN, TokenType.R_PAREN, TokenType.SEMICOLON,
})
