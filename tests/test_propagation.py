"""Tag propagation rules, SQL in and tags out, through the real pipeline and Kùzu graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.graph import GraphStore
from engine.reports.audit import holdings
from tests.conftest import MakeProject, run_at, tags_of

CATALOG = """
dialect: postgres
sources: {sql: ["sql/*.sql"]}
masking_functions: [mask]
propagation:
  aggregation: {count: drop}
tags:
  pii:
    level: 3
    masking: {md5: pseudonymous, redact: null}
  pii.email: {}
  pii.birth_date: {}
  pseudonymous: {level: 1}
  pci:
    level: 4
    masking: {md5: pci}
  secret:
    indirect: true
    aggregation: {max: drop}
zones:
  marts: ["mart.*"]
assets:
  raw.users:
    columns:
      id: {}
      email: {tags: [pii.email]}
      birth_date: {tags: [pii.birth_date]}
      card: {tags: [pci]}
      code: {tags: [secret]}
      country: {}
  raw.events:
    tags: [pii]
    columns: [user_id, ip, url]
"""


def _run(make_project: MakeProject, sql: dict[str, str], catalog: str = CATALOG):  # type: ignore[no-untyped-def]
    return run_at(make_project(catalog, sql=sql))


def test_identity_and_transformation_carry_the_tag(make_project: MakeProject) -> None:
    r = _run(make_project, {"sql/a.sql": """
        CREATE TABLE stg.users AS
        SELECT id, email, lower(trim(email)) AS email_norm FROM raw.users;
    """})
    assert tags_of(r, "stg.users.email") == {"pii.email"}
    assert tags_of(r, "stg.users.email_norm") == {"pii.email"}
    assert tags_of(r, "stg.users.id") == set()
    (a,) = r.tags.on_column("stg.users.email_norm")
    assert a.origin.id == "raw.users.email" and not a.declared and not a.masked
    assert [(s.asset, s.column, s.task) for s in a.path] == [
        ("raw.users", "email", None), ("stg.users", "email_norm", "sql/a.sql")
    ]


def test_masking_replaces_removes_or_keeps_per_tag_rule(make_project: MakeProject) -> None:
    r = _run(make_project, {"sql/a.sql": """
        CREATE TABLE mart.m AS
        SELECT md5(email) AS email_hash, redact(email) AS email_redacted,
               md5(card) AS card_hash, mask(birth_date) AS bd_masked
        FROM raw.users;
    """})
    assert tags_of(r, "mart.m.email_hash") == {"pseudonymous"}
    assert tags_of(r, "mart.m.email_redacted") == set()
    # pci's rule keeps the tag through md5: a hashed card number is still brute-forceable.
    # The explicit `md5: pci` rule also means md5 does not count as masking for `unless: masked`.
    (card,) = r.tags.on_column("mart.m.card_hash")
    assert card.tag == "pci" and not card.masked
    # `mask` is a masking function with no rule for pii: the tag stays, the path is masked.
    (bd,) = r.tags.on_column("mart.m.bd_masked")
    assert bd.tag == "pii.birth_date" and bd.masked
    (h,) = r.tags.on_column("mart.m.email_hash")
    assert "md5 replaces pii.email with pseudonymous" in (h.path[-1].rule or "")


def test_aggregation_drops_or_keeps(make_project: MakeProject) -> None:
    r = _run(make_project, {"sql/a.sql": """
        CREATE TABLE mart.agg AS
        SELECT country, count(email) AS n, count(DISTINCT email) AS nd,
               max(email) AS last_email, min(birth_date) AS oldest, max(code) AS max_code
        FROM raw.users GROUP BY country;
    """})
    assert tags_of(r, "mart.agg.n") == set()
    assert tags_of(r, "mart.agg.nd") == set()
    assert tags_of(r, "mart.agg.last_email") == {"pii.email"}  # max(email) is still an email
    assert tags_of(r, "mart.agg.oldest") == {"pii.birth_date"}
    assert tags_of(r, "mart.agg.max_code") == set()  # secret's own rule: max drops


def test_indirect_edges_carry_only_when_the_tag_opts_in(make_project: MakeProject) -> None:
    r = _run(make_project, {"sql/a.sql": """
        CREATE TABLE mart.flags AS
        SELECT id,
               CASE WHEN birth_date > DATE '2008-01-01' THEN 'minor' ELSE 'adult' END AS age_band
        FROM raw.users
        WHERE email LIKE '%@corp.example' AND code <> 'x';
    """})
    assert tags_of(r, "mart.flags.age_band") == {"secret"}
    assert tags_of(r, "mart.flags.id") == {"secret"}
    assert not any(t.startswith("pii") for t in tags_of(r, "mart.flags.age_band"))


def test_table_level_tag_applies_to_every_column(make_project: MakeProject) -> None:
    r = _run(make_project, {"sql/a.sql": """
        CREATE TABLE stg.events AS SELECT user_id, url FROM raw.events;
    """})
    assert tags_of(r, "raw.events.ip") == {"pii"}
    assert tags_of(r, "stg.events.url") == {"pii"}
    assert r.tags.asset_tags("stg.events") == frozenset({"pii"})


def test_a_table_level_tag_on_a_table_with_no_known_column_is_carried_by_the_table(
    make_project: MakeProject,
) -> None:
    """A source dump nothing maps and an export only an outside tool fills: their declared
    table tags are the table's, for policies and the audit as for the graph (a declassify
    entry of the table itself stops one)."""
    catalog = CATALOG + """
  raw.legacy_dump: {tags: [pii, pci], declassify: [{tag: pci, reason: r, approved_by: a}]}
  mart.partner_drop: {tags: [pii.email], owner: growth}
