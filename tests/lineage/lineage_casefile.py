"""Read `tests/lineage/cases/*.sql`: hand-written lineage cases with their expected edges.

A case::

    -- title: masked email through a CTE
    -- dialect: postgres                       (optional; default generic SQL)
    -- schema: {"raw.users": {"id": "int", "email": "text"}}   (optional, JSON on one line)
    insert into stg.users select sha2(email) as email from raw.users;
    -- expect:
    -- raw.users.email -> stg.users.email DIRECT.TRANSFORMATION [sha2]
    -- expect-diagnostics: unresolved-column stg.users.x

`-- expect:` is exact (every edge of the task); `-- expect-includes:` lists edges that must be
there, others allowed. An edge line is `source -> target TYPE.SUBTYPE`, then optionally
`[f1,f2]` (functions, innermost first; none written means none), `(ambiguous)` or
`(unresolved)`, and `@N` (the edge's line, counted from the case's first SQL line).
Diagnostics are `code` plus `asset.column`, `asset` or `column`; when a case has no
`-- expect-diagnostics:` and uses `-- expect:`, it must produce none; an empty
`-- expect-diagnostics:` says the same beside `-- expect-includes:`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

_EDGE = re.compile(
    r"^(?P<src>\S+)\s*->\s*(?P<dst>\S+)\s+(?P<type>DIRECT|INDIRECT)\.(?P<sub>[A-Z_]+)"
    r"(?:\s*\[(?P<fns>[^\]]*)\])?(?:\s*\((?P<res>ambiguous|unresolved)\))?(?:\s*@(?P<line>\d+))?\s*$"
)


@dataclass(frozen=True)
class ExpectedEdge:
    source: str
    target: str
    kind: str
    functions: tuple[str, ...]
    resolution: str
    line: int | None

    def key(self) -> tuple[str, str, str, tuple[str, ...], str]:
        return (self.source, self.target, self.kind, self.functions, self.resolution)


@dataclass
class Case:
    file: str
    title: str
    dialect: str | None = None
    schema: dict[str, dict[str, str]] = field(default_factory=dict)
    sql_lines: list[str] = field(default_factory=list)
    expect: list[ExpectedEdge] | None = None
    includes: list[ExpectedEdge] = field(default_factory=list)
    diagnostics: list[tuple[str, str]] | None = None

    @property
    def sql(self) -> str:
        return "\n".join(self.sql_lines).strip("\n") + "\n"

    @property
    def id(self) -> str:
        return f"{self.file}::{self.title}"


def parse_edge(text: str, where: str) -> ExpectedEdge:
    match = _EDGE.match(text.strip())
    if not match:
        raise ValueError(f"{where}: cannot read expected edge {text!r}")
    fns = tuple(f.strip() for f in (match["fns"] or "").split(",") if f.strip())
    line = int(match["line"]) if match["line"] else None
    kind = f"{match['type']}.{match['sub']}"
    return ExpectedEdge(match["src"], match["dst"], kind, fns, match["res"] or "resolved", line)


def load_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    mode = "sql"
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        directive = re.match(
            r"^--\s*(title|dialect|schema|expect|expect-includes|"
            r"expect-diagnostics):\s*(.*)$",
            line,
        )
        if directive:
            key, value = directive.group(1), directive.group(2).strip()
            if key == "title":
                cases.append(Case(file=path.stem, title=value))
                mode = "sql"
                continue
            if not cases:
                raise ValueError(f"{where}: directive before the first `-- title:`")
            case = cases[-1]
            mode = _directive(case, key, value, where)
            continue
        if not cases:
            continue
        case = cases[-1]
        if mode == "sql":
            case.sql_lines.append(raw)
        elif line.startswith("--") and line[2:].strip():
            _expectation(case, mode, line[2:].strip(), where)
        elif line:
            raise ValueError(f"{where}: SQL after an expectation block (start a new `-- title:`)")
    return cases


def _directive(case: Case, key: str, value: str, where: str) -> str:
    if key == "dialect":
        case.dialect = value or None
        return "sql"
    if key == "schema":
        case.schema = json.loads(value)
        return "sql"
    if key == "expect":
        case.expect = []
    elif key == "expect-diagnostics":
        case.diagnostics = case.diagnostics or []
    if value:
        _expectation(case, key, value, where)
    return key


def _expectation(case: Case, mode: str, text: str, where: str) -> None:
    if mode == "expect":
        assert case.expect is not None
        case.expect.append(parse_edge(text, where))
    elif mode == "expect-includes":
        case.includes.append(parse_edge(text, where))
    elif mode == "expect-diagnostics":
        assert case.diagnostics is not None
        code, _, subject = text.partition(" ")
        case.diagnostics.append((code, subject.strip()))
