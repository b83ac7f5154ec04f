#!/usr/bin/env python3
"""Generate a synthetic but realistic warehouse of N SQL tasks for the scale benchmark.

    python benchmarks/generate.py --tasks 10000 --seed 1 --out /tmp/wh       # a new warehouse
    python benchmarks/generate.py --out /tmp/wh --change 1                   # edit 1% of the tasks
    python benchmarks/generate.py --out /tmp/wh --change-files 10            # edit exactly 10

What it writes (everything the engine needs, nothing else):

- ``catalog.yaml``: raw tables (about N/20, at least 10) with full column lists and sensitivity
  tags (``pii.email``, ``pii.phone``, ``pii.name``, ``pii.address``, ``pii.ip``,
  ``pii.birth_date``, ``pii.national_id``, ``pci.card_number``, ``pci``, ``pseudonymous``; a few
  tables tagged ``pii`` as a whole), teams with clearances, zones by glob, and about 3% of the
  downstream tables with an owner, a description and a retention period; every other table is
  discovered from the SQL.
- ``sql/<layer>/<name>.sql``, one task per file: ``staging`` reads raw, ``marts`` read staging and
  marts of a lower tier (an acyclic DAG, fan-in 1-4, six tiers deep), ``exports`` and ``bi`` (both
  sinks) read marts.
- ``lineage_policies/*.yaml``: flow, require and cleanup policies and two waivers.
- ``.bench-warehouse.json``: the manifest (parameters, counts, changes applied).

Statement shapes, in the proportions of a real dbt/Snowflake project (the manifest records the
exact counts): ~40% plain INSERT ... SELECT / CTAS / views, ~30% ETL with 3-6 CTEs, joins, window
functions and CASE on sensitive columns, ~10% wide tables (100-300 columns: pass-through of wide
raw tables or pivoted feature tables), ~5% long reports (~200 lines of CASE and aggregates), ~10%
incremental MERGE (with its CREATE TABLE IF NOT EXISTS) or UPDATE ... FROM, ~5% other (UNION ALL,
temporary tables). Sensitive columns are kept, normalised, hashed (``sha2``/``md5``), aggregated
(``count(DISTINCT)`` drops a tag, ``max`` keeps it) or only used in a CASE condition, so
propagation has real work to do. A few deliberate problems make the policies find something:
exports that copy personal data unhashed, owners not cleared for what they hold, a missing
retention period, reads of undeclared ``ref.*`` tables (orphans), and an unparsable file per
~4,000 tasks.

Deterministic: the same ``--tasks``, ``--seed`` and ``--dialect`` give byte-identical output
(every task draws from its own seeded generator; no set or hash ordering is used). Files are
written as they are generated; only the tables' column lists (as integer arrays) stay in
memory, so 1M tasks fit in well under 1 GB.

``--change PCT`` / ``--change-files K`` edit an existing warehouse deterministically for warm-run
measurements: the chosen tasks get either a renamed table alias (content changes, schema does
not) or an extra output column (the table's schema changes, so the engine must re-check its
readers). The warehouse is regenerated in memory and only the chosen files are rewritten; the
changes are recorded in the manifest, and a further ``--change`` applies on top of them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR_VERSION = 1
MANIFEST = ".bench-warehouse.json"
DIALECTS = ("snowflake",)

# ----------------------------------------------------------------------------- column vocabulary

KEY, STR, NUM, TS, BOOL = "key", "str", "num", "ts", "bool"
SQL_TYPES = {KEY: "NUMBER(38,0)", STR: "VARCHAR", NUM: "NUMBER(18,2)", TS: "TIMESTAMP_NTZ",
             BOOL: "BOOLEAN"}


class Vocab:
    """Every column name used anywhere, with one type and one tag per name.

    A name always means the same thing (``email`` is always ``pii.email``, ``email_sha`` always
    pseudonymous), so the generator can tell what a column carries from its name alone, the way
    the engine's propagation will find it.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.types: list[str] = []
        self.tags: list[str | None] = []
        self.roots: list[str] = []  # the base name a derived name was made from
        self.depth: list[int] = []  # how many ops made it (0: a base name)
        self.ids: dict[str, int] = {}
        self._derived: dict[tuple[str, str], str | None] = {}

    def add(self, name: str, typ: str, tag: str | None, root: str | None = None,
            depth: int = 0) -> int:
        i = self.ids.get(name)
        if i is not None:
            if (self.types[i], self.tags[i]) != (typ, tag):
                raise AssertionError(f"column {name} declared twice with different meaning")
            return i
        self.ids[name] = len(self.names)
        self.names.append(name)
        self.types.append(typ)
        self.tags.append(tag)
        self.roots.append(root or name)
        self.depth.append(depth)
        return self.ids[name]

    def typ(self, name: str) -> str:
        return self.types[self.ids[name]]

    def tag(self, name: str) -> str | None:
        return self.tags[self.ids[name]]

    def derive(self, name: str, op: str) -> str | None:
        """Return the name of `op` applied to `name` (registering it), or None if too long."""
        key = (name, op)
        if key in self._derived:
            return self._derived[key]
        i = self.ids[name]
        typ, tag, root, depth = self.types[i], self.tags[i], self.roots[i], self.depth[i]
        suffix, new_typ, rule = _OPS[op] if op in _OPS else _pivot_op(op)
        new_typ = new_typ or typ
        new_tag = {"keep": tag, "drop": None, "mask": _masked(tag)}[rule]
        if name.endswith(suffix):
            new = name  # a sum of sums is a sum
        elif depth >= 2 and rule == "keep" and new_typ == typ:
            new = name  # bound the vocabulary: a max of a 7-day sum keeps its name
        elif depth >= 2 and rule != "keep":
            new = f"{root}{suffix}"  # band/cnt/sha of anything from `root` means the same
        elif depth >= 2:
            self._derived[key] = None
            return None
        else:
            new = f"{name}{suffix}"
        if len(new) > 48:
            self._derived[key] = None
            return None
        # a name's depth and root follow from the name alone, so results never depend on the
        # order names were first made in (several warehouses generated in one process agree)
        new_depth = depth if new == name else (1 if new == f"{root}{suffix}" else depth + 1)
        self.add(new, new_typ, new_tag, root, new_depth)
        self._derived[key] = new
        return new


def _masked(tag: str | None) -> str | None:
    if tag is None:
        return None
    if tag.startswith("pii"):
        return "pseudonymous"  # catalog: pii masking {sha2: pseudonymous, md5: pseudonymous}
    return tag  # pci: {sha2: pci, md5: pci} (a hashed PAN is still card data); pseudonymous stays


# op -> (suffix, type (None = same), tag rule). Only suffixes, so two ops applied in either
# order never give one name two meanings; an op applied twice keeps the name (a sum of sums).
_OPS: dict[str, tuple[str, str | None, str]] = {
    "sha": ("_sha", STR, "mask"),
    "md5": ("_md5", STR, "mask"),
    "band": ("_band", STR, "drop"),
    "n": ("_cnt", NUM, "drop"),
    "max": ("_max", None, "keep"),
    "min": ("_min", None, "keep"),
    "first": ("_first", None, "keep"),
    "last": ("_last", None, "keep"),
    "total": ("_sum", NUM, "keep"),
    "avg": ("_avg", NUM, "keep"),
    "prev": ("_prev", None, "keep"),
    "running": ("_running", NUM, "keep"),
    "day": ("_day", TS, "keep"),
    "share": ("_share", NUM, "keep"),
    "7d": ("_7d", NUM, "keep"),
}


def _pivot_op(op: str) -> tuple[str, str | None, str]:
    if op.startswith("p"):  # p07: sum(CASE WHEN dim = 'v07' THEN x END)
        return f"_{op}", NUM, "keep"
    raise KeyError(op)


