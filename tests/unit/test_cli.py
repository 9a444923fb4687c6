import pytest

from checker.cli import build_parser, main


@pytest.mark.parametrize("argv, message", [
    (["check", "--base-url", "ftp://x"], "--base-url must be an http(s) URL"),
    (["check", "--offline", "--update-snapshots"], "cannot be combined"),
    (["check", "--timeout", "0"], "--timeout must be positive"),
    (["check", "--target", "nope"], "no target definition"),
    (["check", "--offline", "--format", "yaml"], "unknown --format 'yaml'"),
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


def test_default_command_is_check():
    args = build_parser().parse_args(["check", "--quick"])
    assert args.quick and args._module.__name__ == "checker.commands.check"
    # `checker --quick` is `checker check --quick`
    from checker.cli import _with_default_command
    assert _with_default_command(["--quick"]) == ["check", "--quick"]
    assert _with_default_command(["diff", "a", "b"]) == ["diff", "a", "b"]


def test_more_outputs_than_formats_is_refused(capsys, tmp_path):
    code = main(["check", "--offline", "--snapshots", str(tmp_path), "--format", "json", "--output", "a.json", "--output", "b.json"])
    assert code == 2
    assert "--output" in capsys.readouterr().err


def test_help_explains_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("check", "snapshot", "diff", "validate", "record", "watch", "history", "exit codes"):
        assert command in out
