"""Policy kinds: one module each, registered on one line in `KINDS`.

To add a kind: write `engine/policies/<kind>.py` (docstring = user docs, a `PolicyBase`
subclass with `kind: Literal[...]` and a pure `evaluate`), add it to `KINDS`, and add
`tests/policies/cases/<kind>.yaml`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Union

from pydantic import Field

from engine.models import Violation
from engine.policies.base import EvalContext, PolicyBase
from engine.policies.cleanup import CleanupPolicy
from engine.policies.flow import FlowPolicy
from engine.policies.require import RequirePolicy

KINDS: tuple[type[PolicyBase], ...] = (
    FlowPolicy,
    RequirePolicy,
    CleanupPolicy,
)

# The discriminated union pydantic validates a policy entry against, built from KINDS.
Policy = Annotated[Union[KINDS], Field(discriminator="kind")]  # type: ignore[valid-type]

__all__ = ["KINDS", "CleanupPolicy", "EvalContext", "FlowPolicy", "Policy", "PolicyBase",
           "RequirePolicy", "evaluate", "evaluate_policy", "kind_name", "subject_key"]


def kind_name(kind: type[PolicyBase]) -> str:
    """Return the `kind:` value of a kind class (`FlowPolicy` -> "flow")."""
    (name,) = kind.model_fields["kind"].annotation.__args__  # type: ignore[union-attr]
    return str(name)


def evaluate(policies: Iterable[PolicyBase], ctx: EvalContext) -> tuple[Violation, ...]:
    """Return every violation of every policy, in policy order, each policy's sorted by subject."""
    return tuple(v for policy in policies for v in evaluate_policy(policy, ctx))


def evaluate_policy(policy: PolicyBase, ctx: EvalContext) -> list[Violation]:
    """Return one policy's violations, sorted by subject (`subject_key`)."""
    return sorted(policy.evaluate(ctx), key=subject_key)


def subject_key(v: Violation) -> tuple[str, str, str]:
    """What a policy's violations are ordered by: asset, column, tag."""
    return (v.asset, v.column or "", v.tag or "")
