"""Data shipped with checker: the bundled targets and rules (rules/<target>/), the rule-file JSON Schema."""
