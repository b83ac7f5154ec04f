"""The only YAML reader: parse with line marks, validate into pydantic, report errors at file:line.

`load_yaml(path, Model, display_path=...)` is the one-call form. The two halves are public too,
because loaders run cross-checks after validation and want those located as well::

    doc = read_yaml(path, display_path="catalog.yaml")   # YAML errors -> InputErrors
    spec = validate(doc, CatalogSpec)                     # ValidationError -> InputErrors
    raise InputErrors([doc.error(("assets", "raw.users", "owner"), "unknown team 'x'")])

Messages are phrased by `engine.config.messages` (pydantic only, no YAML), which models can
steer with `yaml_label` / `yaml_name_key` class variables.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import ruamel.yaml
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from engine.config.messages import describe_error
from engine.errors import InputError, InputErrors, bad_byte

try:
    import _ruamel_yaml  # noqa: F401  (ruamel.yaml.clib's module)
    _HAS_CLIB = True
except ImportError:  # the pure parser alone is correct, only slower
    _HAS_CLIB = False

# For caches of parsed documents: another parser version may read the same bytes differently.
PARSER_VERSION = f"ruamel.yaml {ruamel.yaml.__version__}"

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]

__all__ = [
    "PARSER_VERSION", "YamlDocument", "decode_text", "load_yaml", "parse_yaml", "read_bytes",
    "read_yaml", "validate",
]


class YamlDocument:
    """Parsed YAML data plus its node tree, so any path into the data can be located."""

    def __init__(self, display_path: str, data: Any, node: Node | None = None) -> None:
        self.display_path = display_path
        self.data = data
        self.node = node
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}

    def node_at(self, loc: Loc, *, key: bool = False) -> Node | None:
        """Return the deepest node that `loc` reaches; with `key`, the key node of the last step.

        Steps that do not match (pydantic's union tags, or a list written in place of a
        mapping) are skipped, so a loc always lands on the closest existing node.
        """
        node = self.node
        for i, step in enumerate(loc):
            if node is None:
                return None
            last = i == len(loc) - 1
            child = self._child(node, step, want_key=key and last)
            if child is not None:
                node = child
        return node

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int | None, int | None]:
        """Return the 1-based (line, column) of `loc`, or (None, None) without marks."""
        node = self.node_at(loc, key=key)
        if node is None:
            return None, None
        return node.start_mark.line + 1, node.start_mark.column + 1

    def error(
        self, loc: Loc, message: str, hint: str | None = None, *, key: bool = False
    ) -> InputError:
        """Return an InputError located at `loc` in this document."""
        line, col = self.position(loc, key=key)
        return InputError(self.display_path, message, line=line, col=col, hint=hint)


    def _child(self, node: Node, step: str | int, *, want_key: bool) -> Node | None:
        if isinstance(node, MappingNode):
            # Indexed once per mapping: locating every entry of a catalog with thousands of
            # assets by scanning was quadratic (32 s for 8,000 assets).
            index = self._keys.get(id(node))
            if index is None:
                index = self._keys[id(node)] = {}
                for k, v in node.value:
                    if isinstance(k, ScalarNode):
                        index.setdefault(str(k.value).lower(), (k, v))  # the first one wins
            pair = index.get(str(step).lower())  # loaders lowercase names: 'Raw.Users' matches
            return None if pair is None else pair[0] if want_key else pair[1]
        if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            child: Node = node.value[step]
            return child
        return None


def read_yaml(path: Path, *, display_path: str, missing_hint: str | None = None) -> YamlDocument:
    """Return the parsed document at `path`; raise InputErrors for a missing or malformed file."""
    raw = read_bytes(path, display_path=display_path, missing_hint=missing_hint)
    return parse_yaml(decode_text(raw, display_path=display_path), display_path=display_path)


def read_bytes(path: Path, *, display_path: str, missing_hint: str | None = None,
               directory_hint: str | None = None) -> bytes:
    """Return the bytes of the file at `path`; raise InputErrors if it is missing or a directory.

    Split from `read_yaml` so a loader can key a cache on the bytes before parsing them.
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        hint = missing_hint or "check the path, or run from the project directory"
        raise InputErrors([InputError(display_path, "file not found", hint=hint)]) from None
    except IsADirectoryError:
        raise InputErrors([InputError(display_path, "is a directory, expected a file",
                                      hint=directory_hint)]) from None