teams: {growth: {clearance: [pseudonymous]}}
"""
    policies = {"p.yaml": """
policies:
  - {id: retained, kind: require, severity: error, where: {tag: pii}, have: [retention_days]}
  - {id: cleared, kind: flow, severity: error, tag: pii, to: {owner_lacks_clearance: pii}}
"""}
    path = make_project(catalog, {"sql/a.sql": "CREATE TABLE mart.x AS SELECT id FROM raw.users;"},
                        policies)
    r = run_at(path)
    assert r.tags.asset_tags("raw.legacy_dump") == frozenset({"pii"})
    assert {(f.policy, f.asset, f.column, f.tag) for f in r.findings
            if f.asset in ("raw.legacy_dump", "mart.partner_drop")} == {
        ("retained", "raw.legacy_dump", None, None), ("retained", "mart.partner_drop", None, None),
        ("cleared", "raw.legacy_dump", None, "pii"),
        ("cleared", "mart.partner_drop", None, "pii.email")}
    (dump,) = [f for f in r.findings if f.asset == "raw.legacy_dump" and f.policy == "cleared"]
    assert dump.location is not None and dump.location.path == "catalog.yaml"
    held = {h["asset"]: h for h in holdings(r)}
    assert held["raw.legacy_dump"]["tags"] == ["pii"] and held["raw.legacy_dump"]["columns"] == []
    assert r.tags.asset_tags("mart.partner_drop") == frozenset({"pii.email"})
    assert not [a for a in r.tags.items if a.column.asset == "raw.legacy_dump"]
    with GraphStore.open(Path(r.root) / r.graph_path) as store:  # declared ones included
        rows = store.query("MATCH (a:Asset) WHERE a.id IN ['raw.legacy_dump', "
                           "'mart.partner_drop'] RETURN a.id, a.tags ORDER BY a.id").rows
    assert [tuple(row) for row in rows] == [
        ("mart.partner_drop", ["pii.email"]), ("raw.legacy_dump", ["pci", "pii"])]


def test_declassify_stops_the_tag_and_everything_fed_only_through_it(
    make_project: MakeProject,
) -> None:
    catalog = CATALOG + """
  mart.ages:
    declassify:
      - {tag: pii.birth_date, reason: year only, approved_by: dpo@corp.example, ticket: GOV-1}
