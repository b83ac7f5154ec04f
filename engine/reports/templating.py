"""The one jinja2 Environment of the HTML reports, and the static CSS/JS they inline.

Autoescape is on for every template: asset and column names, SQL, descriptions and reasons
are user input and must render as text. Pages are self-contained (CSS and JS inlined, no URL
to fetch), so a report opens offline; a Content-Security-Policy with the hashes of the inline
style and script blocks makes the browser refuse anything else, even if something slipped
through escaping.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

PACKAGE = "engine.reports"


def _json_script(value: Any) -> Markup:
    """Return JSON safe inside a <script type="application/json"> block, keys sorted."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # `</script>` or `<!--` inside a string would end the block; escape <, > and & as \uXXXX.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _thousands(value: int) -> str:
    return f"{value:,}"


def _pct(value: float) -> str:
    return f"{value:.1%}"


@cache
def environment() -> jinja2.Environment:
    """Return the shared Environment (templates packaged under engine/reports/templates)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(PACKAGE, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["json_script"] = _json_script
    env.filters["thousands"] = _thousands
    env.filters["pct"] = _pct
    return env


@cache
def static_text(name: str) -> str:
    """Return a packaged static file (engine/reports/static/<name>) as text."""
    return resources.files(PACKAGE).joinpath("static", name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """Return the CSP source expression (`'sha256-…'`) allowing exactly this inline block."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def render_page(template: str, *, scripts: tuple[str, ...] = (), **context: Any) -> str:
    """Return a rendered self-contained page with the shared stylesheet and the given scripts."""
    css = static_text("report.css")
    js = "\n".join(static_text(s) for s in scripts)
    policy = f"default-src 'none'; style-src {csp_hash(css)}; img-src data:"
    if js:
        policy += f"; script-src {csp_hash(js)}"
    return environment().get_template(template).render(
        css=Markup(css), js=Markup(js), csp=policy, **context
    )
