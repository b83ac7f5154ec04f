"""Pydantic validation errors as sentences a data engineer can act on (used by `engine.yamlio`).

`describe_error(Model, entry, name_of=...)` walks an error's `loc` down the model's types to find
which entry it sits in (`asset 'raw.users'`, `selector 'to' of policy 'no-pii'`), then phrases
the problem: unknown keys with the closest allowed key, missing keys, wrong types with what was
expected and what was found, and invalid choices with a "did you mean" hint.

Models may set two class variables: `yaml_label` ("asset", "policy") names an entry of that
type, and `yaml_name_key` ("id") names the key whose value identifies a list item.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from engine.errors import did_you_mean

Loc = tuple[str | int, ...]

NameOf = Callable[[Loc, "str | None"], "str | None"]


@dataclass(frozen=True)
class _Frame:
    """A model met while walking a loc: what to call it, and where it starts in the loc."""

    model: Any  # a model class, or a tagged union of them until the tag is known
    label: str | None
    name: str
    loc: Loc

    def __str__(self) -> str:
        name = self.name if self.name.startswith("#") else f"'{self.name}'"
        return f"{self.label} {name}" if self.label else name


@dataclass(frozen=True)
class Described:
    message: str
    hint: str | None
    loc: Loc
    at_key: bool = False


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional; a union of several models is returned as is."""
    while True:
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
            continue
        if get_origin(tp) in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp


def _union_member(tp: Any, step: str | int) -> Any:
    """Return the member of a tagged union of models whose `kind`-like literal equals `step`."""
    for member in get_args(tp):
        if isinstance(member, type) and issubclass(member, BaseModel):
            for field in member.model_fields.values():
                if get_origin(field.annotation) is not None and step in get_args(field.annotation):
                    return member
    return None


def _walk(model: type[BaseModel], loc: Loc, name_of: NameOf) -> tuple[list[_Frame], Loc]:
    """Return the models along `loc` (outermost first; the first is the top level) and the loc
    as the user sees it, without pydantic's union tags."""
    frames = [_Frame(model, None, "", ())]
    tp: Any = model
    walked: list[str | int] = []
    for i, step in enumerate(loc):
        tp = _unwrap(tp)
        origin = get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = _field(tp, step)
            if field is None:  # an unknown key: the frame so far is its context
                return frames, (*walked, *[s for s in loc[i:] if s != "[key]"])
            tp, name = tp.model_fields[field].annotation, str(step)
        elif origin in (dict, Mapping):
            tp, name = get_args(tp)[1], str(step)
        elif origin in (list, tuple, Sequence) and isinstance(step, int):
            tp = get_args(tp)[0]
            name = name_of((*walked, step), _name_key(_unwrap(tp))) or f"#{step + 1}"
        elif origin in (Union, types.UnionType) and _union_member(tp, step) is not None:
            tp = _union_member(tp, step)
            if frames[-1].loc == tuple(walked):
                last = frames[-1]
                frames[-1] = _Frame(tp, last.label or _label(tp), last.name, last.loc)
            continue
        else:
            continue  # a pydantic union tag such as 'list[str]', or '[key]': not in the file
        walked.append(step)
        inner = _unwrap(tp)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            frames.append(_Frame(inner, _label(inner), name, tuple(walked)))
        elif get_origin(inner) in (Union, types.UnionType):
            frames.append(_Frame(inner, _label_of_union(inner), name, tuple(walked)))
    return frames, tuple(walked)


def _field(model: type[BaseModel], step: str | int) -> str | None:
    for name, info in model.model_fields.items():
        if step in (name, info.alias):
            return name
    return None


def _label(tp: type[BaseModel]) -> str | None:
    label = getattr(tp, "yaml_label", None)
    return label if isinstance(label, str) else None


def _label_of_union(tp: Any) -> str | None:
    labels = {_label(m) for m in get_args(tp) if isinstance(m, type) and issubclass(m, BaseModel)}
    return labels.pop() if len(labels) == 1 else None


def _name_key(tp: Any) -> str | None:
    members = get_args(tp) if get_origin(tp) in (Union, types.UnionType) else (tp,)
    for m in members:
        key = getattr(m, "yaml_name_key", None)
        if isinstance(key, str):
            return key
    return None


def _allowed(model: Any) -> list[str]:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    return sorted(info.alias or name for name, info in model.model_fields.items())