"""
    r = _run(make_project, {
        "sql/a.sql": "CREATE TABLE mart.ages AS SELECT id, birth_date FROM raw.users;",
        "sql/b.sql": "CREATE TABLE mart.ages_copy AS SELECT birth_date FROM mart.ages;",
        "sql/c.sql": "CREATE TABLE mart.direct AS SELECT birth_date FROM raw.users;",
    }, catalog)
    assert tags_of(r, "mart.ages.birth_date") == set()
    assert tags_of(r, "mart.ages_copy.birth_date") == set()
    assert tags_of(r, "mart.direct.birth_date") == {"pii.birth_date"}
    (rec,) = r.tags.declassified
    assert (rec.asset, rec.tag, rec.approved_by, rec.ticket) == (
        "mart.ages", "pii.birth_date", "dpo@corp.example", "GOV-1")
    assert rec.stopped == ("mart.ages.birth_date",)


def test_chain_longer_than_kuzu_hop_cap(make_project: MakeProject) -> None:
    hops = 40
    sql = {"sql/t00.sql": "CREATE TABLE chain.t1 AS SELECT email FROM raw.users;"}
    for i in range(1, hops):
        sql[f"sql/t{i:02}.sql"] = f"CREATE TABLE chain.t{i + 1} AS SELECT email FROM chain.t{i};"
    r = _run(make_project, sql)
    (a,) = r.tags.on_column(f"chain.t{hops}.email")
    assert a.tag == "pii.email" and a.origin.id == "raw.users.email"
    assert len(a.path) == hops + 1


def test_cycles_terminate(make_project: MakeProject) -> None:
    r = _run(make_project, {"sql/a.sql": """
        CREATE TABLE stg.loop AS SELECT email FROM raw.users;
        INSERT INTO stg.loop (email) SELECT upper(email) FROM stg.loop;
    """})
    assert tags_of(r, "stg.loop.email") == {"pii.email"}


def test_declared_tag_wins_over_derived(make_project: MakeProject) -> None:
    catalog = CATALOG + """
  stg.contacts:
    columns:
      email: {tags: [pii.email]}
"""
    r = _run(make_project, {
        "sql/a.sql": "CREATE TABLE stg.contacts AS SELECT email FROM raw.users;"
    }, catalog)
    (a,) = r.tags.on_column("stg.contacts.email")
    assert a.declared and a.origin.id == "stg.contacts.email"


def test_tags_are_recomputed_from_declarations_each_run(make_project: MakeProject) -> None:
    sql = {"sql/a.sql": "CREATE TABLE stg.u AS SELECT email FROM raw.users;"}
    first = _run(make_project, sql)
    assert tags_of(first, "stg.u.email") == {"pii.email"}
    second = _run(make_project, sql, CATALOG.replace("email: {tags: [pii.email]}", "email: {}"))
    assert tags_of(second, "stg.u.email") == set()
    with GraphStore.open(Path(second.root) / second.graph_path) as store:
        rows = store.query(
            "MATCH (c:Col)-[:CARRIES]->(t:Tag) WHERE c.id = 'stg.u.email' RETURN t.name"
        ).rows
    assert rows == ()


def test_results_live_in_the_graph(make_project: MakeProject) -> None:
    r = _run(make_project, {"sql/a.sql": """
        CREATE TABLE mart.contacts AS SELECT email, md5(email) AS h FROM raw.users;
    """})
    with GraphStore.open(Path(r.root) / r.graph_path) as store:
        rows = store.query(
            "MATCH (a:Asset)-[:HAS_COLUMN]->(c:Col)-[k:CARRIES]->(t:Tag) "
            "WHERE a.id = 'mart.contacts' RETURN c.name, t.name, k.origin ORDER BY c.name"
        ).rows
    assert [tuple(r) for r in rows] == [
        ("email", "pii.email", "raw.users.email"),
        ("h", "pseudonymous", "raw.users.email"),
    ]


def test_rules_match_functions_as_the_dialect_writes_them(make_project: MakeProject) -> None:
    """BigQuery's SHA256 is parsed as sqlglot's sha2: a catalog rule written `sha256` must match."""
    catalog = """
