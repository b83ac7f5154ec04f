"""Configuration: `catalog.yaml` (facts) and `lineage_policies/` (judgements).

- `spec.py`      the YAML shape of the catalog (pydantic, frozen, unknown keys rejected)
- `names.py`     case-insensitive name types shared by the models
- `checks.py`    catalog cross-references (owners, zones, tags, globs), as located problems
- `catalog.py`   `load_catalog` -> `Catalog`: zones, flags, tag rules, clearance, schema
- `selectors.py` `Selector` and `matches` (keys AND, list values OR)
- `policies.py`  `load_policies` -> `PolicySet` (policies from the kinds registry, waivers)
- `messages.py`  pydantic errors as sentences, for `engine.yamlio`

This package imports nothing eagerly: `engine.yamlio` uses `messages`, and `catalog` uses
`engine.yamlio`, so importing the submodules here would make a cycle. Import the submodule.
"""