def decode_text(raw: bytes, *, display_path: str) -> str:
    """Return `raw` decoded as `Path.read_text(encoding="utf-8")` would (universal newlines);
    raise InputErrors if it is not UTF-8."""
    try:
        # The very decoder `read_text` uses, so text and error reasons are the same.
        return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8").read()
    except UnicodeDecodeError as exc:
        # the wrapper decodes in chunks, so its offset is the chunk's: find the file's own
        err = bad_byte(display_path, raw, _first_bad_byte(raw), "not valid UTF-8 text",
                       f"{exc.reason}: save the file as UTF-8")
        raise InputErrors([err]) from None


def _first_bad_byte(raw: bytes) -> int:
    """The offset of the first byte of `raw` that is not UTF-8 (`len(raw)` if none is)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return len(raw)


def parse_yaml(text: str, *, display_path: str) -> YamlDocument:
    """Return the parsed document for `text`; duplicate keys and syntax errors raise InputErrors."""
    # ruamel's C parser (ruamel.yaml.clib) composes a large catalog 6x faster, with the same
    # nodes and marks; anything it rejects is parsed again by the pure parser, whose messages
    # are the ones users see.
    yaml = YAML(typ="safe", pure=not _HAS_CLIB)
    try:
        node = yaml.compose(text)
    except Exception:  # noqa: BLE001 - the pure parser says what is wrong, or accepts it
        yaml = YAML(typ="safe", pure=True)
        try:
            node = yaml.compose(text)
        except MarkedYAMLError as exc:
            raise InputErrors([_syntax_error(exc, display_path)]) from None
    if node is None:
        return YamlDocument(display_path, None, None)
    duplicates = list(_duplicate_keys(node, display_path))
    if duplicates:
        raise InputErrors(duplicates)
    try:
        data = yaml.constructor.construct_document(node)
    except MarkedYAMLError as exc:  # e.g. an unknown !tag or a bad merge key
        raise InputErrors([_syntax_error(exc, display_path)]) from None
    except ValueError:
        # A date-shaped scalar that is no date (2030-02-30): ruamel raises datetime's error,
        # with no mark. Read every such scalar as the string it is, so validation reports
        # each where it is, with the file's other errors.
        constructor = YAML(typ="safe", pure=True).constructor
        _dates_as_text(node, constructor, set())
        data = constructor.construct_document(node)
    return YamlDocument(display_path, data, node)


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _dates_as_text(node: Node, constructor: Any, seen: set[int]) -> None:
    """Retag every timestamp scalar under `node` that is no valid date or time as a string."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, ScalarNode) and node.tag == _TIMESTAMP:
        try:
            constructor.construct_yaml_timestamp(node)
        except ValueError:
            node.tag = "tag:yaml.org,2002:str"
    elif isinstance(node, MappingNode):
        for k, v in node.value:
            _dates_as_text(k, constructor, seen)
            _dates_as_text(v, constructor, seen)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _dates_as_text(item, constructor, seen)


def _syntax_error(exc: MarkedYAMLError, display_path: str) -> InputError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "cannot parse"
    hint = exc.context if exc.problem and exc.context else None
    opened = _FLOW_OPENERS.get(exc.context or "")
    if opened and exc.context_mark is not None and mark is not None:
        # The parser notices an unclosed bracket only where it gives up, often lines later;
        # point at the bracket instead and say where parsing stopped.
        problem = f"'{opened}' is never closed ({problem} on line {mark.line + 1})"
        mark, hint = exc.context_mark, None
    if "\\t" in problem or "\t" in problem:  # ruamel shows the tab escaped: '\t'
        hint = "indent with spaces: YAML does not allow tabs"
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    return InputError(display_path, f"invalid YAML: {problem}", line=line, col=col, hint=hint)