dialect: bigquery
sources: {sql: ["sql/*.sql"]}
tags:
  pii: {masking: {sha256: pseudonymous}, aggregation: {approx_count_distinct: drop}}
  pseudonymous: {}
assets:
  raw.users:
    columns:
      email: {tags: [pii]}
"""
    r = _run(make_project, {"sql/a.sql": """
        CREATE TABLE mart.h AS
        SELECT TO_HEX(SHA256(email)) AS h, APPROX_COUNT_DISTINCT(email) AS n FROM raw.users;
    """}, catalog)
    assert tags_of(r, "mart.h.h") == {"pseudonymous"}
    assert tags_of(r, "mart.h.n") == set()


_SPELLING_CATALOG = """
dialect: {dialect}
sources: {{sql: ["sql/*.sql"]}}
tags:
  pii:
    masking: {{sha2: pseudonymous, md5: pseudonymous}}
    aggregation: {{count: drop, approx_count_distinct: drop}}
  pseudonymous: {{}}
assets:
  raw.users:
    columns:
      email: {{tags: [pii]}}
"""


@pytest.mark.parametrize(("dialect", "expression", "tags"), [
    # T-SQL's algorithm argument as a national string names the function as a plain one does
    ("tsql", "HASHBYTES(N'SHA2_256', email)", {"pseudonymous"}),
    ("tsql", "HASHBYTES(N'md5', email)", {"pseudonymous"}),
    ("tsql", "HASHBYTES(@algorithm, email)", {"pii"}),  # unknown algorithm: `hashbytes`
    # a digest as bytes or as text is one masking function: BigQuery's TO_HEX(MD5(x)) is
    # sqlglot's md5, its MD5(x) md5_digest; Snowflake's MD5_BINARY is md5_digest
    ("bigquery", "TO_HEX(MD5(email))", {"pseudonymous"}),
    ("bigquery", "MD5(email)", {"pseudonymous"}),
    ("snowflake", "MD5_BINARY(email)", {"pseudonymous"}),
    ("snowflake", "MD5_HEX(email)", {"pseudonymous"}),
    ("trino", "to_hex(md5(to_utf8(email)))", {"pseudonymous"}),
    # dialect aliases sqlglot parses as functions of their own
    ("snowflake", "HLL(email)", set()),
    ("redshift", "HLL(email)", set()),
    ("snowflake", "APPROX_COUNT_DISTINCT(email)", set()),
    ("clickhouse", "countDistinct(email)", set()),
    ("clickhouse", "uniqExact(email)", set()),
    ("clickhouse", "uniqCombined(email)", set()),
    ("clickhouse", "uniqHLL12(email)", set()),
    ("clickhouse", "uniqIf(email, length(email) > 3)", set()),  # an aggregate + combinator
    ("clickhouse", "groupArray(email)", {"pii"}),  # not a count: kept
])
def test_rules_cover_every_spelling_of_their_function(
    make_project: MakeProject, dialect: str, expression: str, tags: set[str]
) -> None:
    """`sha2`, `md5`, `count` and `approx_count_distinct` rules apply to each dialect's
    spellings of those functions, as docs/syntax.md lists them."""
    sql = (f"SELECT {expression} AS v INTO mart.t FROM raw.users;" if dialect == "tsql" else
           f"CREATE TABLE mart.t AS SELECT {expression} AS v FROM raw.users;")
    r = _run(make_project, {"sql/a.sql": sql}, _SPELLING_CATALOG.format(dialect=dialect))
    assert tags_of(r, "mart.t.v") == tags


@pytest.mark.parametrize(("expression", "tags"), [
    ("SAFE.SHA256(email)", {"pseudonymous"}),
    ("SHA256(email)", {"pseudonymous"}),
    ("SAFE.SUBSTR(email, 1, 3)", {"pii"}),  # SAFE. alone masks nothing
])
def test_a_rule_named_with_bigquerys_safe_prefix_is_about_the_function_it_wraps(
    make_project: MakeProject, expression: str, tags: set[str]
) -> None:
    catalog = """
