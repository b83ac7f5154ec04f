"""Lineage-as-code policy engine: SQL -> column lineage -> Kùzu graph -> tags -> policies -> reports."""

__version__ = "0.1.0"
