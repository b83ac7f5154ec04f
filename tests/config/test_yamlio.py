"""yamlio: the one YAML reader. Positions, duplicate keys, and pydantic errors as sentences."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.config.spec import CatalogSpec
from engine.errors import InputErrors
from engine.yamlio import load_yaml, parse_yaml, validate


def errors(text: str) -> list[str]:
    with pytest.raises(InputErrors) as exc:
        validate(parse_yaml(text, display_path="c.yaml"), CatalogSpec)
    return [e.render() for e in exc.value.errors]


def test_every_duplicate_key_is_reported_with_its_line() -> None:
    with pytest.raises(InputErrors) as exc:
        parse_yaml("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", display_path="c.yaml")
    assert [(e.line, e.col, e.message) for e in exc.value.errors] == [
        (4, 3, "duplicate key 'c' (first defined on line 3)"),
        (5, 1, "duplicate key 'a' (first defined on line 1)"),
    ]


def test_loc_is_followed_through_lists_and_nested_mappings() -> None:
    text = "assets:\n  raw.users:\n    columns:\n      email:\n        tags: [pii, 3]\n"
    assert errors(text) == ["c.yaml:5:21: expected a string for 'tags[1]' in column 'email' "
                            "of asset 'raw.users', got 3"]


def test_mixed_case_keys_are_located() -> None:
    assert errors("assets:\n  Raw.Users:\n    Ownr: x\n") == [
        "c.yaml:3:5: unknown key 'Ownr' in asset 'raw.users' (did you mean 'owner'?)"]


def test_empty_file_is_an_empty_mapping() -> None:
    spec = validate(parse_yaml("# nothing yet\n", display_path="c.yaml"), CatalogSpec)
    assert spec.assets == {}


def test_anchors_and_aliases_are_resolved() -> None:
    doc = parse_yaml("teams:\n  a: &t {clearance: [pii]}\n  b: *t\n", display_path="c.yaml")
    spec = validate(doc, CatalogSpec)
    assert spec.teams is not None and spec.teams["b"].clearance == ("pii",)


def test_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(InputErrors) as exc:
        load_yaml(tmp_path / "nope.yaml", CatalogSpec, display_path="nope.yaml",
                  missing_hint="create it")
    assert exc.value.errors[0].render() == "nope.yaml: file not found (create it)"


@pytest.mark.parametrize(("raw", "where"), [
    (b"a: \xff\n", "1:4: not valid UTF-8 text at byte 3 (invalid start byte"),
    # past the decoder's first chunk (8 KiB), after a character of two bytes
    ("# é\n".encode() + b"#" * 10_000 + b"\nb: x\xe9y\n",
     "3:5: not valid UTF-8 text at byte 10010 (invalid continuation byte"),
])
def test_bad_encoding_names_its_line_and_byte(tmp_path: Path, raw: bytes, where: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(raw)
    with pytest.raises(InputErrors) as exc:
        load_yaml(bad, CatalogSpec, display_path="bad.yaml")
    assert exc.value.errors[0].render() == f"bad.yaml:{where}: save the file as UTF-8)"


def test_yes_no_flags_read_as_booleans() -> None:
    # YAML 1.2 reads `yes` as a string; pydantic then accepts it as true, as 1.1 users expect.
    spec = validate(parse_yaml("assets:\n  a.b: {sink: yes, source: no}\n", display_path="c.yaml"),
                    CatalogSpec)
    assert (spec.assets["a.b"].sink, spec.assets["a.b"].source) == (True, False)


@pytest.mark.parametrize("name", ["catalog.yaml", *sorted(
    p.name for p in (Path(__file__).parents[2] / "lineage_policies").glob("*.yaml"))])
def test_c_and_pure_parsers_agree_on_data_and_marks(name: str, monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    import engine.yamlio as yamlio

    root = Path(__file__).parents[2]
    path = root / name if name == "catalog.yaml" else root / "lineage_policies" / name
    text = path.read_text()

    def walk(node: Any) -> list[tuple[str, int, int]]:
        out = [(type(node).__name__, node.start_mark.line, node.start_mark.column)]
        for child in (node.value if isinstance(node.value, list) else []):
            for part in (child if isinstance(child, tuple) else (child,)):
                out += walk(part)
        return out

    fast = parse_yaml(text, display_path=name)
    monkeypatch.setattr(yamlio, "_HAS_CLIB", False)
    pure = parse_yaml(text, display_path=name)
    assert fast.data == pure.data
    assert walk(fast.node) == walk(pure.node)