dialect: bigquery
sources: {sql: ["sql/*.sql"]}
tags:
  pii: {masking: {SAFE.SHA256: pseudonymous}}
  pseudonymous: {}
assets:
  raw.users:
    columns:
      email: {tags: [pii]}
"""
    sql = f"CREATE TABLE mart.t AS SELECT {expression} AS v FROM raw.users;"
    r = _run(make_project, {"sql/a.sql": sql}, catalog)
    assert tags_of(r, "mart.t.v") == tags


@pytest.mark.parametrize(("defaults", "pci"), [
    ("{}", "{masking: {md5: pci, hashbytes: null}}"),
    ("{}", "{masking: {hashbytes: null, md5: pci}}"),  # YAML order does not decide
    ("{masking: {hashbytes: null}}", "{masking: {md5: pci}}"),  # the tag overrides defaults
    ("{masking: {md5: null}}", "{masking: {hashbytes: pci, sha2: null}}"),
])
def test_the_narrower_of_two_rule_names_for_one_function_decides_it(
    make_project: MakeProject, defaults: str, pci: str
) -> None:
    """T-SQL `hashbytes` also means `md5`: in one map, `md5` (covering less) decides
    HASHBYTES('MD5', x) whatever the order; a tag's map overrides the defaults'."""
    catalog = f"""
dialect: tsql
sources: {{sql: ["sql/*.sql"]}}
propagation: {defaults}
tags: {{pci: {pci}}}
assets:
  raw.cards:
    columns:
      pan: {{tags: [pci]}}
"""
    r = _run(make_project, {"sql/a.sql": """
        SELECT HASHBYTES('MD5', pan) AS a, HASHBYTES('SHA2_512', pan) AS b
        INTO mart.h FROM raw.cards;
    """}, catalog)
    assert [tags_of(r, f"mart.h.{c}") for c in "ab"] == [{"pci"}, set()]
    (a,) = r.tags.on_column("mart.h.a")
    assert not a.masked


def test_a_clickhouse_alias_rule_is_narrower_than_its_function(make_project: MakeProject) -> None:
    catalog = _SPELLING_CATALOG.format(dialect="clickhouse").replace(
        "{count: drop,", "{count: drop, uniqExact: keep,")
    r = _run(make_project, {"sql/a.sql": """
        CREATE TABLE mart.t AS SELECT uniqExact(email) AS a, countDistinct(email) AS b
        FROM raw.users;
    """}, catalog)
    assert [tags_of(r, f"mart.t.{c}") for c in "ab"] == [{"pii"}, set()]


@pytest.mark.parametrize("rules", [
    "masking_functions: [HASHBYTES]",
    "tags: {pii: {masking: {hashbytes: pseudonymous}}, pseudonymous: {}}",
])
def test_hashbytes_rule_matches_every_algorithm(make_project: MakeProject, rules: str) -> None:
    """T-SQL HASHBYTES is parsed as md5, sha or sha2 by its algorithm (and stays hashbytes for
    the others): a rule written HASHBYTES means all of them, and never crashes the run."""
    catalog = f"""
dialect: tsql
sources: {{sql: ["sql/*.sql"]}}
{rules}
assets:
  raw.users:
    columns:
      email: {{tags: [pii]}}
