"""The Kùzu graph store: column lineage, table lineage and tags, queryable with Cypher.

Every Kùzu import lives in `engine/graph/_kuzu.py`; the rest of the engine uses this API::

    stats = build_graph(path, assets=…, lineage=…, tags=…, tag_defs=…, meta={…},
                        identities={…})   # updates a stored graph that differs only by SQL
    with GraphStore.open(path) as store:   # waits while a writer holds lock_path(path)
        store.query("MATCH (a:Asset {zone: 'export'})-[:HAS_COLUMN]->(c:Col) RETURN c.id")
        store.downstream("raw.users.email", level="column")   # [(id, depth), …]
        store.carried_tags("export.feed.email")               # [CarriedTag, …]

Schema (the column node table is `Col`, because `Column` is a reserved word in Kùzu's Cypher)::

    Asset(id PK, declared, owner, zone, description, retention_days, sink, source,
          declared_tags STRING[], tags STRING[])        tags: table tags + every column tag
    Col(id PK "asset.col", asset, name, declared_tags STRING[], tags STRING[], description)
    Task(id PK repo-relative path, sha256, status, statements,
         lineage (the extraction's lineage identity), assets STRING[] (every asset it names))
    Tag(name PK, parent, level, description)
    Meta(key PK, value)
    (Asset)-[:HAS_COLUMN]->(Col)
    (Col)-[:FLOWS {type, subtype, functions, masking, task, statement, line,
                        resolution}]->(Col)
    (Task)-[:READS]->(Asset)   (Task)-[:WRITES]->(Asset)
    (Asset)-[:FEEDS {task, line}]->(Asset)     table lineage, kept when column lineage failed
    (Col)-[:CARRIES {origin, origin_tag, declared, masked, path JSON}]->(Tag)
    (Asset)-[:HAS_TAG]->(Tag)   every tag in Asset.tags
    (Tag)-[:CHILD_OF]->(Tag)    pii.email -> pii

Which export columns carry pii (or a child of it)::

    MATCH (a:Asset {zone: 'export'})-[:HAS_COLUMN]->(c:Col)-[:CARRIES]->(t:Tag)
          -[:CHILD_OF*0..10]->(:Tag {name: 'pii'})
    RETURN DISTINCT c.id, t.name
"""

from __future__ import annotations

from engine.graph.budget import GraphTooBig
from engine.graph.build import GraphStats, build_graph, graph_is_current, graph_staleness
from engine.graph.readonly import refusal
from engine.graph.schema import SCHEMA_VERSION
from engine.graph.store import CarriedTag, GraphStore, QueryResult, lock_path

__all__ = ["SCHEMA_VERSION", "CarriedTag", "GraphStats", "GraphStore", "GraphTooBig", "QueryResult",
           "build_graph", "graph_is_current", "graph_staleness", "lock_path", "refusal"]
