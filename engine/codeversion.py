"""A hash of the engine's own source code, for caches of what that code computed.

A stored result (a parsed catalog, a built graph) made by other code is not reused, even when
the package version is the same (an editable install between releases). Kept in a module of
its own so that any layer may import it (`engine.config` must not import `engine.pipeline`).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from engine import __version__

__all__ = ["engine_code_version"]


@lru_cache(maxsize=1)
def engine_code_version() -> str:
    """Return a 16-hex-digit hash of the package version and every engine/**/*.py file."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]
