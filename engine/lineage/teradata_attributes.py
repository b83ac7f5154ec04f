"""Teradata's data attribute phrase, `expression (attribute, ...)`, read as what it stands for.

Teradata lets an expression be followed by a parenthesised list of data attributes:
`c.first_name (NOT CASESPECIFIC)`, `amount (DECIMAL(18,2))`, `ts (DATE, FORMAT 'YYYY-MM-DD')`,
`code (UC)`, `x (NAMED y)`, `name (TITLE 'Name')`. sqlglot's Teradata parser reads only a lone
`(FORMAT '...')`; after a name any other phrase is read as a call of a function of that name,
its attributes the arguments, so the column is lost and a column `casespecific` made up. Each
phrase is rewritten in the tokens (its own tokens kept, so lines and columns stay the file's):

- a data type is the conversion it is: `expression::type`, sqlglot's CAST;
- `UPPERCASE` / `UC` converts the value to upper case: `UPPER(expression)`;
- `FORMAT 's'` stays a `(FORMAT 's')` phrase, which sqlglot reads;
- `NAMED y` names the output, `AS y`, where the phrase ends an item of a select list with no
  alias of its own (elsewhere it is cut);
- `[NOT] CASESPECIFIC | CS` (how values compare), `TITLE 's'` (a report heading) and
  `CHARACTER SET c` are cut: they change no value.

A parenthesised list is a phrase only when every item is such an attribute (a data type is what
sqlglot's Teradata parser reads as one) and it follows an expression: a literal, `)`, `END`,
`CURRENT_DATE`, or a name that is no function sqlglot knows (nor Teradata's `TD_` built-ins,
`TD_MONTH_BEGIN(DATE)`) and names no table or column list (`INSERT INTO t (...)`, `CREATE VIEW
v (...)`, `[AS] x (...)`, a CTE's `c (...) AS (...)`). Phrases one after another are one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.errors import ParseError
from sqlglot.parser import Parser
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.dialects import known_functions, parser_class
from engine.lineage.neutral import closing, dotted_start, positions

_CASE_WORDS = frozenset({"CASESPECIFIC", "CS"})
_UPPER_WORDS = frozenset({"UPPERCASE", "UC"})
_ATTRIBUTE_WORDS = _CASE_WORDS | _UPPER_WORDS | {"TITLE", "NAMED"}
# Tokens an expression can end with, before its phrase (a name is checked further)
_VALUE_ENDS = frozenset({
    TokenType.STRING, TokenType.NUMBER, TokenType.NULL, TokenType.END, TokenType.DATE,
    TokenType.TIME, TokenType.CURRENT_DATE, TokenType.CURRENT_TIME,
    TokenType.CURRENT_TIMESTAMP, TokenType.CURRENT_USER,
})
_NAMES = frozenset({TokenType.VAR, TokenType.IDENTIFIER})
# Words before a name whose parentheses list columns or arguments, never attributes
_NAMING_WORDS = frozenset({
    "INTO", "TABLE", "VIEW", "AS", "WITH", "RECURSIVE", "INDEX", "REFERENCES", "CALL", "EXEC",
    "EXECUTE", "PROCEDURE", "FUNCTION", "MACRO", "INSERT", "INS", "KEY",
})
# Where a select list's item ends, after a phrase that may name it
_ITEM_ENDS = frozenset({TokenType.COMMA, TokenType.FROM, TokenType.R_PAREN, TokenType.INTO})
# Clauses a select list ends at (walking back from an item, one of them means no select list)
_NOT_SELECT_LIST = frozenset({
    TokenType.FROM, TokenType.WHERE, TokenType.GROUP_BY, TokenType.HAVING, TokenType.QUALIFY,
    TokenType.ORDER_BY, TokenType.ON, TokenType.SET, TokenType.VALUES, TokenType.WHEN,
    TokenType.THEN, TokenType.ELSE,
})


@dataclass
class _Phrase:
    """What one phrase (or a run of them) says: the type, FORMAT, name and upper-casing."""

    type_tokens: list[Token] = field(default_factory=list)
    format_tokens: list[Token] = field(default_factory=list)
    name: Token | None = None
    upper: bool = False
    cut: bool = False  # an attribute that changes no value (`NOT CASESPECIFIC`, `TITLE 's'`)

    def only_format(self) -> bool:
        """A lone `(FORMAT 's')`, which sqlglot reads itself."""
        return not (self.type_tokens or self.name or self.upper or self.cut)


def with_attributes_read(
    tokens: list[Token], parser: Parser, types: list[TokenType]
) -> list[Token]:
    """`tokens` of a Teradata statement (`types`: theirs) with its data attribute phrases
    rewritten (module docstring); `tokens` itself when it has none."""
    starts = [i for i in positions(types, TokenType.L_PAREN) if _may_start(tokens, types, i)]
    if not starts:
        return tokens
    runs: list[tuple[int, int, _Phrase]] = []  # [start, end) of a run of phrases, what it says
    for i in starts:
        if runs and runs[-1][1] > i:
            continue  # inside a phrase already read (`(CHAR(10))`)
        after_phrase = bool(runs) and runs[-1][1] == i
        if not after_phrase and not _follows_expression(tokens, types, i):
            continue
        close = closing(types, i)
        phrase = _phrase(tokens, types, i + 1, close, parser)
        if phrase is None:
            continue
        if after_phrase:  # `d (FORMAT 'YYYYMMDD') (CHAR(8))`: one run
            start, _end, first = runs.pop()
            runs.append((start, close + 1, _merged(first, phrase)))
        else:
            runs.append((i, close + 1, phrase))
    edits = [
        (start, end, phrase) for start, end, phrase in runs
        if not phrase.only_format() or _alias(tokens, types, start, end, phrase)
    ]
    return _rewritten(tokens, types, edits) if edits else tokens


def _may_start(tokens: list[Token], types: list[TokenType], i: int) -> bool:
    """Whether the `(` at `i` may open a phrase: the token after it may start an attribute."""
    if i + 1 >= len(types):
        return False
    kind = types[i + 1]
    return (
        kind in (TokenType.NOT, TokenType.FORMAT)
        or kind in Parser.TYPE_TOKENS
        or (kind is TokenType.VAR and tokens[i + 1].text.upper() in _ATTRIBUTE_WORDS)
    )


def _phrase(
    tokens: list[Token], types: list[TokenType], start: int, end: int, parser: Parser
) -> _Phrase | None:
    """What the items in tokens [start, end) say, or None if one is no data attribute."""
    phrase = _Phrase()
    item = start
    depth = 0
    for k in range(start, end + 1):
        kind = types[k]
        depth += (kind is TokenType.L_PAREN) - (kind is TokenType.R_PAREN)
        if k == end or (kind is TokenType.COMMA and depth == 0):
            if k == item or not _read_item(tokens, types, item, k, parser, phrase):
                return None
            item = k + 1
    return phrase


def _read_item(
    tokens: list[Token], types: list[TokenType], k: int, end: int, parser: Parser,
    phrase: _Phrase,
) -> bool:
    """Read one item, `[type] attribute ...`, into `phrase`; False if it is none."""
    first = k
    while k < end and not _attribute_starts(tokens, types, k):
        k = closing(types, k) + 1 if types[k] is TokenType.L_PAREN else k + 1
    if k > first:  # a data type, then the attributes of the item
        if phrase.type_tokens or types[first] not in Parser.TYPE_TOKENS:
            return False
        if not _is_type(tokens[first:k], parser):
            return False
        phrase.type_tokens = tokens[first:k]
    while k < end:
        word = tokens[k].text.upper()
        if types[k] is TokenType.NOT and k + 1 < end and tokens[k + 1].text.upper() in _CASE_WORDS:
            phrase.cut, k = True, k + 2
        elif types[k] is TokenType.VAR and word in _CASE_WORDS:
            phrase.cut, k = True, k + 1
        elif types[k] is TokenType.VAR and word in _UPPER_WORDS:
            phrase.upper, k = True, k + 1
        elif k + 1 < end and types[k + 1] is TokenType.STRING and (
            types[k] is TokenType.FORMAT or word == "TITLE"
        ):
            if types[k] is not TokenType.FORMAT:
                phrase.cut = True
            elif not phrase.format_tokens:
                phrase.format_tokens = tokens[k : k + 2]
            k += 2
        elif word == "NAMED" and k + 1 < end and types[k + 1] in _NAMES:
            phrase.name, k = tokens[k + 1], k + 2
        elif _character_set(tokens, types, k) and k + 2 < end and types[k + 2] in _NAMES:
            phrase.cut, k = True, k + 3
        else:
            return False
    return True


def _attribute_starts(tokens: list[Token], types: list[TokenType], k: int) -> bool:
    kind = types[k]
    return (
        kind in (TokenType.NOT, TokenType.FORMAT)
        or (kind is TokenType.VAR and tokens[k].text.upper() in _ATTRIBUTE_WORDS)
        or _character_set(tokens, types, k)
    )


def _character_set(tokens: list[Token], types: list[TokenType], k: int) -> bool:
    return (
        tokens[k].text.upper() == "CHARACTER"
        and k + 1 < len(types)
        and types[k + 1] is TokenType.SET
    )


def _is_type(tokens: list[Token], parser: Parser) -> bool:
    """Whether `tokens` are exactly one data type to sqlglot's parser."""
    try:
        parser.parse_into(exp.DataType, tokens)
    except ParseError:
        return False
    return True