_C = tuple[str, str, str | None]
ENTITIES: dict[str, list[_C]] = {
    "customers": [
        ("customer_id", KEY, None), ("email", STR, "pii.email"), ("phone", STR, "pii.phone"),
        ("first_name", STR, "pii.name"), ("last_name", STR, "pii.name"),
        ("birth_date", TS, "pii.birth_date"), ("street_address", STR, "pii.address"),
        ("postal_code", STR, "pii.address"), ("city", STR, None), ("country_code", STR, None),
        ("segment", STR, None), ("marketing_opt_in", BOOL, None), ("created_at", TS, None),
        ("updated_at", TS, None), ("is_deleted", BOOL, None),
    ],
    "orders": [
        ("order_id", KEY, None), ("customer_id", KEY, None), ("order_status", STR, None),
        ("currency", STR, None), ("order_total", NUM, None), ("discount_total", NUM, None),
        ("tax_total", NUM, None), ("shipping_total", NUM, None),
        ("shipping_address", STR, "pii.address"), ("channel", STR, None),
        ("created_at", TS, None), ("updated_at", TS, None),
    ],
    "order_items": [
        ("order_item_id", KEY, None), ("order_id", KEY, None), ("product_id", KEY, None),
        ("quantity", NUM, None), ("unit_price", NUM, None), ("discount_amount", NUM, None),
        ("created_at", TS, None),
    ],
    "payments": [
        ("payment_id", KEY, None), ("order_id", KEY, None), ("customer_id", KEY, None),
        ("payment_method", STR, None), ("card_number", STR, "pci.card_number"),
        ("card_expiry", STR, "pci"), ("card_brand", STR, None), ("amount", NUM, None),
        ("currency", STR, None), ("status", STR, None), ("created_at", TS, None),
        ("updated_at", TS, None),
    ],
    "refunds": [
        ("refund_id", KEY, None), ("payment_id", KEY, None), ("order_id", KEY, None),
        ("amount", NUM, None), ("currency", STR, None), ("reason_code", STR, None),
        ("created_at", TS, None),
    ],
    "products": [
        ("product_id", KEY, None), ("sku", STR, None), ("product_name", STR, None),
        ("category", STR, None), ("brand", STR, None), ("unit_cost", NUM, None),
        ("list_price", NUM, None), ("is_active", BOOL, None), ("launched_at", TS, None),
    ],
    "events": [
        ("event_id", KEY, None), ("session_id", KEY, None), ("device_id", STR, "pseudonymous"),
        ("customer_id", KEY, None), ("event_type", STR, None), ("page_url", STR, None),
        ("referrer_url", STR, None), ("utm_source", STR, None), ("utm_campaign", STR, None),
        ("ip_address", STR, "pii.ip"), ("user_agent", STR, None), ("event_ts", TS, None),
    ],
    "devices": [
        ("device_row_id", KEY, None), ("customer_id", KEY, None),
        ("device_id", STR, "pseudonymous"), ("platform", STR, None), ("app_version", STR, None),
        ("ip_address", STR, "pii.ip"), ("first_seen_at", TS, None), ("last_seen_at", TS, None),
    ],
    "tickets": [  # free text: the whole table is personal data (a table-level tag)
        ("tkt_ticket_id", KEY, "pii"), ("tkt_requester_id", KEY, "pii"),
        ("tkt_channel", STR, "pii"), ("tkt_subject", STR, "pii"), ("tkt_body", STR, "pii"),
        ("tkt_priority", STR, "pii"), ("tkt_status", STR, "pii"), ("tkt_csat_score", NUM, "pii"),
        ("tkt_created_at", TS, "pii"), ("tkt_resolved_at", TS, "pii"),
    ],
    "employees": [
        ("employee_id", KEY, None), ("work_email", STR, "pii.email"),
        ("first_name", STR, "pii.name"), ("last_name", STR, "pii.name"),
        ("national_id", STR, "pii.national_id"), ("salary", NUM, None),
        ("department", STR, None), ("job_title", STR, None), ("manager_id", KEY, None),
        ("hired_at", TS, None), ("terminated_at", TS, None),
    ],
    "shipments": [
        ("shipment_id", KEY, None), ("order_id", KEY, None), ("carrier", STR, None),
        ("street_address", STR, "pii.address"), ("postal_code", STR, "pii.address"),
        ("country_code", STR, None), ("weight_kg", NUM, None), ("shipping_cost", NUM, None),
        ("shipped_at", TS, None), ("delivered_at", TS, None),
    ],
    "accounts": [
        ("account_id", KEY, None), ("customer_id", KEY, None), ("plan", STR, None),
        ("mrr", NUM, None), ("seats", NUM, None), ("status", STR, None),
        ("opened_at", TS, None), ("closed_at", TS, None),
    ],
    "ad_spend": [
        ("campaign_id", KEY, None), ("spend_date", TS, None), ("channel", STR, None),
        ("campaign", STR, None), ("spend_amount", NUM, None), ("impressions", NUM, None),
        ("clicks", NUM, None), ("currency", STR, None),
    ],
    "fx_rates": [
        ("fx_rate_id", KEY, None), ("rate_date", TS, None), ("currency", STR, None),
        ("usd_rate", NUM, None),
    ],
    "inventory": [
        ("inventory_id", KEY, None), ("product_id", KEY, None), ("warehouse_id", KEY, None),
        ("on_hand", NUM, None), ("reserved", NUM, None), ("snapshot_date", TS, None),
    ],
    "subscriptions": [
        ("subscription_id", KEY, None), ("email", STR, "pii.email"), ("list_name", STR, None),
        ("source", STR, None), ("subscribed_at", TS, None), ("unsubscribed_at", TS, None),
    ],
    "invoices": [
        ("invoice_id", KEY, None), ("account_id", KEY, None), ("customer_id", KEY, None),
        ("invoice_total", NUM, None), ("tax_total", NUM, None), ("currency", STR, None),
        ("billing_address", STR, "pii.address"), ("issued_at", TS, None), ("paid_at", TS, None),
    ],
}
WIDE_BASE: list[_C] = [
    ("telemetry_id", KEY, None), ("customer_id", KEY, None), ("device_id", STR, "pseudonymous"),
    ("ip_address", STR, "pii.ip"), ("platform", STR, None), ("recorded_at", TS, None),
]
EXTRA_COLUMNS: list[_C] = [
    ("source_system", STR, None), ("region", STR, None), ("tier", STR, None),
    ("score", NUM, None), ("notes", STR, None), ("external_ref", STR, None),
    ("status_reason", STR, None), ("priority", STR, None), ("ingested_at", TS, None),
    ("batch_id", KEY, None), ("is_test", BOOL, None), ("legacy_code", STR, None),
    ("partner_code", STR, None), ("sales_rep", STR, None), ("cost_center", STR, None),
    ("language", STR, None), ("timezone", STR, None), ("rating", NUM, None),
    ("weight", NUM, None), ("margin", NUM, None), ("quantity_returned", NUM, None),
    ("fee_amount", NUM, None), ("is_flagged", BOOL, None), ("closed_at", TS, None),
]

DOMAINS: dict[str, tuple[list[str], int]] = {  # domain -> (raw entities, weight)
    "sales": (["customers", "orders", "order_items", "products", "refunds"], 16),
    "payments": (["payments", "refunds", "orders", "fx_rates", "invoices"], 10),
    "marketing": (["ad_spend", "events", "subscriptions", "customers"], 12),
    "web": (["events", "devices", "customers"], 10),
    "support": (["tickets", "customers", "orders"], 7),
    "logistics": (["shipments", "orders", "inventory", "products"], 9),
    "hr": (["employees", "fx_rates"], 4),
    "finance": (["invoices", "payments", "fx_rates", "accounts"], 10),
    "crm": (["customers", "accounts", "subscriptions", "tickets"], 10),
    "product": (["events", "products", "devices", "accounts"], 12),
}
DOMAIN_NAMES = list(DOMAINS)
DOMAIN_WEIGHTS = [DOMAINS[d][1] for d in DOMAIN_NAMES]
PCI_DOMAINS = ("payments", "finance")
PARTNERS = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell"]
MART_WORDS = ["daily", "weekly", "monthly", "summary", "snapshot", "features", "history",
              "funnel", "cohort", "rollup", "scorecard", "detail"]

V = Vocab()
for _cols in [*ENTITIES.values(), WIDE_BASE, EXTRA_COLUMNS]:
    for _n, _t, _g in _cols:
        V.add(_n, _t, _g)
for _k in range(1, 301):
    V.add(f"metric_{_k:03d}", NUM, None)
for _k in range(1, 13):
    V.add(f"dim_{_k:02d}", STR, None)
for _n, _t in [("rn", NUM), ("row_count", NUM), ("source_table", STR), ("ref_label", STR),
               ("report_date", TS), ("loaded_at", TS)]:
    V.add(_n, _t, None)

# ------------------------------------------------------------------------------- plan and state

LAYER_DIRS = {"stg": "staging", "marts": "marts", "export": "exports", "bi": "bi"}
LAYER_SHARE = {"stg": 0.20, "export": 0.07, "bi": 0.13}  # marts: the rest
MART_TIERS = [30, 25, 18, 12, 9, 6]  # share of marts per tier 1..6
KIND_MIX = {  # per layer: kind -> weight (overall ~40/30/10/5/10/5, see the module docstring)
    "stg": {"plain": 45, "cte": 25, "wide": 12, "merge": 13, "union": 2, "temp": 3},
    "marts": {"plain": 38, "cte": 34, "wide": 11, "long": 3, "merge": 6, "update": 4,
              "union": 2, "temp": 2},
    "export": {"plain": 50, "cte": 30, "wide": 5, "merge": 10, "union": 2, "temp": 3},
    "bi": {"plain": 35, "cte": 25, "long": 25, "union": 5, "view": 10},
}
NO_EXTRA_COLUMN = frozenset({"merge", "update", "union"})
SHAPES = {"plain": "plain", "view": "plain", "cte": "cte", "wide": "wide", "long": "long",
          "merge": "merge/update", "update": "merge/update", "union": "other", "temp": "other"}


def _seed(*parts: object) -> int:
    raw = ":".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.sha256(raw).digest()[:8], "big")


def _weighted(rng: random.Random, mix: dict[str, int]) -> str:
    return rng.choices(list(mix), weights=list(mix.values()))[0]


@dataclass
class Table:
    name: str
    domain: int
    cols: array  # vocabulary ids
    layer: str


@dataclass
class Stats:
    kinds: dict[str, int] = field(default_factory=dict)
    layers: dict[str, int] = field(default_factory=dict)
    statements: int = 0
    lines: int = 0
    bytes: int = 0
    export_violations: list[str] = field(default_factory=list)
    owner_violations: list[str] = field(default_factory=list)
    missing_retention: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    syntax_errors: list[str] = field(default_factory=list)
    wide_columns: list[int] = field(default_factory=list)
    changed_rename: int = 0
    changed_extra: int = 0


# ------------------------------------------------------------------------------- SQL building


@dataclass
class Ctx:
    """What one task's body needs: its generator, layer, domain and the deliberate twists."""

    rng: random.Random
    layer: str
    domain: str
    alias_suffix: str = ""
    extra_rounds: tuple[int, ...] = ()
    violate: bool = False
    orphan: bool = False
    violated: bool = False
    idx: int = 0

    def al(self, base: str) -> str:
        return base + self.alias_suffix


def q(alias: str, name: str) -> str:
    return f"{alias}.{name}" if alias else name


def sel_line(expr: str, name: str, alias: str = "") -> str:
    plain = expr == name or expr.endswith(f".{name}") and expr.count(".") == 1 and "(" not in expr
    return expr if plain else f"{expr} AS {name}"


def is_pii(tag: str | None) -> bool:
    return tag is not None and (tag == "pii" or tag.startswith("pii."))


def is_pci(tag: str | None) -> bool:
    return tag is not None and (tag == "pci" or tag.startswith("pci."))


def keep_expr(ref: str, name: str) -> str:
    if "email" in name:
        return f"lower(trim({ref}))"
    if "phone" in name:
        return f"regexp_replace({ref}, '[^0-9+]', '')"
    if name.endswith("_name"):
        return f"initcap({ref})"
    if "address" in name or "postal" in name:
        return f"upper(trim({ref}))"
    return ref


