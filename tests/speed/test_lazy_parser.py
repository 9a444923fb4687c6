"""The CLI builds only the command a run uses; what the user sees must not change."""
from __future__ import annotations

import pytest

from checker.cli import COMMANDS, _needed, build_parser
from checker.commands.options import subcommands


def test_top_level_help_is_the_same_with_bare_commands():
    assert build_parser(only=set()).format_help() == build_parser().format_help()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_command_built_alone_has_its_full_help(name):
    assert subcommands(build_parser(only={name}))[name].format_help() == subcommands(build_parser())[name].format_help()


def test_only_the_named_commands_are_built():
    commands = subcommands(build_parser(only={"explain"}))
    assert commands["explain"]._actions and len(commands["explain"]._actions) > 1
    assert all(not parser._actions for name, parser in commands.items() if name != "explain")


@pytest.mark.parametrize(("words", "needed"), [
    (["check", "--quick"], {"check"}), (["--version"], {"--version"}), (["help"], {"help"}),
    (["help", "check"], {"help", "check"}), (["help", "environment"], {"help", "environment"}),
])
def test_needed_commands(words, needed):
    assert _needed(words) == needed