def _merged(first: _Phrase, then: _Phrase) -> _Phrase:
    """Two phrases after one expression (`d (FORMAT 'YYYYMMDD') (CHAR(8))`) as one."""
    return _Phrase(
        type_tokens=then.type_tokens or first.type_tokens,
        format_tokens=first.format_tokens or then.format_tokens,
        name=then.name or first.name,
        upper=first.upper or then.upper,
        cut=first.cut or then.cut,
    )


def _follows_expression(tokens: list[Token], types: list[TokenType], i: int) -> bool:
    """Whether the `(` at `i` comes right after an expression (module docstring)."""
    if i == 0:
        return False
    kind = types[i - 1]
    if kind is TokenType.R_PAREN or kind in _VALUE_ENDS:
        return True
    if kind not in _NAMES:
        return False
    first = dotted_start(types, i - 1)
    if first and (
        tokens[first - 1].text.upper() in _NAMING_WORDS
        or types[first - 1] in _NAMES
        or types[first - 1] is TokenType.R_PAREN
    ):
        return False  # names a table or a column list, or is an alias: `FROM (...) x (a, b)`
    after = closing(types, i) + 1
    if after + 1 < len(types) and types[after] is TokenType.ALIAS and (
        types[after + 1] is TokenType.L_PAREN
    ):
        return False  # a CTE's column list, `c (a, b) AS (...)`
    if first < i - 1:  # a dotted name is a column: `t.c (CS)`
        return True
    name = tokens[i - 1].text
    if name.lower() in _functions() or name.upper().startswith("TD_"):  # (Teradata's own)
        return False
    # A name sqlglot does not know as a function is a call all the same (`ZEROIFNULL(n)`,
    # `HASHROW(text)`, a UDF) unless written apart from its parentheses, as a phrase is
    # (`c (CS)`, `text (DATE)`)
    return tokens[i].start > tokens[i - 1].end + 1