def band_expr(ref: str, name: str) -> str:
    typ = V.typ(name)
    if typ == TS:
        return (f"CASE WHEN datediff(year, {ref}, current_date()) < 25 THEN 'under_25' "
                f"WHEN datediff(year, {ref}, current_date()) < 45 THEN '25_44' "
                f"ELSE '45_plus' END")
    if "email" in name:
        return f"CASE WHEN {ref} ILIKE '%@example.com' THEN 'internal' ELSE 'external' END"
    if typ == NUM:
        return f"CASE WHEN {ref} >= 4 THEN 'good' WHEN {ref} >= 2 THEN 'neutral' ELSE 'bad' END"
    return f"CASE WHEN {ref} IS NULL OR {ref} = '' THEN 'missing' ELSE 'present' END"


def mask_expr(rng: random.Random, ref: str, name: str) -> tuple[str, str]:
    if rng.random() < 0.75:
        inner = f"lower(trim({ref}))" if "email" in name else ref
        return f"sha2({inner}, 256)", "sha"
    return f"md5({ref})", "md5"


def treat(ctx: Ctx, alias: str, name: str) -> tuple[str, str] | None:
    """Return (expression, output name) for one column in a row-level SELECT, or None to drop it."""
    rng, ref = ctx.rng, q(alias, name)
    typ, tag = V.typ(name), V.tag(name)
    if is_pii(tag):
        if ctx.layer == "export":
            if ctx.violate and not ctx.violated and typ == STR:
                ctx.violated = True
                return ref, name
            expr, op = mask_expr(rng, ref, name)
            out = V.derive(name, op)
            return (expr, out) if out else None
        keep = {"stg": 0.55, "marts": 0.45, "bi": 0.08}[ctx.layer]
        r = rng.random()
        if r < keep:
            return keep_expr(ref, name), name
        if r < keep + 0.25:
            expr, op = mask_expr(rng, ref, name)
            out = V.derive(name, op)
            return (expr, out) if out else None
        if r < keep + 0.35:
            out = V.derive(name, "band")
            return (band_expr(ref, name), out) if out else None
        return None
    if is_pci(tag):
        r = rng.random()
        if ctx.domain in PCI_DOMAINS and ctx.layer in ("stg", "marts") and r < 0.5:
            return ref, name
        if r < 0.7 and ctx.layer != "export":
            out = V.derive(name, "band")
            return (band_expr(ref, name), out) if out else None
        return None
    if typ == KEY or rng.random() < 0.6:
        return ref, name
    if typ == STR:
        return rng.choice([f"upper({ref})", f"trim({ref})", f"coalesce({ref}, 'unknown')"]), name
    if typ == NUM:
        return rng.choice([f"round({ref}, 2)", f"coalesce({ref}, 0)"]), name
    if typ == TS:
        out = V.derive(name, "day")
        return (f"date_trunc('day', {ref})", out) if out else (ref, name)
    return f"coalesce({ref}, FALSE)", name


def treat_wide(ctx: Ctx, alias: str, name: str) -> tuple[str, str] | None:
    """Like `treat`, but a wide pass-through keeps every column but card data (hashed or not)."""
    tag = V.tag(name)
    if is_pii(tag) and ctx.layer != "export" and V.typ(name) != KEY:
        ref = q(alias, name)
        if ctx.rng.random() < 0.7:
            return keep_expr(ref, name), name
        expr, op = mask_expr(ctx.rng, ref, name)
        out = V.derive(name, op)
        return (expr, out) if out else None
    if is_pii(tag) and V.typ(name) == KEY:
        return q(alias, name), name
    return treat(ctx, alias, name)


def agg(ctx: Ctx, alias: str, name: str) -> tuple[str, str] | None:
    """Return (aggregate expression, output name) for one column of a GROUP BY query."""
    rng, ref = ctx.rng, q(alias, name)
    typ, tag = V.typ(name), V.tag(name)
    if is_pii(tag) or is_pci(tag):
        sensitive_max = ctx.layer in ("stg", "marts") and (
            is_pii(tag) or ctx.domain in PCI_DOMAINS
        )
        if sensitive_max and rng.random() < 0.15:
            op, fn = "max", "max"
        elif rng.random() < 0.2 and is_pii(tag):
            op, fn = "n", "approx_count_distinct"
        else:
            out = V.derive(name, "n")
            return (f"count(DISTINCT {ref})", out) if out else None
        out = V.derive(name, op)
        return (f"{fn}({ref})", out) if out else None
    if typ == NUM:
        fn, op = rng.choice([("sum", "total"), ("sum", "total"), ("avg", "avg"), ("max", "max"),
                             ("min", "min")])
    elif typ == TS:
        fn, op = rng.choice([("min", "first"), ("max", "last")])
    elif typ == BOOL:
        fn, op = "max", "max"
    else:
        if rng.random() < 0.7:
            out = V.derive(name, "n")
            return (f"count(DISTINCT {ref})", out) if out else None
        fn, op = "max", "max"
    out = V.derive(name, op)
    return (f"{fn}({ref})", out) if out else None


