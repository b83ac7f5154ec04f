"""`${var}` placeholders a script sets itself, substituted the way Hive and Spark do.

Hive (`SET hivevar:db=raw;`, `SET db=raw;`, read as `${db}`, `${hivevar:db}`,
`${hiveconf:db}`) and Spark / Databricks (`SET var.db = raw;` read as `${var.db}`) substitute a
variable into the *text* of every later command before it is parsed, so `FROM ${db}.src`
reads `raw.src`, and `src_${env}` glues the value into one name. The same is done here, in file
order, to the file's text (only the placeholder's own line shifts: its columns after the
placeholder move by the value's length). A placeholder the file does not set (`-hivevar`,
Airflow, a shell) is left as written: a table named with one is an `unknown-table`
diagnostic (`normalise.py`), never an invented asset; as a value (`ds = '${d}'`) it is a
constant either way.
"""

from __future__ import annotations

import re

# A SET line, or a placeholder; the namespace (`hivevar:`, `hiveconf:`, `define:`) is dropped,
# as `${x}` finds a variable of either namespace. `system:` and `env:` are never set by a file.
_SCAN = re.compile(
    r"^[ \t]*set[ \t]+(?:(?:hivevar|hiveconf|define)[ \t]*:[ \t]*)?(?P<name>[A-Za-z_][\w.]*)"
    r"[ \t]*=[ \t]*(?P<value>[^;\n]*?)[ \t]*(?=;|$)"
    r"|\$\{(?:(?:hivevar|hiveconf|define)[ \t]*:[ \t]*)?(?P<ref>[A-Za-z_][\w.]*)\}",
    re.IGNORECASE | re.MULTILINE,
)
_PLACEHOLDER = re.compile(r"\$\{(?:(?:hivevar|hiveconf|define)[ \t]*:[ \t]*)?([A-Za-z_][\w.]*)\}",
                          re.IGNORECASE)


def with_variables_substituted(text: str) -> str:
    """`text` with each `${var}` the file set before it replaced by its value (`text` itself
    if it has no placeholder or sets none of them).

    >>> with_variables_substituted("set hivevar:db=raw;\\nselect * from ${db}.src_${env}")
    'set hivevar:db=raw;\\nselect * from raw.src_${env}'
    """
    if "${" not in text:
        return text
    values: dict[str, str] = {}

    def substituted(found: re.Match[str]) -> str:
        ref = found.group("ref")
        if ref is not None:
            return values.get(ref.lower(), found.group())
        value = _PLACEHOLDER.sub(lambda m: values.get(m.group(1).lower(), m.group()),
                                 found.group("value"))
        values[found.group("name").lower()] = value
        return found.group()

    return _SCAN.sub(substituted, text)