@functools.cache
def _functions() -> frozenset[str]:
    """The function names sqlglot's Teradata reads as calls."""
    parser = parser_class("teradata")
    return known_functions("teradata") | {n.lower() for n in parser.FUNCTION_PARSERS}


def _rewritten(
    tokens: list[Token], types: list[TokenType], edits: list[tuple[int, int, _Phrase]]
) -> list[Token]:
    """`tokens` with each run of phrases [start, end) replaced by what it says."""
    inserts: dict[int, list[Token]] = {}  # `UPPER (` before an operand's first token
    replaced: dict[int, tuple[int, list[Token]]] = {}
    for start, end, phrase in edits:
        at = tokens[start]
        out: list[Token] = []
        if phrase.type_tokens:
            out += [_made(TokenType.DCOLON, "::", at), *phrase.type_tokens]
        if phrase.upper:
            operand = _operand_start(tokens, types, start)
            inserts.setdefault(operand, []).extend(
                [_made(TokenType.VAR, "UPPER", tokens[operand]),
                 _made(TokenType.L_PAREN, "(", tokens[operand])]
            )
            out.append(_made(TokenType.R_PAREN, ")", at))
        if phrase.format_tokens:
            out += [_made(TokenType.L_PAREN, "(", at), *phrase.format_tokens,
                    _made(TokenType.R_PAREN, ")", tokens[end - 1])]
        alias = _alias(tokens, types, start, end, phrase)
        if alias is not None:
            out += [_made(TokenType.ALIAS, "AS", alias), _made(alias.token_type, alias.text, alias)]
        replaced[start] = (end, out)
    result: list[Token] = []
    k = 0
    while k < len(tokens):
        result += inserts.get(k, [])
        if k in replaced:
            end, out = replaced[k]
            result += out
            k = end
        else:
            result.append(tokens[k])
            k += 1
    return result


