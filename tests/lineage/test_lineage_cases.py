"""Every case of `tests/lineage/cases/*.sql`, one test per file x title (see lineage_casefile)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lineage_casefile import Case, ExpectedEdge, load_cases

from engine.lineage import extract_task
from engine.models import LineageEdge, Task, TaskLineage

CASES_DIR = Path(__file__).parent / "cases"
CASES = [case for path in sorted(CASES_DIR.glob("*.sql")) for case in load_cases(path)]


def test_corpus_is_well_formed() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "case titles must be unique within a file"
    for case in CASES:
        assert case.expect is not None or case.includes, f"{case.id}: no expectation"
        assert case.sql.strip(), f"{case.id}: no SQL"


def _run(case: Case) -> TaskLineage:
    task = Task(path=f"cases/{case.file}.sql", text=case.sql, sha256="0" * 64)
    return extract_task(task, case.dialect, case.schema)


def _key(edge: LineageEdge) -> tuple[str, str, str, tuple[str, ...], str]:
    kind = f"{edge.type}.{edge.subtype}"
    return (str(edge.source), str(edge.target), kind, edge.functions, edge.resolution)


def _show(keys: object) -> str:
    rows = sorted(keys)  # type: ignore[call-overload]
    return (
        "\n".join(f"  {s} -> {t} {k} [{','.join(f)}] ({r})" for s, t, k, f, r in rows) or "  (none)"
    )


def _check_lines(expected: list[ExpectedEdge], actual: list[LineageEdge]) -> None:
    by_key = {_key(e): e.line for e in actual}
    for edge in expected:
        if edge.line is not None:
            assert by_key.get(edge.key()) == edge.line, f"line of {edge.key()}"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case: Case) -> None:
    result = _run(case)
    actual = {_key(e) for e in result.all_edges()}
    if case.expect is not None:
        expected = {e.key() for e in case.expect}
        missing, extra = expected - actual, actual - expected
        assert not missing and not extra, (
            f"\nmissing:\n{_show(missing)}\nunexpected:\n{_show(extra)}"
            f"\ndiagnostics: {[(d.code, d.asset, d.column, d.message) for d in result.diagnostics]}"
        )
    if case.includes:
        missing = {e.key() for e in case.includes} - actual
        assert not missing, f"\nmissing:\n{_show(missing)}\nall:\n{_show(actual)}"
    _check_lines([*(case.expect or []), *case.includes], list(result.all_edges()))
    _check_diagnostics(case, result)


def _check_diagnostics(case: Case, result: TaskLineage) -> None:
    got = [(d.code, d.asset, d.column) for d in result.diagnostics]
    if case.diagnostics is None:
        if case.expect is not None:
            assert not got, f"unexpected diagnostics: {[d.message for d in result.diagnostics]}"
        return
    for code, subject in case.diagnostics:
        assert any(_matches(code, subject, d) for d in got), f"no {code} {subject} in {got}"
    assert len(got) == len(case.diagnostics), f"diagnostics: {got}"
    # an empty `-- expect-diagnostics:` beside `expect-includes` says: none at all
    assert result.status == "partial" or not result.statements or not case.diagnostics


def _matches(code: str, subject: str, diag: tuple[str, str | None, str | None]) -> bool:
    d_code, asset, column = diag
    if d_code != code:
        return False
    names = {f"{asset}.{column}", str(asset), str(column)}
    return not subject or subject in names