_FLOW_OPENERS = {"while parsing a flow sequence": "[", "while parsing a flow mapping": "{"}


def _duplicate_keys(
    node: Node, display_path: str, seen: set[int] | None = None
) -> list[InputError]:
    """Return an error for every key repeated in a mapping (last-one-wins hides mistakes)."""
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias points back at a node already checked
        return []
    seen.add(id(node))
    errors: list[InputError] = []
    if isinstance(node, MappingNode):
        first: dict[str, int] = {}
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value != "<<":
                line = k.start_mark.line + 1
                if k.value in first:
                    msg = f"duplicate key '{k.value}' (first defined on line {first[k.value]})"
                    errors.append(InputError(display_path, msg, line=line,
                                             col=k.start_mark.column + 1,
                                             hint="remove or rename one of them"))
                else:
                    first[k.value] = line
            errors.extend(_duplicate_keys(v, display_path, seen))
    elif isinstance(node, SequenceNode):
        for item in node.value:
            errors.extend(_duplicate_keys(item, display_path, seen))
    return errors


def validate(doc: YamlDocument, model: type[M]) -> M:
    """Return `doc.data` validated as `model`; raise InputErrors listing every problem."""
    payload = doc.data
    if payload is None:
        payload = {}  # an empty file is an empty mapping: every key is optional or reported missing
    if not isinstance(payload, Mapping):
        msg = f"expected a mapping at top level, got {_kind(payload)}"
        raise InputErrors([doc.error((), msg)])
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise InputErrors(_located_errors(doc, model, exc)) from None


def _located_errors(
    doc: YamlDocument, model: type[BaseModel], exc: ValidationError
) -> list[InputError]:
    errors: list[InputError] = []
    entries = exc.errors(include_url=False)
    for entry in entries:
        if _caused_by_item(entry, entries):
            continue
        described = describe_error(model, entry, name_of=lambda loc, k: _entry_name(doc, loc, k))
        line, col = doc.position(described.loc, key=described.at_key)
        errors.append(InputError(doc.display_path, described.message, line=line, col=col,
                                 hint=described.hint))
    return errors


def _caused_by_item(entry: Any, entries: list[Any]) -> bool:
    """True for a list-length error whose list already has an invalid item (the real cause).

    Pydantic drops invalid items and then also reports the list as too short.
    """
    if entry["type"] not in ("too_short", "too_long"):
        return False
    loc = tuple(entry["loc"])
    return any(tuple(e["loc"])[: len(loc)] == loc and len(e["loc"]) > len(loc) for e in entries)


def _entry_name(doc: YamlDocument, loc: Loc, name_key: str | None) -> str | None:
    """Return the value of `name_key` in the list item at `loc` (for `policy 'no-pii'`)."""
    if name_key is None:
        return None
    item: Any = doc.data
    for step in loc:
        if isinstance(item, Mapping):
            item = item.get(step)
        elif isinstance(item, Sequence) and not isinstance(item, str) and isinstance(step, int):
            item = item[step] if 0 <= step < len(item) else None
        else:
            return None
    value = item.get(name_key) if isinstance(item, Mapping) else None
    return str(value) if isinstance(value, str | int) else None


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"a string '{value}'"
    return f"'{value}'"


def load_yaml(
    path: Path, model: type[M], *, display_path: str, missing_hint: str | None = None
) -> M:
    """Return the YAML file at `path` validated as `model`; raise InputErrors for every problem.

    `display_path` (a repo-relative POSIX path) is what messages show:
    `catalog.yaml:14:5: unknown key 'ownr' in asset 'raw.users' (did you mean 'owner'?)`.
    """
    return validate(read_yaml(path, display_path=display_path, missing_hint=missing_hint), model)
