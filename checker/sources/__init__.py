"""Sources of a target and their kinds.

Adding a source kind (e.g. the model catalog) touches no pipeline, store or reporter code:
  1. a module here with a `SourceKind` subclass (parse, dump, load, diff; optionally store_file,
     in_quick, moved, add_rule_inputs, checks) that calls `register(...)`, and its entry (kind name -> module)
     in `kind.BUILTINS`;
  2. target.yaml data: `sources: [{id: ..., kind: <name>, url: ...}]`;
  3. tests (tests/store/test_source_kinds.py shows a toy kind end to end).
"""