def _alias(
    tokens: list[Token], types: list[TokenType], start: int, end: int, phrase: _Phrase
) -> Token | None:
    """The name a run of phrases at [start, end) gives its select list item, if it has no
    alias: its NAMED name, else the column's own where UPPER or FORMAT would lose it (Teradata
    names `c (UC)` and `c (FORMAT 's')` `c`, as it names `c (DATE)`)."""
    name = phrase.name
    if name is None and (phrase.upper or phrase.format_tokens) and types[start - 1] in _NAMES:
        name = tokens[start - 1]
    return name if name is not None and _names_an_item(types, start, end) else None


def _made(kind: TokenType, text: str, at: Token) -> Token:
    """A token of `kind` written where `at` is (its line and column kept)."""
    return Token(kind, text, at.line, at.col, at.start, at.end)


def _operand_start(tokens: list[Token], types: list[TokenType], k: int) -> int:
    """Where the operand that ends right before token `k` starts: a dotted name, a call (with
    its OVER), a parenthesised expression, a CASE ... END, or one token."""
    k -= 1
    kind = types[k]
    if kind in _NAMES:
        return dotted_start(types, k)
    if kind is TokenType.END:
        depth = 0
        for j in range(k, -1, -1):
            depth += (types[j] is TokenType.END) - (types[j] is TokenType.CASE)
            if depth == 0:
                return j
        return k
    if kind is not TokenType.R_PAREN:
        return k
    depth = 0
    for j in range(k, -1, -1):
        depth += (types[j] is TokenType.R_PAREN) - (types[j] is TokenType.L_PAREN)
        if depth == 0:
            before = j - 1
            if before > 0 and types[before] is TokenType.OVER:  # `SUM(x) OVER (...)`
                return _operand_start(tokens, types, before)
            if before >= 0 and (
                types[before] in _NAMES
                or types[before] in Parser.TYPE_TOKENS
                or tokens[before].text.lower() in _functions()
            ):
                return dotted_start(types, before)
            return j
    return k


def _names_an_item(types: list[TokenType], start: int, end: int) -> bool:
    """Whether a phrase at [start, end) ends an item of a select list that has no alias."""
    if end < len(types) and types[end] not in _ITEM_ENDS:
        return False
    depth = cases = 0
    for j in range(start - 1, -1, -1):
        kind = types[j]
        if kind is TokenType.R_PAREN:
            depth += 1
        elif kind is TokenType.L_PAREN:
            if depth == 0:
                return False
            depth -= 1
        elif depth:
            continue
        elif kind is TokenType.END:
            cases += 1
        elif kind is TokenType.CASE and cases:
            cases -= 1
        elif kind is TokenType.SELECT:
            return not cases
        elif kind in _NOT_SELECT_LIST and not cases:
            return False
    return False
