"""Refuse a graph path whose file this tool must not replace.

A graph is built aside and renamed over the path (`swap`), and the cache, run states and
lock files go beside it: a mistyped `--graph catalog.yaml` would destroy the catalog. Every
graph this tool writes is a Kùzu database file, which begins with Kùzu's magic bytes, and a
stale graph (another Kùzu version's, a truncated one) keeps them: so a path may be replaced
only when nothing is there, an empty file is, or a file with that magic. Anything else is
someone's data, and the run stops before it writes anything.
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import InputError

KUZU_MAGIC = b"KUZU"


def replaceable(db_path: Path) -> str | None:
    """Why the graph at `db_path` must not be (re)written there, or None when it may."""
    for parent in db_path.parents:  # the first one that exists must be a directory
        if parent.exists():
            if not parent.is_dir():
                return f"{parent} is not a directory"
            break
    if not db_path.exists() and not db_path.is_symlink():
        return None
    if db_path.is_dir():
        return "it is a directory, not a lineage graph"
    if not db_path.is_file():
        return "it is not a regular file, not a lineage graph"
    try:
        with open(db_path, "rb") as fh:
            head = fh.read(len(KUZU_MAGIC))
    except OSError as exc:
        return f"it cannot be read ({exc.strerror})"
    if head and head != KUZU_MAGIC:
        return "it exists and is not a lineage graph (not a Kùzu database)"
    return None


def check_graph_path(db_path: Path, option: str) -> None:
    """Raise an InputError naming `db_path` and `option` (where it was given: `--graph`, the
    catalog's `graph.path`) when a graph must not be written there (`replaceable`)."""
    why = replaceable(Path(db_path))
    if why is not None:
        raise InputError(str(db_path), f"cannot write the lineage graph here: {why}",
                         hint=f"give {option} a path of its own, such as .lineage/graph.kuzu")