def _tags_of(union: Any, discriminator: str) -> list[str]:
    """Return the literal values of `discriminator` across a tagged union's members."""
    out: list[str] = []
    for member in get_args(union):
        field = getattr(member, "model_fields", {}).get(discriminator)
        if field is not None:
            out += [str(a) for a in get_args(field.annotation)]
    return out


_DATE = "a date (YYYY-MM-DD)"
# A date in form but not in fact (2030-02-30, 2026-13-01): said so, not "expected a date".
_DATE_SHAPED = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")

_EXPECTED = {
    "string_type": "a string", "int_type": "an integer", "int_parsing": "an integer",
    "int_from_float": "an integer", "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping", "list_type": "a list",
    "tuple_type": "a list", "date_type": _DATE, "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE, "date_from_datetime_inexact": _DATE,
    "none_required": "nothing (null)",
}


def _show(value: Any) -> str:
    """Render an input value the way the user wrote it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, date):
        return value.isoformat()
    return f"'{value}'" if isinstance(value, str) else str(value)


def _context(frames: list[_Frame]) -> str:
    if len(frames) == 1:
        return "at top level"
    text = f"in {frames[-1]}"
    return text + (f" of {frames[-2]}" if len(frames) > 2 else "")


def _rel(loc: Loc) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def describe_error(model: type[BaseModel], entry: Any, *, name_of: NameOf) -> Described:
    """Return a sentence, a hint and a position for one pydantic error entry."""
    loc: Loc = tuple(entry["loc"])
    kind, ctx = entry["type"], entry.get("ctx") or {}
    frames, clean = _walk(model, loc, name_of)
    if kind == "extra_forbidden":
        key = str(clean[-1])
        allowed = _allowed(frames[-1].model)
        hint = did_you_mean(key, allowed) or "allowed: " + ", ".join(allowed)
        return Described(f"unknown key '{key}' {_context(frames)}", hint, loc, at_key=True)
    if kind == "missing":
        outer = frames[:-1] if frames[-1].loc == clean else frames
        return Described(f"missing required key '{clean[-1]}' {_context(outer)}", None, loc[:-1])
    if kind == "union_tag_not_found":
        disc = str(ctx.get("discriminator", "kind")).strip("'")
        choices = _tags_of(frames[-1].model, disc)
        hint = "one of: " + ", ".join(choices) if choices else None
        return Described(f"missing required key '{disc}' {_context(frames)}", hint, loc)
    if kind == "union_tag_invalid":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        tag, disc = str(ctx.get("tag")), str(ctx.get("discriminator", "kind")).strip("'")
        hint = did_you_mean(tag, choices) or "allowed: " + ", ".join(sorted(choices))
        return Described(f"unknown {disc} '{tag}' {_context(frames)}", hint, (*loc, disc))
    subject = _subject(frames, clean)
    got = _show(entry.get("input"))
    if kind in ("literal_error", "enum"):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = did_you_mean(str(entry.get("input")), choices)
        return Described(f"invalid value {got} for {subject}: expected one of "
                          + ", ".join(choices), hint, loc)
    expected = _expected(kind, ctx)
    if expected == _DATE and _DATE_SHAPED.fullmatch(str(entry.get("input"))):
        return Described(f"{got} is not a valid date (YYYY-MM-DD) for {subject}", None, loc)
    if expected is not None:
        return Described(f"expected {expected} for {subject}, got {got}", None, loc)
    if kind == "value_error":
        return Described(f"invalid {subject}: {ctx.get('error', entry['msg'])}", None, loc)
    msg = str(entry["msg"])
    return Described(f"invalid {subject}: {msg[:1].lower() + msg[1:]}", None, loc)


def _expected(kind: str, ctx: Mapping[str, Any]) -> str | None:
    """Return what a value should have been for a type or range error, or None."""
    if kind in _EXPECTED:
        return _EXPECTED[kind]
    bounds = {"greater_than": "greater than {gt}", "greater_than_equal": "of at least {ge}",
              "less_than": "less than {lt}", "less_than_equal": "of at most {le}"}
    if kind in bounds:
        return "a number " + bounds[kind].format(**ctx)
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"at least {n} item{'s' if n != 1 else ''}"
    return None


def _subject(frames: list[_Frame], clean: Loc) -> str:
    """Return what is wrong and where: "'retention_days' in asset 'raw.users'"."""
    frame = frames[-1]
    rel = _rel(clean[len(frame.loc):])
    if rel:
        return f"'{rel}' {_context(frames)}"
    if len(frames) == 1:
        return "document"
    outer = _context(frames[:-1])
    return str(frame) if outer == "at top level" else f"{frame} {outer}"