class Proj:
    """An ordered SELECT list with unique output names."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []
        self.names: dict[str, None] = {}

    def add(self, item: tuple[str, str] | None) -> bool:
        if item is None or item[1] in self.names:
            return False
        self.items.append(item)
        self.names[item[1]] = None
        return True

    def lines(self, indent: str = "    ") -> list[str]:
        out = [f"{indent}{sel_line(e, n)}," for e, n in self.items]
        out[-1] = out[-1][:-1]
        return out

    def out(self) -> list[str]:
        return list(self.names)


def cols_of(t: Table) -> list[str]:
    return [V.names[i] for i in t.cols]


def by_type(cols: list[str], typ: str) -> list[str]:
    return [c for c in cols if V.types[V.ids[c]] == typ]


def join_on(a_cols: list[str], b_cols: list[str]) -> tuple[str, str]:
    """Return (left column, right column) to join on: a shared key, else the first keys."""
    b_set = dict.fromkeys(b_cols)
    for c in by_type(a_cols, KEY):
        if c in b_set:
            return c, c
    ka, kb = by_type(a_cols, KEY), by_type(b_cols, KEY)
    return (ka[0] if ka else a_cols[0]), (kb[0] if kb else b_cols[0])


def where_clause(ctx: Ctx, alias: str, cols: list[str]) -> str | None:
    rng = ctx.rng
    ts = [c for c in by_type(cols, TS) if not is_pii(V.tag(c))]
    flags = [c for c in ("is_deleted", "is_test", "is_active") if c in cols]
    r = rng.random()
    if flags and r < 0.35:
        f = flags[0]
        return f"{q(alias, f)}" if f == "is_active" else f"NOT coalesce({q(alias, f)}, FALSE)"
    if ts and r < 0.8:
        days = rng.choice([3, 7, 30, 90, 365])
        return f"{q(alias, rng.choice(ts))} >= dateadd(day, -{days}, current_date())"
    strs = [c for c in by_type(cols, STR) if V.tag(c) is None]
    if strs:
        return f"{q(alias, rng.choice(strs))} <> 'test'"
    return None


def pick(rng: random.Random, cols: list[str], k: int) -> list[str]:
    """Return up to k columns: the keys first, then a sample of the rest, in table order."""
    keys = by_type(cols, KEY)[:2]
    rest = [c for c in cols if c not in keys and c != "rn"]
    chosen = set(rng.sample(rest, min(len(rest), max(0, k - len(keys)))))
    return keys + [c for c in rest if c in chosen]


def extra_columns(ctx: Ctx, alias: str, cols: list[str], proj: Proj) -> None:
    """The --change variant that adds an output column (not recorded in the table's schema)."""
    for r in ctx.extra_rounds:
        rng = random.Random(_seed("extra", ctx.idx, r))
        src = rng.choice([c for c in cols if not is_pii(V.tag(c)) and not is_pci(V.tag(c))]
                         or cols)
        name = f"{src}_chg{r}"  # never derived further: not part of the table's schema
        V.add(name, V.typ(src), V.tag(src), V.roots[V.ids[src]], 9)
        proj.add((q(alias, src), name))


def from_clause(
    tables: list[tuple[Table, str]], cols: list[list[str]], kinds: list[str]
) -> list[str]:
    t0, a0 = tables[0]
    out = [f"FROM {t0.name} AS {a0}" if a0 else f"FROM {t0.name}"]
    for (t, a), c, jk in zip(tables[1:], cols[1:], kinds[1:]):
        left, right = join_on(cols[0], c)
        out.append(f"{jk} {t.name} AS {a}")
        out.append(f"    ON {a}.{right} = {a0}.{left}")
    return out


class Body:
    """Assemble one task's text."""

    def __init__(self, header: str) -> None:
        self.lines: list[str] = [f"-- {header}"]
        self.statements = 0

    def stmt(self, lines: list[str]) -> None:
        if self.statements:
            self.lines.append("")
        lines[-1] += ";"
        self.lines.extend(lines)
        self.statements += 1

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def create_head(ctx: Ctx, target: str, view: bool = False) -> str:
    kind = "VIEW" if view or ctx.layer == "bi" else "TABLE"
    return f"CREATE OR REPLACE {kind} {target} AS"


def gen_plain(
    ctx: Ctx, target: str, inputs: list[Table], body: Body, view: bool = False
) -> list[str]:
    rng = ctx.rng
    ins = inputs[: rng.choice([1, 1, 2, 2, 3])]
    single = len(ins) == 1 and not ctx.orphan and rng.random() < 0.4 and not ctx.alias_suffix
    aliases = [("" if single else ctx.al(f"t{i}")) for i in range(len(ins))]
    cols = [cols_of(t) for t in ins]
    proj = Proj()
    grouped = rng.random() < 0.25 and ctx.layer != "stg"
    if grouped:
        keys = [c for c in by_type(cols[0], KEY)[:1] + by_type(cols[0], STR)[:3]
                if V.tag(c) is None][: rng.choice([1, 2, 3])] or cols[0][:1]
        for k in keys:
            proj.add((q(aliases[0], k), k))
        proj.add(("count(*)", "row_count"))
        for i, c in enumerate(cols):
            for name in pick(rng, c, rng.randint(3, 10)):
                if name not in keys:
                    proj.add(agg(ctx, aliases[i], name))
    else:
        for i, c in enumerate(cols):
            k = rng.randint(6, 20) if i == 0 else rng.randint(2, 6)
            for name in pick(rng, c, k):
                proj.add(treat(ctx, aliases[i], name))
    if ctx.violate and not ctx.violated:
        _force_violation(ctx, aliases, cols, proj, grouped)
    if ctx.orphan:
        proj.add((f"{ctx.al('r')}.label", "ref_label"))
    extra_columns(ctx, aliases[0], cols[0], proj)
    if not proj.items:
        # Every picked column's treatment was refused (names derived too deep): keep the first
        # input column as it is (no draw, so every warehouse that did not get here is unchanged).
        proj.add((q(aliases[0], cols[0][0]), cols[0][0]))
    lines = ["SELECT", *proj.lines()]
    tabs = list(zip(ins, aliases))
    lines += from_clause(tabs, cols, ["LEFT JOIN" if rng.random() < 0.6 else "JOIN"] * len(ins))
    if ctx.orphan:
        strs = [c for c in by_type(cols[0], STR) if V.tag(c) is None] or cols[0]
        ref = f"ref.{ctx.domain}_codes"
        lines += [f"LEFT JOIN {ref} AS {ctx.al('r')}",
                  f"    ON {ctx.al('r')}.code = {q(aliases[0], strs[0])}"]
    w = where_clause(ctx, aliases[0], cols[0])
    if w:
        lines.append(f"WHERE {w}")
    if grouped:
        lines.append("GROUP BY " + ", ".join(str(i + 1) for i in range(len(keys))))
    out = proj.out()
    style = rng.random()
    if view or ctx.layer == "bi" or style < 0.55:
        body.stmt([create_head(ctx, target, view)] + lines)
    else:
        if style < 0.8:
            ddl = [f"CREATE TABLE IF NOT EXISTS {target} ("]
            ddl += [f"    {n} {SQL_TYPES[V.typ(n)]}," for n in out]
            ddl[-1] = ddl[-1][:-1]
            ddl.append(")")
            body.stmt(ddl)
        verb = "INSERT OVERWRITE INTO" if rng.random() < 0.3 else "INSERT INTO"
        body.stmt([f"{verb} {target} ({', '.join(out)})"] + lines)
    return out


def _force_violation(
    ctx: Ctx, aliases: list[str], cols: list[list[str]], proj: Proj, grouped: bool
) -> None:
    """A deliberate finding: an export copies a personal-data column as it is (or its max)."""
    for alias, names in zip(aliases, cols):
        for c in names:
            if not (is_pii(V.tag(c)) and V.typ(c) == STR):
                continue
            item = (f"max({q(alias, c)})", V.derive(c, "max")) if grouped else (q(alias, c), c)
            if item[1] and proj.add(item):
                ctx.violated = True
                return


def _has_pii_text(tables: list[Table]) -> bool:
    return any(is_pii(V.tags[c]) and V.types[c] == STR for t in tables for c in t.cols)


def gen_cte(ctx: Ctx, target: str, inputs: list[Table], body: Body) -> list[str]:
    rng = ctx.rng
    n_ctes = rng.randint(3, 6)
    n_src = max(1, min(len(inputs), 3, n_ctes - 2))
    ctes: list[tuple[str, list[str]]] = []
    src_rels: list[tuple[str, list[str]]] = []
    for i, t in enumerate(inputs[:n_src]):
        cols = cols_of(t)
        a = ctx.al("s")
        proj = Proj()
        for name in pick(rng, cols, rng.randint(5, 14)):
            proj.add(treat(ctx, a, name))
        keys = by_type(cols, KEY)
        ts = [c for c in by_type(cols, TS) if V.tag(c) is None]
        dedupe = bool(keys and ts) and rng.random() < 0.7
        lines = ["    SELECT", *proj.lines("        ")]
        if dedupe:
            lines[-1] += ","
            lines.append(f"        row_number() OVER (PARTITION BY {a}.{keys[0]} "
                         f"ORDER BY {a}.{ts[-1]} DESC) AS rn")
        lines.append(f"    FROM {t.name} AS {a}")
        w = where_clause(ctx, a, cols)
        if w:
            lines.append(f"    WHERE {w}")
        name = f"src_{t.name.split('.', 1)[1][:40]}"
        if any(n == name for n, _ in ctes):
            name = f"{name}_{i}"
        ctes.append((name, lines))
        src_rels.append((name, proj.out() + (["rn"] if dedupe else [])))
    # joined: the first source with columns of the others
    j_alias = [ctx.al(chr(ord("a") + i)) for i in range(len(src_rels))]
    proj = Proj()
    for i, (name, cols) in enumerate(src_rels):
        for c in cols if i == 0 else cols[: rng.randint(2, 7)]:
            if c != "rn":
                proj.add((f"{j_alias[i]}.{c}", c))
    lines = ["    SELECT", *proj.lines("        "), f"    FROM {src_rels[0][0]} AS {j_alias[0]}"]
    for i, (name, cols) in enumerate(src_rels[1:], 1):
        left, right = join_on(src_rels[0][1], cols)
        cond = f"{j_alias[i]}.{right} = {j_alias[0]}.{left}"
        if "rn" in cols:
            cond += f" AND {j_alias[i]}.rn = 1"
        lines += [f"    LEFT JOIN {name} AS {j_alias[i]}", f"        ON {cond}"]
    if "rn" in src_rels[0][1]:
        lines.append(f"    WHERE {j_alias[0]}.rn = 1")
    ctes.append(("joined", lines))
    joined = proj.out()
    # enriched: windows and CASE on sensitive columns
    j = ctx.al("j")
    keys = by_type(joined, KEY) or joined[:1]
    ts = [c for c in by_type(joined, TS) if V.tag(c) is None]
    nums = by_type(joined, NUM)
    star = rng.random() < 0.6
    eproj = Proj()
    if not star:
        for c in joined:
            eproj.add((f"{j}.{c}", c))
    new = Proj()
    order = f" ORDER BY {j}.{ts[0]}" if ts else ""
    for c in rng.sample(nums, min(len(nums), rng.randint(1, 2))):
        op = rng.choice(["prev", "running"])
        out = V.derive(c, op)
        if out and out not in joined:
            if op == "prev":
                new.add((f"lag({j}.{c}) OVER (PARTITION BY {j}.{keys[0]}{order})", out))
            else:
                frame = " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW" if order else ""
                new.add((f"sum({j}.{c}) OVER (PARTITION BY {j}.{keys[0]}{order}{frame})", out))
    sensitive = [c for c in joined if is_pii(V.tag(c)) or is_pci(V.tag(c))]
    flags = [c for c in joined if V.typ(c) == BOOL]
    for c in sensitive[:2]:
        if ctx.layer == "export":
            break
        out = V.derive(c, "band")
        if out and out not in joined:
            new.add((band_expr(f"{j}.{c}", c), out))
    if flags and sensitive and ctx.layer not in ("export", "bi") and rng.random() < 0.5:
        c = sensitive[0]
        out = V.derive(c, "max")  # CASE WHEN flag THEN email END keeps the tag: a real flow
        if out and out not in joined:
            new.add((f"CASE WHEN {j}.{flags[0]} THEN {j}.{c} ELSE NULL END", out))
    lines = ["    SELECT"]
    if star:
        lines.append(f"        {j}.*" + ("," if new.items else ""))
    else:
        lines += eproj.lines("        ")
        if new.items:
            lines[-1] += ","
    if new.items:
        lines += new.lines("        ")
    lines.append(f"    FROM joined AS {j}")
    ctes.append(("enriched", lines))
    enriched = joined + new.out()
    remaining = n_ctes - len(ctes)
    aggregated: list[str] = []
    if remaining >= 1:
        g = ctx.al("g")
        aproj = Proj()
        aproj.add((f"{g}.{keys[0]}", keys[0]))
        aproj.add(("count(*)", "row_count"))
        for c in pick(rng, [c for c in enriched if c != keys[0]], rng.randint(2, 6)):
            aproj.add(agg(ctx, g, c))
        ctes.append(("agg", ["    SELECT", *aproj.lines("        "), f"    FROM enriched AS {g}",
                             "    GROUP BY 1"]))
        aggregated = aproj.out()
        remaining -= 1
    source = "enriched"
    if remaining >= 1:
        f = ctx.al("f")
        w = where_clause(ctx, f, enriched) or f"{f}.{keys[0]} IS NOT NULL"
        ctes.append(("filtered", ["    SELECT *", f"    FROM enriched AS {f}", f"    WHERE {w}"]))
        source = "filtered"
    # final select
    e, g = ctx.al("e"), ctx.al("g")
    proj = Proj()
    for c in pick(rng, enriched, rng.randint(6, 18)):
        proj.add((f"{e}.{c}", c))
    for c in aggregated[1:]:
        proj.add((f"{g}.{c}", c))
    extra_columns(ctx, e, enriched, proj)
    lines = [create_head(ctx, target), "WITH"]
    for i, (name, cl) in enumerate(ctes):
        lines.append(f"{name} AS (")
        lines += cl
        lines.append(")," if i < len(ctes) - 1 else ")")
    lines += ["SELECT", *proj.lines(), f"FROM {source} AS {e}"]
    if aggregated:
        lines += [f"LEFT JOIN agg AS {g}", f"    ON {g}.{keys[0]} = {e}.{keys[0]}"]
    body.stmt(lines)
    return proj.out()


def _plain_first(nums: list[str]) -> list[str]:
    """Measures to pivot: base columns (`amount`) before derived ones (`amount_sum`)."""
    base = [c for c in nums if V.depth[V.ids[c]] == 0]
    return base or [c for c in nums if V.depth[V.ids[c]] <= 1] or nums


def gen_wide(ctx: Ctx, target: str, inputs: list[Table], body: Body) -> list[str]:
    rng = ctx.rng
    wide = [t for t in inputs if len(t.cols) >= 100]
    proj = Proj()
    if wide:
        t = wide[0]
        a = ctx.al("w")
        cols = cols_of(t)
        for c in cols:
            proj.add(treat_wide(ctx, a, c))
        others = [x for x in inputs if x is not t][:1]
        tabs = [(t, a)] + [(x, ctx.al("d")) for x in others]
        tcols = [cols] + [cols_of(x) for x in others]
        for c in (tcols[1][:8] if others else []):
            proj.add(treat(ctx, ctx.al("d"), c))
        extra_columns(ctx, a, cols, proj)
        lines = ["SELECT", *proj.lines(), *from_clause(tabs, tcols, ["LEFT JOIN"] * len(tabs))]
        w = where_clause(ctx, a, cols)
        if w:
            lines.append(f"WHERE {w}")
        body.stmt([create_head(ctx, target)] + lines)
        return proj.out()
    # a pivoted feature table: sum(CASE WHEN dim = 'vk' THEN measure END) per value
    t = inputs[0]
    a = ctx.al("x")
    cols = cols_of(t)
    keys = by_type(cols, KEY) or cols[:1]
    dims = [c for c in by_type(cols, STR) if V.tag(c) is None] or [keys[0]]
    nums = by_type(cols, NUM)
    width = rng.randint(100, 300)
    dim = rng.choice(dims)
    proj.add((f"{a}.{keys[0]}", keys[0]))
    proj.add(("count(*)", "row_count"))
    nums = _plain_first(nums)
    measures = nums[: rng.randint(1, 6)] if nums else []
    per = max(1, min(99, (width - 2) // max(1, len(measures))))
    for m in measures:
        for k in range(per):
            out = V.derive(m, f"p{k:02d}")
            if out:
                proj.add((f"sum(CASE WHEN {a}.{dim} = 'v{k:02d}' THEN {a}.{m} ELSE 0 END)", out))
    if not measures:
        for k in range(min(99, width)):
            name = f"{dim}_p{k:02d}_cnt"
            V.add(name, NUM, None)
            proj.add((f"count_if({a}.{dim} = 'v{k:02d}')", name))
    lines = [create_head(ctx, target), "SELECT", *proj.lines(), f"FROM {t.name} AS {a}"]
    w = where_clause(ctx, a, cols)
    if w:
        lines.append(f"WHERE {w}")
    lines.append("GROUP BY 1")
    body.stmt(lines)
    return proj.out()


def gen_long(ctx: Ctx, target: str, inputs: list[Table], body: Body) -> list[str]:
    """A ~200-line report: a base CTE, a pivoted daily CTE, and a final SELECT of CASE bands,
    ratios and rolling windows."""
    rng = ctx.rng
    body.lines += [f"-- Owner: {ctx.domain} analytics. Refreshed hourly by the BI scheduler.",
                   "-- Do not change column names: dashboards select them by name.",
                   "-- Amounts are in the reporting currency; ratios are NULL when the",
                   "-- denominator is zero."]
    t0 = inputs[0]
    c0 = cols_of(t0)
    b = ctx.al("b")
    base = Proj()
    ts = [c for c in by_type(c0, TS) if V.tag(c) is None]
    dims = [c for c in by_type(c0, STR) if V.tag(c) is None]
    nums = by_type(c0, NUM)
    for c in pick(rng, c0, rng.randint(8, 16)):
        base.add(treat(ctx, b, c))
    base_cols = base.out()
    tabs = [(t0, b)] + [(t, ctx.al(f"j{i}")) for i, t in enumerate(inputs[1:3], 1)]
    tcols = [c0] + [cols_of(t) for t in inputs[1:3]]
    for (t, a), c in zip(tabs[1:], tcols[1:]):
        for name in pick(rng, c, rng.randint(2, 4)):
            base.add(treat(ctx, a, name))
    base_cols = base.out()
    ts = [c for c in base_cols if V.typ(c) == TS and V.tag(c) is None]
    dims = [c for c in base_cols if V.typ(c) == STR and V.tag(c) is None]
    nums = _plain_first([c for c in base_cols if V.typ(c) == NUM])
    if not nums:
        nums = ["row_count"]
        base.add(("1", "row_count"))
    base_lines = ["    SELECT", *base.lines("        ")]
    base_lines += ["    " + x for x in from_clause(tabs, tcols, ["LEFT JOIN"] * len(tabs))]
    w = where_clause(ctx, b, c0)
    if w:
        base_lines.append(f"    WHERE {w}")
    d = ctx.al("d")
    daily = Proj()
    day = f"date_trunc('day', {b}.{ts[0]})" if ts else "current_date()"
    daily.add((day, "report_date"))
    group_dims = dims[:2]
    for g in group_dims:
        daily.add((f"{b}.{g}", g))
    pivot_dim = dims[2] if len(dims) > 2 else (dims[0] if dims else None)
    target_lines = rng.randint(185, 215)
    measures: list[str] = []
    k = 0
    budget = (target_lines - len(body.lines) - len(base_lines) - 20) // 2
    while len(measures) < max(8, budget // 3) and k < 99:
        m = nums[k % len(nums)]
        if pivot_dim:
            out = V.derive(m, f"p{k:02d}")
            expr = f"sum(CASE WHEN {b}.{pivot_dim} = 'v{k:02d}' THEN {b}.{m} ELSE 0 END)"
        else:
            out = V.derive(m, "total")
            expr = f"sum({b}.{m})"
        if out and daily.add((expr, out)):
            measures.append(out)
        k += 1
    daily_lines = ["    SELECT", *daily.lines("        "), f"    FROM base AS {b}",
                   "    GROUP BY " + ", ".join(str(i + 1) for i in range(1 + len(group_dims)))]
    final = Proj()
    final.add((f"{d}.report_date", "report_date"))
    for g in group_dims:
        final.add((f"{d}.{g}", g))
    lines_budget = target_lines - len(body.lines) - len(base_lines) - len(daily_lines) - 12
    i = 0
    while lines_budget > 0 and i < len(measures) * 4:
        m = measures[i % len(measures)]
        step = i // len(measures)
        if step == 0:
            final.add((f"{d}.{m}", m))
            lines_budget -= 1
        elif step == 1:
            out = V.derive(m, "band")
            if out and final.add((
                f"CASE\n        WHEN {d}.{m} >= 10000 THEN 'very_high'\n"
                f"        WHEN {d}.{m} >= 1000 THEN 'high'\n"
                f"        WHEN {d}.{m} >= 100 THEN 'medium'\n        ELSE 'low'\n    END", out)):
                lines_budget -= 6
        elif step == 2:
            out = V.derive(m, "share")
            denom = f"sum({d}.{m}) OVER (PARTITION BY {d}.report_date)"
            if out and final.add((f"{d}.{m} / nullif({denom}, 0)", out)):
                lines_budget -= 1
        else:
            out = V.derive(m, "7d")
            part = f"PARTITION BY {d}.{group_dims[0]} " if group_dims else ""
            if out and final.add((f"sum({d}.{m}) OVER ({part}ORDER BY {d}.report_date "
                                  f"ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)", out)):
                lines_budget -= 1
        i += 1
    extra_columns(ctx, d, final.out(), final)
    lines = [create_head(ctx, target), "WITH", "base AS (", *base_lines, "),", "daily AS (",
             *daily_lines, ")", "SELECT", *final.lines(), f"FROM daily AS {d}"]
    body.stmt(lines)
    return final.out()


def gen_merge(ctx: Ctx, target: str, inputs: list[Table], body: Body) -> list[str]:
    rng = ctx.rng
    ins = inputs[: rng.choice([1, 1, 2])]
    aliases = [ctx.al(f"i{i}") for i in range(len(ins))]
    cols = [cols_of(t) for t in ins]
    proj = Proj()
    for i, c in enumerate(cols):
        for name in pick(rng, c, rng.randint(6, 16) if i == 0 else rng.randint(2, 5)):
            proj.add(treat(ctx, aliases[i], name))
    out = proj.out()
    keys = [c for c in out if V.typ(c) == KEY] or out[:1]
    key = keys[0]
    ddl = [f"CREATE TABLE IF NOT EXISTS {target} ("]
    ddl += [f"    {n} {SQL_TYPES[V.typ(n)]}," for n in out]
    ddl[-1] = ddl[-1][:-1]
    ddl.append(")")
    body.stmt(ddl)
    lines = ["    SELECT", *proj.lines("        ")]
    lines += ["    " + x for x in from_clause(list(zip(ins, aliases)), cols,
                                                ["LEFT JOIN"] * len(ins))]
    ts = [c for c in by_type(cols[0], TS) if V.tag(c) is None]
    if ts:
        lines.append(f"    WHERE {aliases[0]}.{ts[-1]} >= dateadd(day, -3, current_date())")
        src_key = next((c for c in by_type(cols[0], KEY)), None)
        if src_key:
            lines.append(f"    QUALIFY row_number() OVER (PARTITION BY {aliases[0]}.{src_key} "
                         f"ORDER BY {aliases[0]}.{ts[-1]} DESC) = 1")
    tgt, src = ctx.al("tgt"), ctx.al("src")
    sets = [c for c in out if c != key]
    m = [f"MERGE INTO {target} AS {tgt}", "USING (", *lines, f") AS {src}",
         f"    ON {tgt}.{key} = {src}.{key}"]
    if sets:
        m.append("WHEN MATCHED THEN UPDATE SET")
        m += [f"    {c} = {src}.{c}," for c in sets]
        m[-1] = m[-1][:-1]
    m.append(f"WHEN NOT MATCHED THEN INSERT ({', '.join(out)})")
    m.append(f"    VALUES ({', '.join(f'{src}.{c}' for c in out)})")
    body.stmt(m)
    return out


def gen_update(ctx: Ctx, target: Table, source: Table, body: Body) -> None:
    rng = ctx.rng
    tcols, scols = cols_of(target), cols_of(source)
    t, s = ctx.al("t"), ctx.al("s")
    left, right = join_on(tcols, scols)
    shared = [c for c in tcols if c in dict.fromkeys(scols) and V.typ(c) != KEY]
    sets: list[str] = []
    for c in shared[: rng.randint(1, 4)]:
        sets.append(f"    {c} = coalesce({s}.{c}, {t}.{c})" if rng.random() < 0.5
                    else f"    {c} = {s}.{c}")
    if not sets:
        for typ in (NUM, STR, TS):
            tc = [c for c in by_type(tcols, typ) if V.tag(c) is None]
            sc = [c for c in by_type(scols, typ) if V.tag(c) is None]
            if tc and sc:
                sets.append(f"    {tc[0]} = {s}.{sc[0]}")
                break
    if not sets:
        sets.append(f"    {tcols[-1]} = {t}.{tcols[-1]}")
    sets = [x + "," for x in sets[:-1]] + sets[-1:]
    lines = [f"UPDATE {target.name} AS {t}", "SET", *sets, f"FROM {source.name} AS {s}",
             f"WHERE {t}.{left} = {s}.{right}"]
    ts = [c for c in by_type(scols, TS) if V.tag(c) is None]
    if ts:
        lines.append(f"  AND {s}.{ts[-1]} >= dateadd(day, -1, current_date())")
    body.stmt(lines)


def gen_union(ctx: Ctx, target: str, inputs: list[Table], body: Body) -> list[str]:
    rng = ctx.rng
    ins = inputs[:3] if len(inputs) > 1 else inputs * 2
    cols = [cols_of(t) for t in ins]
    names: dict[str, None] = {}
    for c in pick(rng, cols[0], rng.randint(5, 12)):
        if not is_pci(V.tag(c)) and not (ctx.layer == "export" and is_pii(V.tag(c))):
            names[c] = None
    lines: list[str] = [create_head(ctx, target)]
    for i, (t, c) in enumerate(zip(ins, cols)):
        a = ctx.al(f"u{i}")
        have = dict.fromkeys(c)
        sel = [f"'{t.name}' AS source_table"]
        for n in names:
            sel.append(f"{a}.{n}" if n in have else f"CAST(NULL AS {SQL_TYPES[V.typ(n)]}) AS {n}")
        if i:
            lines.append("UNION ALL")
        lines += ["SELECT", *[f"    {x}," for x in sel[:-1]], f"    {sel[-1]}",
                  f"FROM {t.name} AS {a}"]
        w = where_clause(ctx, a, c)
        if w:
            lines.append(f"WHERE {w}")
    body.stmt(lines)
    return ["source_table", *names]


def gen_temp(ctx: Ctx, target: str, inputs: list[Table], body: Body) -> list[str]:
    rng = ctx.rng
    tmp = f"tmp_{target.split('.', 1)[1][:40]}"
    t0 = inputs[0]
    c0 = cols_of(t0)
    a = ctx.al("x")
    proj = Proj()
    for name in pick(rng, c0, rng.randint(6, 14)):
        proj.add(treat(ctx, a, name))
    lines = [f"CREATE TEMPORARY TABLE {tmp} AS", "SELECT", *proj.lines(), f"FROM {t0.name} AS {a}"]
    w = where_clause(ctx, a, c0)
    if w:
        lines.append(f"WHERE {w}")
    body.stmt(lines)
    tcols = proj.out()
    p, o = ctx.al("p"), ctx.al("o")
    final = Proj()
    for c in tcols:
        final.add((f"{p}.{c}", c))
    tabs: list[tuple[str, str]] = [(tmp, p)]
    if len(inputs) > 1:
        c1 = cols_of(inputs[1])
        for name in pick(rng, c1, rng.randint(2, 5)):
            final.add(treat(ctx, o, name))
        left, right = join_on(tcols, c1)
        tabs.append((inputs[1].name, o))
    extra_columns(ctx, p, tcols, final)
    lines = [create_head(ctx, target), "SELECT", *final.lines(), f"FROM {tmp} AS {p}"]
    if len(tabs) > 1:
        lines += [f"LEFT JOIN {tabs[1][0]} AS {o}", f"    ON {o}.{right} = {p}.{left}"]
    body.stmt(lines)
    return final.out()


# ------------------------------------------------------------------------------- the warehouse


@dataclass
class Params:
    tasks: int
    seed: int
    dialect: str = "snowflake"
    buffer_pool_mb: int | None = None  # the catalog's graph.buffer_pool_mb (None: by size)


def default_buffer_pool_mb(tasks: int) -> int:
    """A Kùzu buffer pool that holds the graph's largest COPY at once (~120 edges per task).

    The engine's default (256 MB) needs its split-and-retry path from about 3k tasks on. At
    100k tasks (11.8M FLOWS rows) 4 GB was not enough: the failed COPY and its two halves (the
    second into a non-empty table, 3.4x slower) took 85 s where one COPY in 8 GB takes 30 s
    (measured 2026-11-24). Past that the graph loads in pieces whatever the pool (1M tasks:
    118M FLOWS rows), and a 1M-task run holds ~17 GB before its graph: 3 GB leaves room.
    """
    if tasks <= 2000:
        return 256
    if tasks <= 20000:
        return 1024
    return 8192 if tasks <= 120000 else 3072


@dataclass
class Change:
    round: int
    chosen: frozenset[int]
    extra: frozenset[int]  # of the chosen: which add a column (the rest rename an alias)


def layer_counts(n: int) -> dict[str, int]:
    counts = {k: max(1, round(n * share)) for k, share in LAYER_SHARE.items()}
    counts["marts"] = max(1, n - sum(counts.values()))
    return counts


def raw_count(n: int) -> int:
    return max(10, n // 20)


def _raw_tables(p: Params) -> list[Table]:
    rng = random.Random(_seed(p.seed, "raw"))
    out = []
    for i in range(raw_count(p.tasks)):
        d = i % len(DOMAIN_NAMES) if i < len(DOMAIN_NAMES) else rng.choices(
            range(len(DOMAIN_NAMES)), weights=DOMAIN_WEIGHTS)[0]
        dname = DOMAIN_NAMES[d]
        wide = rng.random() < 0.10
        if wide:
            entity = "telemetry"
            cols = [c for c, _, _ in WIDE_BASE]
            cols += [f"dim_{k:02d}" for k in range(1, rng.randint(4, 12))]
            cols += [f"metric_{k:03d}" for k in range(1, rng.randint(100, 290))]
        else:
            entity = rng.choice(DOMAINS[dname][0])
            cols = [c for c, _, _ in ENTITIES[entity]]
            if entity != "tickets":
                extra = rng.sample(EXTRA_COLUMNS, rng.randint(0, 12))
                cols += [c for c, _, _ in extra if c not in cols]
        name = f"raw.{dname}_{entity}_{i:05d}"
        out.append(Table(name, d, array("I", (V.ids[c] for c in cols)), "raw"))
    return out


class Picker:
    """Chooses a task's inputs: same domain mostly, preferring tables nothing reads yet."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.by_domain: dict[tuple[str, int], list[int]] = {}
        self.unread: dict[tuple[str, int], list[int]] = {}
        self.read: bytearray = bytearray()

    def add(self, pool: str, domain: int, idx: int, unread: bool = True) -> None:
        self.by_domain.setdefault((pool, domain), []).append(idx)
        if unread:
            self.unread.setdefault((pool, domain), []).append(idx)
        if idx >= len(self.read):
            self.read.extend(b"\0" * (idx + 1 - len(self.read) + 1024))

    def mark(self, idx: int) -> None:
        self.read[idx] = 1

    def from_unread(self, pool: str, domain: int) -> int | None:
        lst = self.unread.get((pool, domain))
        while lst:
            j = self.rng.randrange(len(lst))
            lst[j], lst[-1] = lst[-1], lst[j]
            idx = lst.pop()
            if not self.read[idx]:
                return idx
        return None

    def any(self, pool: str, domain: int) -> int | None:
        lst = self.by_domain.get((pool, domain))
        if not lst:
            return None
        return lst[self.rng.randrange(len(lst))]


def generate(
    p: Params, out: Path, *, write: bool = True, changes: tuple[Change, ...] = (),
    only: frozenset[int] | None = None,
) -> dict[str, object]:
    """Generate the warehouse; return the manifest. With `only`, write just those tasks' files."""
    if p.dialect not in DIALECTS:
        raise SystemExit(f"unsupported dialect {p.dialect!r}: choose from {', '.join(DIALECTS)}")
    started = time.perf_counter()
    plan = random.Random(_seed(p.seed, "plan"))
    tables = _raw_tables(p)
    n_raw = len(tables)
    counts = layer_counts(p.tasks)
    picker = Picker(plan)
    for i, t in enumerate(tables):
        picker.add("raw", t.domain, i)
    stats = Stats()
    declared: list[tuple[str, str, str | None, int | None, str]] = []
    written_paths: dict[int, str] = {}
    if write:
        for layer in LAYER_DIRS.values():
            (out / "sql" / layer).mkdir(parents=True, exist_ok=True)
    n_syntax = max(1, p.tasks // 4000)
    n_orphans = max(1, p.tasks // 2000)
    special = random.Random(_seed(p.seed, "special"))
    later = range(counts["stg"], p.tasks)
    syntax_at = frozenset(special.sample(later, min(n_syntax, p.tasks // 2)))
    orphan_at = frozenset(special.sample(later, min(n_orphans, p.tasks // 2)))
    tier_sizes = [max(0, round(counts["marts"] * w / 100)) for w in MART_TIERS]
    tier_sizes[-1] = counts["marts"] - sum(tier_sizes[:-1])
    order: list[tuple[str, int]] = [("stg", 0)] * counts["stg"]
    for t, size in enumerate(tier_sizes, 1):
        order += [("marts", t)] * size
    order += [("export", 0)] * counts["export"] + [("bi", 0)] * counts["bi"]
    pending_marts: list[tuple[int, int]] = []
    current_tier = 0
    extra_by_task: dict[int, list[int]] = {}
    rename_by_task: dict[int, list[int]] = {}
    for ch in changes:
        for i in ch.chosen:
            (extra_by_task if i in ch.extra else rename_by_task).setdefault(i, []).append(ch.round)

    for i, (layer, tier) in enumerate(order):
        if layer == "marts" and tier != current_tier:
            for idx, d in pending_marts:
                picker.add("marts", d, idx)
            pending_marts.clear()
            current_tier = tier
        if layer in ("export", "bi") and pending_marts:
            for idx, d in pending_marts:
                picker.add("marts", d, idx)
            pending_marts.clear()
        kind = _weighted(plan, KIND_MIX[layer])
        d = plan.choices(range(len(DOMAIN_NAMES)), weights=DOMAIN_WEIGHTS)[0]
        inputs = _choose_inputs(plan, picker, layer, tier, d, kind, tables)
        if kind == "update":  # a correction of an existing mart from staging (stays acyclic)
            target_idx = picker.any("marts", d)
            source_idx = picker.any("stg", d)
            if target_idx is None or source_idx is None:
                kind = "merge"
            else:
                inputs = [source_idx]
        if not inputs:
            inputs = [n_raw - 1]
        for idx in inputs:
            picker.mark(idx)
        dname = DOMAIN_NAMES[d]
        in_tables = [tables[x] for x in inputs]
        violate = layer == "export" and _has_pii_text(in_tables) and (
            len(stats.export_violations) < 2 or _seed(p.seed, "violate", i) % 150 == 0)
        if (violate or i in orphan_at) and kind not in ("plain", "view"):
            kind = "plain"  # the deliberate problems are planted in plain SELECTs
        rng = random.Random(_seed(p.seed, "task", i))
        renames = rename_by_task.get(i, [])
        extras = extra_by_task.get(i, [])
        if kind in NO_EXTRA_COLUMN and extras:  # these change by an alias rename only
            renames, extras = sorted(renames + extras), []
        stats.changed_rename += bool(renames)
        stats.changed_extra += bool(extras)
        ctx = Ctx(rng=rng, layer=layer, domain=dname, idx=i,
                  alias_suffix="".join(f"_v{r}" for r in renames),
                  extra_rounds=tuple(extras),
                  violate=violate, orphan=i in orphan_at)
        if kind == "update":
            target = tables[target_idx]
            name = f"upd_{target.name.split('.', 1)[1]}_{i:07d}"
            body = Body(f"Incremental correction of {target.name} from {in_tables[0].name}.")
            gen_update(ctx, target, in_tables[0], body)
            out_cols = None
        else:
            target_name = _target_name(plan, layer, dname, i, kind)
            name = target_name.split(".", 1)[1] if layer != "stg" else "stg_" + target_name[4:]
            body = Body(_header(layer, kind, dname, in_tables))
            gen = {"plain": gen_plain, "view": gen_plain, "cte": gen_cte, "wide": gen_wide,
                   "long": gen_long, "merge": gen_merge, "union": gen_union,
                   "temp": gen_temp}[kind]
            if kind == "view":
                out_cols = gen_plain(ctx, target_name, in_tables, body, view=True)
            else:
                out_cols = gen(ctx, target_name, in_tables, body)
            if kind == "wide":
                stats.wide_columns.append(len(out_cols))
        text = body.text()
        rel = f"sql/{LAYER_DIRS[layer]}/{name}.sql"
        if i in syntax_at:
            text = text.replace("\nFROM ", "\nFROM (", 1)  # an unbalanced parenthesis
            stats.syntax_errors.append(rel)
        if ctx.violated:
            stats.export_violations.append(target_name)
        if ctx.orphan:
            stats.orphans.append(rel)
        if write and (only is None or i in only):
            with open(out / rel, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            written_paths[i] = rel
        stats.kinds[kind] = stats.kinds.get(kind, 0) + 1
        stats.layers[layer] = stats.layers.get(layer, 0) + 1
        stats.statements += body.statements
        stats.lines += text.count("\n")
        stats.bytes += len(text.encode())
        if out_cols is not None:
            tidx = len(tables)
            tables.append(Table(target_name, d, array("I", (V.ids[c] for c in out_cols)), layer))
            if layer == "stg":
                picker.add("stg", d, tidx)
            elif layer == "marts":
                pending_marts.append((tidx, d))
            first_owner_violation = (not stats.owner_violations and layer == "marts"
                                     and any(is_pii(V.tag(c)) for c in out_cols))
            if _seed(p.seed, "declare", i) % 100 < 3 or ctx.violated or first_owner_violation:
                declared.append(_declare(p, i, target_name, dname, out_cols, stats))
    manifest: dict[str, object] = {
        "generator_version": GENERATOR_VERSION,
        "tasks": p.tasks,
        "seed": p.seed,
        "dialect": p.dialect,
        "buffer_pool_mb": p.buffer_pool_mb or default_buffer_pool_mb(p.tasks),
        "raw_tables": n_raw,
        "tables": len(tables),
        "layers": dict(sorted(stats.layers.items())),
        "kinds": dict(sorted(stats.kinds.items())),
        "shapes": _shapes(stats.kinds, p.tasks),
        "statements": stats.statements,
        "sql_lines": stats.lines,
        "sql_bytes": stats.bytes,
        "wide_columns": {"tables": len(stats.wide_columns),
                         "min": min(stats.wide_columns, default=0),
                         "max": max(stats.wide_columns, default=0)},
        "deliberate": {
            "export_violations": stats.export_violations,
            "owner_violations": stats.owner_violations,
            "missing_retention": stats.missing_retention,
            "orphan_reads": stats.orphans,
            "syntax_errors": stats.syntax_errors,
        },
        "declared_downstream": len(declared),
        "_changed": {"alias_renames": stats.changed_rename, "added_columns": stats.changed_extra},
        "changes": [],
    }
    if write and only is None:
        _write_catalog(p, out, tables[:n_raw], declared)
        _write_policies(out, stats)
    manifest["_seconds"] = round(time.perf_counter() - started, 2)
    manifest["_written"] = written_paths
    return manifest


def _shapes(kinds: dict[str, int], total: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for k, n in kinds.items():
        out[SHAPES[k]] = out.get(SHAPES[k], 0) + n
    return {k: round(v / total, 3) for k, v in sorted(out.items())}


def _choose_inputs(
    rng: random.Random, picker: Picker, layer: str, tier: int, d: int, kind: str,
    tables: list[Table],
) -> list[int]:
    if layer == "stg":
        pool, fan = "raw", rng.choices([1, 2, 3], weights=[70, 25, 5])[0]
    elif layer == "marts":
        pool, fan = "mix", rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]
    elif layer == "export":
        pool, fan = "marts", rng.choices([1, 2], weights=[70, 30])[0]
    else:
        pool, fan = "marts", rng.choices([1, 2, 3], weights=[50, 35, 15])[0]
    if kind in ("long", "union"):
        fan = max(fan, 2)
    chosen: list[int] = []
    for slot in range(fan):
        dom = d if slot == 0 or rng.random() < 0.85 else rng.randrange(len(DOMAIN_NAMES))
        pools = [pool]
        if pool == "mix":
            pools = ["marts", "stg"] if tier > 1 and rng.random() < 0.6 else ["stg", "marts"]
            if tier == 1:
                pools = ["stg"]
        idx = None
        if slot == 0 and kind == "wide" and layer in ("stg", "marts"):
            for pl in pools:
                cands = picker.by_domain.get((pl, dom), [])
                wide = [x for x in cands[-200:] if len(tables[x].cols) >= 100]
                if wide:
                    idx = wide[rng.randrange(len(wide))]
                    break
        for pl in pools:
            if idx is not None:
                break
            if rng.random() < 0.7:
                idx = picker.from_unread(pl, dom)
            if idx is None:
                idx = picker.any(pl, dom)
        if idx is None:  # nothing in that domain yet: any domain
            for dd in range(len(DOMAIN_NAMES)):
                for pl in pools:
                    idx = picker.any(pl, (dom + dd) % len(DOMAIN_NAMES))
                    if idx is not None:
                        break
                if idx is not None:
                    break
        if idx is not None and idx not in chosen:
            chosen.append(idx)
    return chosen


def _target_name(rng: random.Random, layer: str, dname: str, i: int, kind: str) -> str:
    if layer == "stg":
        return f"stg.{dname}_{rng.choice(DOMAINS[dname][0])}_{i:07d}"
    if layer == "marts":
        prefix = {"wide": "ftr", "long": "rpt", "merge": "inc"}.get(
            kind, rng.choice(["fct", "dim", "agg", "int"]))
        return f"marts.{prefix}_{dname}_{rng.choice(MART_WORDS)}_{i:07d}"
    if layer == "export":
        return f"export.{rng.choice(PARTNERS)}_{dname}_feed_{i:07d}"
    return f"bi.{dname}_{rng.choice(MART_WORDS)}_dash_{i:07d}"


def _header(layer: str, kind: str, dname: str, inputs: list[Table]) -> str:
    what = {"plain": "Load", "view": "View over", "cte": "Build", "wide": "Wide table from",
            "long": "Report over", "merge": "Incremental load from", "union": "Union of",
            "temp": "Staged build from"}[kind]
    return f"{what} {', '.join(t.name for t in inputs)} ({dname}, {LAYER_DIRS[layer]})."


def _declare(
    p: Params, i: int, name: str, dname: str, cols: list[str], stats: Stats
) -> tuple[str, str, str | None, int | None, str]:
    tags = [V.tag(c) for c in cols]
    pii = any(is_pii(t) for t in tags)
    pci = any(is_pci(t) for t in tags)
    h = _seed(p.seed, "owner", i)
    if pci:
        owner = f"{dname}-data" if dname in PCI_DOMAINS else "payments-data"
    elif pii:
        owner = f"{dname}-data"
    else:
        owner = f"{dname}-analytics"
    if (pii or pci) and (h % 100 < 2 or not stats.owner_violations):
        owner = f"{dname}-analytics"
        stats.owner_violations.append(name)
    if name.startswith("export.") and h % 7 == 0:
        owner = "partnerships"
    retention: int | None = [30, 90, 365, 730, 1825][h % 5]
    if (pii or pci) and (h >> 8) % 50 == 0:
        retention = None
        stats.missing_retention.append(name)
    description = f"{dname.capitalize()} table {name.split('.', 1)[1]} (generated)."
    return name, owner, description, retention, ""


# ------------------------------------------------------------------------------- catalog, policies


def _write_catalog(p: Params, out: Path, raw: list[Table], declared: list[tuple]) -> None:
    pool = p.buffer_pool_mb or default_buffer_pool_mb(p.tasks)
    lines = [
        f"# Synthetic warehouse: {p.tasks} tasks, seed {p.seed} (benchmarks/generate.py).",
        f"dialect: {p.dialect}",
        "sources:",
        '  sql: ["sql/**/*.sql"]',
        "graph:",
        "  path: .lineage/graph.kuzu",
        f"  buffer_pool_mb: {pool}",
        "masking_functions: [sha2, md5]",
        "propagation:",
        "  aggregation: {count: drop}",
        "  indirect: false",
        "teams:",
    ]
    for d in DOMAIN_NAMES:
        clearance = "[pii, pci, pseudonymous]" if d in PCI_DOMAINS else "[pii, pseudonymous]"
        lines.append(f"  {d}-data: {{description: {d.capitalize()} data engineering, "
                     f"clearance: {clearance}}}")
        lines.append(f"  {d}-analytics: {{description: {d.capitalize()} analytics, "
                     "clearance: [pseudonymous]}")
    lines.append("  partnerships: {description: Partner integrations, clearance: []}")
    lines += [
        "tags:",
        "  pii:",
        "    description: Personal data",
        "    level: 3",
        "    masking: {sha2: pseudonymous, md5: pseudonymous}",
        "    aggregation: {count: drop, approx_count_distinct: drop}",
    ]
    for t in ["email", "phone", "name", "address", "ip", "birth_date", "national_id"]:
        lines.append(f"  pii.{t}: {{}}")
    lines += [
        "  pci:",
        "    description: Cardholder data",
        "    level: 4",
        "    masking: {sha2: pci, md5: pci}",
        "    aggregation: {count: drop}",
        "  pci.card_number: {}",
        "  pseudonymous: {level: 1}",
        "zones:",
        '  raw: {assets: ["raw.*"], source: true}',
        '  reference: ["ref.*"]',
        '  staging: ["stg.*"]',
        '  marts: ["marts.*"]',
        '  exports: {assets: ["export.*"], sink: true}',
        '  bi: {assets: ["bi.*"], sink: true}',
        "assets:",
    ]
    with open(out / "catalog.yaml", "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
        for t in raw:
            dname = DOMAIN_NAMES[t.domain]
            cols = cols_of(t)
            table_tag = all(V.tag(c) == "pii" for c in cols)
            block = [f"  {t.name}:", f"    owner: {dname}-data",
                     f"    description: Landed from the {dname} source system.",
                     "    retention_days: 1825"]
            if table_tag:
                block.append("    tags: [pii]")
                block.append(f"    columns: [{', '.join(cols)}]")
            else:
                block.append("    columns:")
                for c in cols:
                    tag = V.tag(c)
                    block.append(f"      {c}: {{tags: [{tag}]}}" if tag else f"      {c}: {{}}")
            fh.write("\n".join(block) + "\n")
        for name, owner, description, retention, _ in declared:
            block = [f"  {name}:", f"    owner: {owner}"]
            if description:
                block.append(f"    description: {description}")
            if retention is not None:
                block.append(f"    retention_days: {retention}")
            fh.write("\n".join(block) + "\n")


def _write_policies(out: Path, stats: Stats) -> None:
    pdir = out / "lineage_policies"
    pdir.mkdir(parents=True, exist_ok=True)
    analytics = ", ".join(f"{d}-analytics" for d in DOMAIN_NAMES)
    data = ", ".join(f"{d}-data" for d in DOMAIN_NAMES)
    privacy = [
        "policies:",
        "  - id: no-pii-in-exports",
        "    kind: flow",
        "    severity: error",
        "    description: Personal data leaves the company only hashed.",
        "    tag: pii",
        "    to: {zone: exports}",
        "    unless: masked",
        "  - id: pii-needs-cleared-owner",
        "    kind: flow",
        "    severity: error",
        "    description: Only teams cleared for personal data may own tables holding it.",
        "    tag: pii",
        f"    to: {{owner: [{analytics}, partnerships], owner_lacks_clearance: pii}}",
    ]
    waivers = stats.export_violations[:2]
    if waivers:
        privacy.append("exceptions:")
        for name, until in zip(waivers, ["2027-06-30", "2026-06-30"]):
            privacy += [
                "  - policy: no-pii-in-exports",
                f"    asset: {name}",
                f"    until: {until}",
                "    reason: partner needs clear-text contact data until the hashed integration",
                "    ticket: GOV-1001" if until > "2026-12" else "    ticket: GOV-0999",
                "    approved_by: dpo@example.com",
            ]
    payments = [
        "policies:",
        "  - id: no-pci-outside-payments",
        "    kind: flow",
        "    severity: error",
        "    description: Cardholder data never reaches exports or dashboards.",
        "    tag: pci",
        "    to: {zone: [exports, bi]}",
        "    unless: masked",
        "  - id: pci-needs-cleared-owner",
        "    kind: flow",
        "    severity: error",
        "    description: Cardholder data only in tables owned by PCI-cleared teams.",
        "    tag: pci",
        f"    to: {{owner: [{data}, {analytics}, partnerships], owner_lacks_clearance: pci}}",
    ]
    ownership = [
        "policies:",
        "  - id: sensitive-exports-need-owner",
        "    kind: require",
        "    severity: warning",
        "    description: Exports holding personal or card data need an owner and a retention.",
        "    where: {zone: exports, tag: [pii, pci]}",
        "    have: [owner, retention_days]",
        "  - id: declared-sensitive-need-retention",
        "    kind: require",
        "    severity: warning",
        "    description: Owned tables holding personal data need a retention period.",
        f"    where: {{owner: [{data}], tag: [pii, pci]}}",
        "    have: [retention_days]",
    ]
    cost = [
        "policies:",
        "  - id: unused-marts",
        "    kind: cleanup",
        "    severity: info",
        "    description: Marts nothing reads.",
        "    check: unused",
        "    where: {zone: marts}",
        "  - id: orphan-inputs",
        "    kind: cleanup",
        "    severity: warning",
        "    description: Tables read but produced by no task and not declared as sources.",
        "    check: orphan",
    ]
    for fname, lines in [("privacy.yaml", privacy), ("payments.yaml", payments),
                         ("ownership.yaml", ownership), ("cost.yaml", cost)]:
        (pdir / fname).write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------------------- command line


def read_manifest(out: Path) -> dict:
    path = out / MANIFEST
    if not path.exists():
        raise SystemExit(f"{out} has no {MANIFEST}: generate a warehouse there first")
    return json.loads(path.read_text())


def write_manifest(out: Path, manifest: dict) -> None:
    data = {k: v for k, v in manifest.items() if not k.startswith("_")}
    (out / MANIFEST).write_text(json.dumps(data, indent=1) + "\n")


def fresh(p: Params, out: Path, force: bool = False) -> dict:
    """Generate a new warehouse into `out` (emptied first if it holds an earlier one)."""
    if out.exists() and any(out.iterdir()):
        if not (out / MANIFEST).exists() and not force:
            raise SystemExit(f"{out} is not empty and holds no generated warehouse; "
                             "pick another --out (or --force)")
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    manifest = generate(p, out)
    write_manifest(out, manifest)
    return manifest


def apply_change(out: Path, *, pct: float | None = None, files: int | None = None) -> dict:
    """Edit a deterministic selection of task files; return the change record."""
    m = read_manifest(out)
    p = Params(m["tasks"], m["seed"], m["dialect"], m.get("buffer_pool_mb"))
    rounds = [Change(c["round"], frozenset(c["chosen"]), frozenset(c["extra"]))
              for c in m["changes"]]
    r = len(rounds) + 1
    count = files if files is not None else max(1, round(p.tasks * (pct or 0) / 100))
    rng = random.Random(_seed(p.seed, "change", r))
    chosen = frozenset(rng.sample(range(p.tasks), min(count, p.tasks)))
    extra = frozenset(i for i in chosen if _seed(p.seed, "change-kind", r, i) % 2)
    new = Change(r, chosen, extra)
    started = time.perf_counter()
    manifest = generate(p, out, changes=(*rounds, new), only=chosen)
    written = manifest["_written"]
    record = {"round": r, "pct": pct, "files": len(chosen), **manifest["_changed"],
              "chosen": sorted(chosen), "extra": sorted(extra),
              "paths": [written[i] for i in sorted(written)]}
    m["changes"].append(record)
    write_manifest(out, m)
    return {**record, "seconds": round(time.perf_counter() - started, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, help="number of SQL tasks (files) to generate")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="warehouse directory")
    ap.add_argument("--dialect", default="snowflake", choices=DIALECTS)
    ap.add_argument("--buffer-pool-mb", type=int, default=None,
                    help="graph.buffer_pool_mb in the catalog (default: by --tasks, 256 MB up "
                    "to 2k tasks, 1 GB up to 20k, 8 GB up to 120k, 3 GB beyond)")
    ap.add_argument("--force", action="store_true",
                    help="empty --out even if it holds something other than a generated warehouse")
    ap.add_argument("--change", type=float, metavar="PCT",
                    help="edit PCT%% of the tasks of the existing warehouse in --out")
    ap.add_argument("--change-files", type=int, metavar="K",
                    help="edit exactly K task files of the existing warehouse in --out")
    args = ap.parse_args(argv)
    if args.change is not None or args.change_files is not None:
        record = apply_change(args.out, pct=args.change, files=args.change_files)
        summary = {k: v for k, v in record.items() if k not in ("chosen", "extra", "paths")}
        print(json.dumps(summary))
        return 0
    if args.tasks is None or args.tasks < 20:
        ap.error("--tasks N (at least 20) is required to generate a warehouse")
    manifest = fresh(Params(args.tasks, args.seed, args.dialect, args.buffer_pool_mb), args.out,
                     args.force)
    summary = {k: manifest[k] for k in ("tasks", "raw_tables", "statements", "sql_lines",
                                        "sql_bytes", "shapes")}
    summary["seconds"] = manifest["_seconds"]
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
