"""Inline SVG for a finding's witness path: source column -> ... -> offending column.

Generated in Python so it is deterministic, snapshot-testable and needs no JavaScript. Each
node is one column (asset, column, the transformation and file:line that produced it, and the
rule that kept or changed the tag); arrows join consecutive hops. Every text is escaped here,
because the result is inserted into templates as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from engine.models import PathStep

NODE_W, GAP, PAD, LINE = 228, 40, 6, 17


def _esc(text: str) -> str:
    return escape(text, quote=True)


def _clip(text: str, limit: int) -> str:
    """Shorten to `limit` characters with an ellipsis (the full text is in the node's title)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rule_class(rule: str | None) -> str:
    """Return a CSS class for what a hop's rule did: origin, masked, kept, or plain carried."""
    text = rule or ""
    if text.startswith("declared"):
        return "origin"
    if "does not mask" in text or "keeps" in text:
        return "kept"
    if "replaces" in text or "masks" in text:
        return "masked"
    return "carried"


def short_transform(transform: str) -> str:
    """`DIRECT.TRANSFORMATION(sha2)` -> `TRANSFORMATION(sha2)`; `declared` stays."""
    return transform.split(".", 1)[1] if transform.startswith("DIRECT.") else transform


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """Split `text` on spaces into at most `lines` lines of `width` (the last one clipped)."""
    out: list[str] = []
    for word in text.split(" "):
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        elif len(out) < lines:
            out.append(word)
        else:
            out[-1] += " " + word
    return [_clip(line, width) for line in out]


def _lines(step: PathStep, first: bool) -> list[tuple[str, str]]:
    """Return (css class, text) per text line of a node."""
    head = [("n-asset", _clip(step.asset, 34)), ("n-col", _clip(step.column or "(table)", 26))]
    if first:
        return head + [("n-tf", "declared in catalog"), ("n-rule", _clip(step.tag or "", 34))]
    where = f"{step.task.rsplit('/', 1)[-1]}:{step.line}" if step.task else ""
    if step.rule and rule_class(step.rule) != "carried":
        action = step.rule
    else:
        action = f"carries {step.tag}" if step.tag else "carried"
    return head + [("n-tf", _clip(short_transform(step.transform), 32)),
                   ("n-where", _clip(where, 34))] + [("n-rule", t) for t in _wrap(action, 31, 2)]


def _title(step: PathStep) -> str:
    parts = [f"{step.asset}.{step.column}" if step.column else step.asset]
    if step.task:
        parts.append(f"{step.task}:{step.line}")
    parts += [step.transform, *(x for x in (step.tag, step.rule) if x)]
    return "\n".join(parts)


def _node(step: PathStep, index: int, last: int, end_class: str, height: int) -> str:
    x = PAD + index * (NODE_W + GAP)
    role = "origin" if index == 0 else ("end " + end_class if index == last else "hop")
    kind = rule_class(step.rule) if index else "origin"
    texts = "".join(
        f'<text class="{cls}" x="{x + 10}" y="{PAD + 18 + i * LINE}">{_esc(text)}</text>'
        for i, (cls, text) in enumerate(_lines(step, index == 0))
    )
    return (
        f'<a href="#asset/{_esc(quote(step.asset, safe=""))}"><g class="node {role} rule-{kind}">'
        f"<title>{_esc(_title(step))}</title>"
        f'<rect x="{x}" y="{PAD}" width="{NODE_W}" height="{height}" rx="8"/>{texts}</g></a>'
    )


def _arrow(index: int, step: PathStep, height: int) -> str:
    x1 = PAD + index * (NODE_W + GAP) + NODE_W
    x2 = x1 + GAP
    y = PAD + height // 2
    kind = rule_class(step.rule)
    return (
        f'<g class="edge rule-{kind}"><line x1="{x1 + 2}" y1="{y}" x2="{x2 - 8}" y2="{y}"/>'
        f'<polygon points="{x2 - 2},{y} {x2 - 10},{y - 5} {x2 - 10},{y + 5}"/></g>'
    )


def witness_svg(path: Sequence[PathStep], end_class: str = "sev-error") -> str:
    """Return an inline <svg> drawing the path (empty string for a path of fewer than 2 hops)."""
    if len(path) < 2:
        return ""
    width = 2 * PAD + len(path) * NODE_W + (len(path) - 1) * GAP
    rows = max(len(_lines(step, i == 0)) for i, step in enumerate(path))
    node_h = rows * LINE + 14
    height = 2 * PAD + node_h
    last = len(path) - 1
    body = "".join(_arrow(i, path[i + 1], node_h) for i in range(last))
    body += "".join(_node(step, i, last, end_class, node_h) for i, step in enumerate(path))
    label = " → ".join(f"{s.asset}.{s.column}" for s in path)
    return (
        f'<svg class="witness" role="img" aria-label="{_esc("witness path: " + label)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">{body}</svg>'
    )
