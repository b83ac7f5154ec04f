"""Validate OpenLineage events against the vendored published schemas (core 2-0-2, facet 1-2-0).

The core schema checks the event and that every facet has `_producer`/`_schemaURL`, not what
a facet holds, so each `columnLineage` facet is validated against its own schema as well.
Formats (`uri`, `date-time`, `uuid`) are checked here: jsonschema skips `uri` and `date-time`
unless optional packages are installed.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

SCHEMAS = Path(__file__).parent / "schemas"
CORE = json.loads((SCHEMAS / "openlineage-OpenLineage.json").read_text())
COLUMN_LINEAGE = json.loads((SCHEMAS / "openlineage-ColumnLineageDatasetFacet.json").read_text())
REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in (CORE, COLUMN_LINEAGE)
)
FORMATS = FormatChecker(formats=())


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parsed = urlparse(value)
    return bool(parsed.scheme and parsed.netloc)


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return "T" in value and parsed.tzinfo is not None


@FORMATS.checks("uuid", raises=ValueError)
def _uuid(value: object) -> bool:
    return not isinstance(value, str) or str(uuid.UUID(value)) == value


CORE_VALIDATOR = Draft202012Validator(CORE, registry=REGISTRY, format_checker=FORMATS)
FACET_VALIDATOR = Draft202012Validator(COLUMN_LINEAGE, registry=REGISTRY, format_checker=FORMATS)


def errors_of(event: dict[str, Any]) -> list[str]:
    """Return every schema error of an event (empty when valid), for readable assertions."""
    found = [e.message for e in CORE_VALIDATOR.iter_errors(event)]
    for dataset in [*event.get("inputs", []), *event.get("outputs", [])]:
        found += [e.message for e in FACET_VALIDATOR.iter_errors(dataset.get("facets", {}))]
    return found
