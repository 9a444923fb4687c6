"""Commands take their shared options from checker.commands.options, never from checker.cli."""
import ast
from pathlib import Path

import checker.commands

ALLOWED: set[str] = set()


def test_commands_do_not_import_the_cli():
    found = {}
    for path in Path(checker.commands.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "checker.cli":
                found.setdefault(path.name, set()).update(a.name for a in node.names)
            elif isinstance(node, ast.Import) and any(a.name == "checker.cli" for a in node.names):
                found.setdefault(path.name, set()).add("*")
    assert {name: names - ALLOWED for name, names in found.items() if names - ALLOWED} == {}