"""
    r = _run(make_project, {"sql/a.sql": """
        SELECT HASHBYTES('SHA2_256', email) AS a, HASHBYTES('MD5', email) AS b,
               HASHBYTES('SHA1', email) AS c, HASHBYTES('MD4', email) AS d, email AS e
        INTO mart.h FROM raw.users;
    """}, catalog)
    masked = {"pseudonymous"} if "pseudonymous" in rules else {"pii"}
    assert [tags_of(r, f"mart.h.{c}") for c in "abcde"] == [masked] * 4 + [{"pii"}]
    with GraphStore.open(Path(r.root) / r.graph_path) as store:
        rows = store.query("MATCH (a:Col)-[f:FLOWS]->(b:Col) WHERE a.id = 'raw.users.email' "
                           "RETURN b.id, f.masking ORDER BY b.id").rows
    assert [tuple(x) for x in rows] == [(f"mart.h.{c}", c != "e") for c in "abcde"]


def test_graph_flows_record_masking(make_project: MakeProject) -> None:
    r = _run(make_project, {"sql/a.sql": """
        CREATE TABLE mart.m AS SELECT email, md5(email) AS h FROM raw.users;
    """})
    with GraphStore.open(Path(r.root) / r.graph_path) as store:
        rows = store.query(
            "MATCH (a:Col)-[f:FLOWS]->(b:Col) WHERE a.id = 'raw.users.email' "
            "RETURN b.id, f.masking ORDER BY b.id"
        ).rows
    assert [tuple(x) for x in rows] == [("mart.m.email", False), ("mart.m.h", True)]


def test_many_origins_are_capped_without_losing_a_carried_tag(make_project: MakeProject) -> None:
    """Fan-in from many tagged columns: every downstream column still carries the tag."""
    from engine.propagation import MAX_ORIGINS

    n = MAX_ORIGINS + 4
    cols = "\n".join(f"      c{i}: {{tags: [pii.email]}}" for i in range(n))
    catalog = CATALOG + f"  raw.wide:\n    columns:\n{cols}\n"
    concat = " || ".join(f"c{i}" for i in range(n))
    r = _run(make_project, {
        "sql/a.sql": f"CREATE TABLE stg.all AS SELECT {concat} AS blob FROM raw.wide;",
        "sql/b.sql": "CREATE TABLE mart.all AS SELECT upper(blob) AS blob FROM stg.all;",
        "sql/c.sql": "CREATE TABLE mart.h AS SELECT md5(blob) AS h FROM stg.all;",
    }, catalog)
    for col in ("stg.all.blob", "mart.all.blob"):
        items = r.tags.on_column(col)
        assert {a.tag for a in items} == {"pii.email"}
        assert len({a.origin.id for a in items}) == MAX_ORIGINS
    assert tags_of(r, "mart.h.h") == {"pseudonymous"}


def test_wide_edges_propagate_exactly_as_their_column_edges(make_project: MakeProject) -> None:
    """Folding the INDIRECT flows that reach every target column into one wide edge is a
    storage choice: tags, origins and paths are those of the expanded column edges."""
    from engine.extraction import analyse_lineage
    from engine.inventory import build_inventory
    from engine.pipeline import _declassify, load_project
    from engine.propagation import propagate

    catalog_path = make_project(CATALOG, sql={
        "sql/a.sql": """
            CREATE TABLE stg.j AS
            SELECT u.id, e.url, upper(u.country) AS country, 1 AS one
            FROM raw.users u JOIN raw.events e ON e.user_id = u.id
            WHERE u.code <> 'x' ORDER BY u.birth_date;""",
        "sql/b.sql": """
            INSERT INTO mart.k (id, n)
            SELECT id, count(*) FROM stg.j WHERE url LIKE 'https%' GROUP BY id;""",
    })
    project = load_project(catalog_path)
    lineage, rules = analyse_lineage(project.tasks, project.catalog)
    assert any(t.wide for t in lineage)  # the case under test
    assets = build_inventory(project.catalog, lineage)
    folded = propagate([e for t in lineage for e in t.edges], assets, rules,
                       _declassify(project.catalog), wide=[w for t in lineage for w in t.wide])
    expanded = propagate([e for t in lineage for e in t.all_edges()], assets, rules,
                         _declassify(project.catalog))
    assert folded == expanded
    # From the tasks themselves (packed, as the pipeline holds them): only the edges from
    # assets a tag reaches are decoded, and the result is the same.
    from engine.codec import PackedEdges, pack
    from engine.propagation import propagate_lineage
    packed = tuple(pack(t) for t in lineage)
    assert all(isinstance(t.edges, PackedEdges) for t in packed if t.edges)
    assert propagate_lineage(packed, assets, rules, _declassify(project.catalog)) == folded
    assert propagate_lineage(lineage, assets, rules, _declassify(project.catalog)) == folded
    assert {a.column.id for a in folded.items if a.tag == "secret"} >= {
        "stg.j.id", "stg.j.url", "stg.j.country", "stg.j.one", "mart.k.id", "mart.k.n"}


def test_lazy_edge_index_gives_each_column_its_edges_in_one_sort_order() -> None:
    """The index built as tags reach columns (scanning, then splitting a much-reached asset)
    gives what indexing every edge by source and sorting each list would."""
    import random

    from engine.models import ColumnRef, LineageEdge
    from engine.propagation import _SCANS, _edge_order, _OutEdges

    rng = random.Random(7)
    columns = [ColumnRef(f"s.t{a}", c) for a in range(3) for c in [*"abcdefghijkl", "*"]]
    edges = [
        LineageEdge(rng.choice(columns), ColumnRef("d.x", rng.choice("pqr")),
                    rng.choice(("DIRECT", "INDIRECT")), "IDENTITY", f"t{rng.randrange(3)}.sql",
                    0, rng.randrange(3))
        for _ in range(600)
    ]
    index = _OutEdges(edges)
    lookups = [*columns, ColumnRef("s.none", "a")]
    rng.shuffle(lookups)
    assert len(lookups) > 3 * _SCANS  # every asset is scanned, then split
    for ref in lookups + lookups:
        expected = sorted((e for e in edges if e.source == ref), key=_edge_order)
        assert index.get(ref.asset, ref.column) == expected


def test_lazy_index_over_packed_tasks_builds_the_same_edges() -> None:
    """From the tasks (packed, plain, or both), edges stay unbuilt until a column is reached:
    each column still gets the same edges in the same order (scanned, then split), built from
    its task's shared column refs, as indexing the edges themselves."""
    import random

    from engine.codec import pack
    from engine.models import ColumnRef, LineageEdge, TaskLineage, WideEdge, interned_column
    from engine.propagation import _SCANS, _OutEdges, _TaskEdges

    rng = random.Random(11)
    columns = [interned_column(f"s.t{a}", c) for a in range(3) for c in [*"abcdefghijkl", "*"]]
    tasks = []
    for n in range(40):
        name = f"sql/t{n}.sql"
        edges = tuple(dict.fromkeys(
            LineageEdge(rng.choice(columns), interned_column("d.x", rng.choice("pqr")),
                        rng.choice(("DIRECT", "INDIRECT")), "IDENTITY",
                        rng.choice((name, "sql/other.sql")), 0, rng.randrange(3),
                        rng.choice(((), ("sha2",))), rng.random() < 0.2)
            for _ in range(rng.randrange(1, 30))))
        wide = tuple(WideEdge(rng.choice(columns), "d.y", ("p", "q"), "JOIN", name, 0, 1)
                     for _ in range(rng.randrange(3)))
        tasks.append(TaskLineage(task=name, sha256="0" * 64, status="ok", edges=edges, wide=wide))
    packed = [pack(t) for t in tasks]
    mixed = [p if i % 3 else t for i, (t, p) in enumerate(zip(tasks, packed))]
    lookups = [*columns, ColumnRef("s.none", "a")]
    rng.shuffle(lookups)
    assert len(lookups) > 3 * _SCANS  # every asset is scanned, then split
    for lineage in (packed, mixed, tasks):
        for wide in (False, True):
            given = [e for t in tasks for e in (t.wide if wide else t.edges)]
            expected = _OutEdges(given, sort=not wide)
            index = _OutEdges(_TaskEdges(lineage, wide=wide), sort=not wide)
            for ref in lookups + lookups:
                got = index.get(ref.asset, ref.column)
                assert got == expected.get(ref.asset, ref.column)
                assert all(e.source is ref for e in got)
