"""Name types shared by the config models: case-insensitive names stored lowercase.

Assets, columns, tags, teams and zones are compared without case (SQL identifiers are), so every
name is lowercased on the way in, and a mapping whose keys differ only by case is an error
rather than a silent merge.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

_TAG = re.compile(r"[a-z0-9_\-]+(\.[a-z0-9_\-]+)*")


class Spec(BaseModel):
    """Base of every YAML-shaped model: immutable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def _name(value: str) -> str:
    value = value.strip().lower()
    if not value:
        raise ValueError("a name must not be empty")
    return value


def _tag(value: str) -> str:
    value = _name(value)
    if not _TAG.fullmatch(value):
        raise ValueError(
            f"'{value}' is not a tag name (dot-separated words of letters, digits, '_' or '-')"
        )
    return value


# A function name as SQL calls it, optionally qualified (`udf.mask_email`), unquoted.
_FUNCTION = re.compile(r"[a-z_][a-z0-9_$@#]*(\.[a-z_][a-z0-9_$@#]*)*")


def _function(value: str) -> str:
    value = _name(value)
    if not _FUNCTION.fullmatch(value):
        raise ValueError(
            f"'{value}' is not a function name (letters, digits and '_', as SQL calls it, "
            "without parentheses or arguments)"
        )
    return value


def lower_keys(value: Any) -> Any:
    """Lowercase the keys of a mapping, rejecting keys that differ only by case."""
    if not isinstance(value, Mapping):
        return value  # let the declared type report "expected a mapping"
    out: dict[Any, Any] = {}
    first: dict[Any, Any] = {}
    for key, item in value.items():
        low = key.strip().lower() if isinstance(key, str) else key
        if low in out:
            raise ValueError(
                f"'{first[low]}' and '{key}' are the same name (names are case-insensitive)"
            )
        out[low], first[low] = item, key
    return out


def entries(value: Any) -> Any:
    """Lowercase the keys of a name -> settings mapping; `name:` with no value means `{}`."""
    value = lower_keys(value)
    if isinstance(value, Mapping):
        return {k: ({} if v is None else v) for k, v in value.items()}
    return value


def drop_nulls(value: Any) -> Any:
    """Treat `section:` with nothing under it as an absent section."""
    if isinstance(value, Mapping):
        return {k: v for k, v in value.items() if v is not None}
    return value


def as_list(value: Any) -> Any:
    """Accept a single string where a list of strings is expected (`tag: pii`)."""
    return [value] if isinstance(value, str) else value


Name = Annotated[str, AfterValidator(_name)]
TagName = Annotated[str, AfterValidator(_tag)]
FunctionName = Annotated[str, AfterValidator(_function)]
FunctionList = Annotated[tuple[FunctionName, ...], BeforeValidator(as_list)]
NameList = Annotated[tuple[Name, ...], BeforeValidator(as_list)]
TagList = Annotated[tuple[TagName, ...], BeforeValidator(as_list)]
StrList = Annotated[tuple[str, ...], BeforeValidator(as_list)]


def ancestors(tag: str) -> tuple[str, ...]:
    """Return the tag and its dotted parents, top-down: `pii.email` -> (`pii`, `pii.email`)."""
    parts = tag.split(".")
    return tuple(".".join(parts[: i + 1]) for i in range(len(parts)))
