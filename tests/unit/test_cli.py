import json

import pytest

from checker.cli import COMMANDS, _with_default_command, build_parser, main, parse
from checker.commands.options import use_color
from checker.errors import ConfigError
from tests.sites import site_snapshot


@pytest.fixture(autouse=True)
def _no_config(tmp_path, monkeypatch):
    """Each test runs in an empty directory: no checker.toml or pyproject.toml of this repository."""
    monkeypatch.chdir(tmp_path)
    for name in ("CHECKER_BASE_URL", "CHECKER_SNAPSHOTS", "CHECKER_RULES", "CHECKER_TIMEOUT", "CHECKER_FAIL_ON",
                 "CHECKER_SPEC", "CHECKER_NOTIFY_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("argv, message", [
    (["check", "--base-url", "ftp://x"], "--base-url must be an http(s) URL"),
    (["check", "--offline", "--update-snapshots"], "cannot be combined"),
    (["check", "--timeout", "0"], "--timeout must be positive"),
    (["validate", "x.json", "--timeout", "-1"], "--timeout must be positive"),
    (["check", "--target", "nope"], "no target definition"),
    (["check", "--offline", "--format", "yaml"], "unknown --format 'yaml'"),
    (["check", "--offline", "-o", "report.txt"], "cannot tell the report format of --output report.txt"),
    (["check", "--offline", "-o", "a.json", "-f", "json=a.json"], "two reports would be written to a.json"),
    (["chek"], "unknown command 'chek'"),
    (["check", "--fomat", "json"], "unknown option '--fomat'"),
])
def test_bad_input_is_one_clear_line_and_exit_2(argv, message, capsys, tmp_path):
    code = main([*argv, "--snapshots", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err.splitlines()[0]
    assert "Traceback" not in err


def test_argparse_errors_exit_2_with_one_line_and_a_hint(capsys):
    assert main(["check", "--fail-on", "fatal"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("checker: error: argument --fail-on: invalid choice: 'fatal'")
    assert err[1:] == ["checker: hint: see `checker check --help`"]


@pytest.mark.parametrize("argv, hint", [
    (["chek"], "did you mean `checker check`?"),
    (["valdate", "x.json"], "did you mean `checker validate`?"),
    (["check", "--fomat", "json"], "did you mean --format?"),
    (["diff", "a", "b", "--fail-onn", "info"], "did you mean --fail-on?"),
])
def test_typos_get_a_close_match(argv, hint, capsys):
    assert main(argv) == 2
    assert hint in capsys.readouterr().err



def test_default_command_is_check():
    args = build_parser().parse_args(["check", "--quick"])
    assert args.quick and args._module.__name__ == "checker.commands.check"
    assert _with_default_command(["--quick"]) == ["check", "--quick"]
    assert _with_default_command(["diff", "a", "b"]) == ["diff", "a", "b"]
    with pytest.raises(ConfigError):
        _with_default_command(["chek"])  # not `check chek`


def _pairs(*argv: str) -> list[tuple[str, str]]:
    args = parse(build_parser(), ["check", *argv])
    return list(zip(args.format, args.output + ["-"] * (len(args.format) - len(args.output))))


@pytest.mark.parametrize("argv, pairs", [
    # the README's CI gate: annotations on stdout, SARIF in the file (not the other way round)
    (["--format", "github", "--format", "sarif", "--output", "drift.sarif"], [("sarif", "drift.sarif"), ("github", "-")]),
    (["-o", "drift.sarif"], [("sarif", "drift.sarif")]),
    (["-f", "github", "-o", "drift.sarif"], [("sarif", "drift.sarif"), ("github", "-")]),  # the README's CI gate
    (["-f", "sarif", "-f", "github", "-o", "drift.sarif"], [("sarif", "drift.sarif"), ("github", "-")]),
    (["-f", "json", "-o", "r.sarif"], [("sarif", "r.sarif"), ("json", "-")]),  # a file's content matches its name
    (["-f", "json=r.sarif"], [("json", "r.sarif")]),  # unless FMT=FILE says otherwise
    (["-o", "r.json", "-o", "r.xml", "-o", "r.md", "-o", "r.HTML"],
     [("json", "r.json"), ("junit", "r.xml"), ("markdown", "r.md"), ("html", "r.HTML")]),
    (["-f", "json=report.txt", "-f", "console"], [("json", "report.txt"), ("console", "-")]),
    (["--format", "json", "--output", "report.json", "--format", "console"], [("json", "report.json"), ("console", "-")]),
    (["-f", "markdown", "-o", "notes.txt"], [("markdown", "notes.txt")]),  # -f names the format of a plain file
    (["-f", "json", "-o", "-"], [("json", "-")]),
    ([], []),
])
def test_formats_and_outputs_pair_by_meaning(argv, pairs):
    assert _pairs(*argv) == pairs


def test_a_report_written_with_o_has_the_format_of_its_extension(tmp_path, capsys):
    snaps = site_snapshot(tmp_path)
    capsys.readouterr()
    code = main(["check", "--offline", "--target", "site", "--rules", "rules", "--snapshots", str(snaps),
                 "-o", "r.sarif", "-o", "r.json", "-f", "markdown"])
    assert code == 0
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"
    assert json.loads((tmp_path / "r.json").read_text())["schema_version"] == 1
    out = capsys.readouterr().out
    assert out.startswith("#") and '"$schema"' not in out  # the markdown went to stdout, not a file


def test_help_explains_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("check", "snapshot", "diff", "validate", "record", "watch", "history", "config", "exit codes",
                    "130"):
        assert command in out


@pytest.mark.parametrize("command", ["check", "snapshot", "diff", "validate", "record", "watch", "history",
                                     "config", "help"])
def test_every_command_has_version(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("checker ")


def test_help_environment_lists_every_variable_the_code_reads(capsys):
    import re
    from pathlib import Path

    import checker

    read = set()
    for path in Path(checker.__file__).parent.rglob("*.py"):
        text = path.read_text()
        read |= set(re.findall(r"environ(?:\.get)?[\[(]\s*\"([A-Z][A-Z0-9_]+)\"", text))
        read |= set(re.findall(r"_ENV\s*=\s*\"([A-Z][A-Z0-9_]+)\"", text))
        read |= set(re.findall(r"Setting\(\"\w+\", [^,]+, \"([A-Z][A-Z0-9_]+)\"", text))
    assert {"CHECKER_BASE_URL", "CHECKER_SNAPSHOTS", "CHECKER_RULES", "CHECKER_SPEC"} <= read
    assert main(["help", "environment"]) == 0
    out = capsys.readouterr().out
    assert [name for name in sorted(read) if name not in out] == []


def test_help_topics(capsys):
    assert main(["help", "exit-codes"]) == 0
    assert "130" in capsys.readouterr().out
    assert main(["help", "validate"]) == 0
    assert "--captures" in capsys.readouterr().out
    assert main(["help", "nonsense"]) == 2


@pytest.mark.parametrize("choice, env, tty, expected", [
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"NO_COLOR": ""}, True, True),  # no-color.org: only a non-empty value counts
    ("auto", {"TERM": "dumb"}, True, False),
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"FORCE_COLOR": "0"}, False, False),
    ("auto", {"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
    ("always", {"NO_COLOR": "1"}, False, True),
])
def test_color_decision(choice, env, tty, expected):
    class Stream:
        def isatty(self):
            return tty

    assert use_color(choice, Stream(), env) is expected


def test_the_colour_decision_is_on_the_parsed_arguments(monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert parse(build_parser(), ["check"]).use_color is True
    assert parse(build_parser(), ["check", "--color", "never"]).use_color is False


def test_quiet_and_verbose_count():
    args = parse(build_parser(), ["check", "-qq"])
    assert args.quiet == 2 and args.verbose == 0
    args = parse(build_parser(), ["validate", "x.json", "-vv"])
    assert args.verbose == 2


def test_verbose_says_what_the_run_uses(capsys, tmp_path):
    parse(build_parser(), ["check", "-v"])
    err = capsys.readouterr().err
    assert err.startswith("checker: config none; target openrouter; rules ")
    assert "(bundled)" in err and err.rstrip().endswith("snapshots snapshots")
    parse(build_parser(), ["check", "-v", "-q"])
    assert capsys.readouterr().err == ""


def test_interrupt_exits_130(monkeypatch, capsys):
    from checker.commands import check

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(check, "run", interrupted)
    assert main(["check"]) == 130
    assert "interrupted" in capsys.readouterr().err


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

KNOWN = {"console", "json", "sarif", "junit", "github", "markdown", "html"}
WORDS = st.sampled_from(["json", "sarif", "github", "console", "yaml", "a.json", "b.sarif", "c.txt", "-", "json=",
                         "sarif=a.json", "md", "r.md", "=x"])


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["format", "output"]), WORDS), max_size=6))
def test_pairing_is_refused_or_consistent(items):
    from checker.commands.formats import format_of, pair_reports

    try:
        pairs = pair_reports(items, KNOWN)
    except ConfigError as exc:
        assert exc.message and "\n" not in exc.message
        return
    files = [t for _, t in pairs if t != "-"]
    assert len(files) == len(set(files)) == sum(1 for k, v in items if k == "output" and v != "-") + \
        sum(1 for k, v in items if k == "format" and "=" in v)
    for fmt, target in pairs:
        assert fmt in KNOWN
        # a plain -o of a known extension never receives another format
        if (("output", target) in items) and format_of(target):
            assert fmt == format_of(target)


def test_readme_environment_table_matches_help_environment():
    from pathlib import Path

    from checker.commands.help import ENVIRONMENT

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = readme.split("### Environment variables", 1)[1].split("\n\n", 2)[1]
    names = {n.strip() for entry, _ in ENVIRONMENT for n in entry.split(",")}
    assert [n for n in sorted(names) if f"`{n}`" not in table] == []


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_of_a_run_that_builds_only_its_command_is_the_full_parsers(capsys, command):
    """`checker CMD --help` builds CMD's parser alone (checker.cli.build_parser(only=...)); what it
    prints is what the whole command line prints."""
    from checker.commands.options import subcommands

    full = build_parser()
    expected = (full if command is None else subcommands(full)[command]).format_help()
    with pytest.raises(SystemExit) as exited:
        main(["--help"] if command is None else [command, "--help"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == expected
