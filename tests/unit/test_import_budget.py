"""Start-up budget: each path imports only what it needs (issue 17).

`checker --version` and `--help` import argparse and checker.cli and nothing else of checker or
of the dependencies; a warm `checker --quick` (baseline recorded, nothing changed) imports only
the HTTP client's packages and the checker subpackages of its stages: no YAML, no JSON Schema
engine, no HTML parser, no comply/diff/docs code. A run whose every source answers 304 imports no
HTTP client (the revalidation probe writes its requests on a socket), and a replayed run
(checker.store.verdict) neither the pipeline, nor YAML, nor a JSON Schema engine; a fast replay
(checker.commands.replay: the text remembered) no dependency at all and only the checker modules of
its allow-list. Each run is a fresh interpreter; the modules loaded are read from sys.modules at exit."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.loopback import LoopbackServer
from tests.sites import serve_openrouter

STARTUP_STDLIB_DENIED = {"asyncio", "ssl", "json", "dataclasses", "logging", "typing", "email", "http"}
# httpcore imports anyio even for its sync client; on Python 3.10 anyio brings the last two
QUICK_THIRD_PARTY = {"httpx", "httpcore", "h11", "anyio", "idna", "certifi", "typing_extensions", "exceptiongroup",
                     "msgspec"}  # msgspec: the record classes (checker.models), defined in C
QUICK_STDLIB_DENIED = {"asyncio"}  # the crawler is httpx's sync client in threads: no event loop
# no "api": on the same content the rule findings are remembered (checker.rules.memo), nothing walks the spec
QUICK_CHECKER = {"cli", "codes", "commands", "data", "errors", "fetch", "models", "observation", "pipeline",
                 "profile", "redact", "report", "rules", "safeyaml", "sources", "store", "urls"}
INSTALL_HOOKS = {"__main__", "_distutils_hack"}  # setuptools' and the editable install's, not checker's

PROBE = """\
import atexit, sys
def dump(out=sys.argv[1]):
    modules = sorted(sys.modules)  # before json, which only the probe needs
    import json
    open(out, "w").write(json.dumps(modules))
atexit.register(dump)
from checker.cli import main
sys.exit(main(sys.argv[2:]))
"""


def loaded(tmp_path: Path, *argv: str, env: dict[str, str] | None = None) -> set[str]:
    out = tmp_path / "modules.json"
    proc = subprocess.run([sys.executable, "-c", PROBE, str(out), *argv], capture_output=True,
                          text=True, cwd=tmp_path, env={**os.environ, **(env or {})}, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return set(json.loads(out.read_text()))


def third_party(modules: set[str]) -> set[str]:
    tops = {m.split(".")[0] for m in modules}
    return {t for t in tops - set(sys.stdlib_module_names) - INSTALL_HOOKS - {"checker"}
            if not t.startswith("__editable__")}


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["-h"]])
def test_version_and_help_import_argparse_and_the_cli_only(tmp_path, argv):
    modules = loaded(tmp_path, *argv)
    assert "argparse" in modules and "checker.cli" in modules
    assert {m for m in modules if m.startswith("checker.")} == {"checker.cli"}
    assert third_party(modules) == set()
    assert {m.split(".")[0] for m in modules} & STARTUP_STDLIB_DENIED == set()


def test_a_command_imports_its_own_module_only(tmp_path):
    modules = loaded(tmp_path, "explain", "--list")
    commands = {m for m in modules if m.startswith("checker.commands.")}
    assert "checker.commands.explain" in commands
    assert not commands & {"checker.commands.check", "checker.commands.watch", "checker.commands.record",
                           "checker.commands.validate", "checker.commands.diff"}


def test_warm_quick_check_stays_within_its_budget(tmp_path):
    env = {"CHECKER_CACHE_DIR": str(tmp_path / "cache")}
    with LoopbackServer() as server:
        serve_openrouter(server)
        base = ["--base-url", server.url, "--snapshots", str(tmp_path / "snapshots"), "-q"]
        loaded(tmp_path, "snapshot", *base, env=env)
        loaded(tmp_path, "--quick", *base, env=env)  # fills the parsed-rules cache
        modules = loaded(tmp_path, "--quick", *base, env=env)
    assert "httpx" in modules and "checker.pipeline" in modules
    assert third_party(modules) <= QUICK_THIRD_PARTY, "a dependency outside the quick path's allow-list"
    assert {m.split(".")[0] for m in modules} & QUICK_STDLIB_DENIED == set()
    packages = {m.split(".")[1] for m in modules if m.startswith("checker.")}
    assert packages <= QUICK_CHECKER, "a checker package the warm quick path does not need"
    assert not {"checker.rules.context", "checker.rules.page_kinds", "checker.rules.spec_kinds"} & modules


# ... and, every finding a failing rule, builds no profile (checker.profile.alone judges them)
COLD_DENIED = ("checker.api", "checker.normalise", "checker.diff", "checker.docs", "checker.store.pagetext",
               "checker.rules.page_kinds", "checker.rules.spec_kinds", "checker.profile.relevance",
               "checker.profile.model", "difflib", "yaml")
REPLAY_DENIED = {"httpx", "httpcore", "h11", "anyio", "yaml", "jsonschema", "jsonschema_rs"}
# the fast replay (checker.commands.replay): the remembered text, before the command line is parsed
FAST_CHECKER = {"checker", "checker.cli", "checker.commands", "checker.commands.replay", "checker.commands.surroundings",
                "checker.redact", "checker.errors", "checker.urls", "checker.store", "checker.store.views",
                "checker.store.parsed", "checker.fetch", "checker.fetch.probe", "checker.fetch.heads",
                "checker.fetch.wire", "checker.sources", "checker.sources.target"}
FAST_STDLIB_DENIED = {"datetime", "decimal", "uuid", "inspect", "dataclasses", "hashlib", "socket", "ssl", "http",
                      "email", "logging", "tempfile", "typing", "argparse", "gettext", "shutil"}


def test_a_run_whose_every_source_answers_304_does_not_import_httpx(tmp_path):
    """The revalidation probe's 304s are the fetch results: no client needed (no replay record here)."""
    from tests.speed.test_replay import serve_with_etags

    env = {"CHECKER_CACHE_DIR": str(tmp_path / "cache")}
    with LoopbackServer() as server:
        serve_with_etags(server, {"rev": 0})
        base = ["--base-url", server.url, "--snapshots", str(tmp_path / "snapshots"), "-q"]
        loaded(tmp_path, "snapshot", *base, env=env)
        loaded(tmp_path, "--quick", *base, env=env)
        (tmp_path / "snapshots" / "openrouter" / ".cache" / "verdict.json").unlink()
        modules = loaded(tmp_path, "--quick", *base, env=env)
        assert "checker.pipeline" in modules and "checker.fetch.probe" in modules
        assert {m.split(".")[0] for m in modules} & {"httpx", "httpcore", "h11", "anyio"} == set()
        assert "http.client" not in modules and "ssl" not in modules, "a plain-http mirror needs no TLS"
        # nothing changed and the rule memo knows the content: no stored file parsed, nothing diffed
        assert not {m for m in modules if m.startswith(COLD_DENIED)}, "the cold path parses or diffs"
        assert "dataclasses" not in modules, "records are msgspec Structs (h11, httpx's, is the only other user)"
        fast = loaded(tmp_path, "--quick", *base, env=env)  # the pipeline run remembered its text
        record = tmp_path / "snapshots" / "openrouter" / ".cache" / "verdict.json"
        record.write_text(json.dumps({k: v for k, v in json.loads(record.read_text()).items() if k != "views"}))
        replayed = loaded(tmp_path, "--quick", *base, env=env)
    assert third_party(fast) == set(), "the fast replay imports no dependency (msgspec neither)"
    checker_modules = {m for m in fast if m.startswith("checker")}
    assert checker_modules <= FAST_CHECKER, "a checker module the fast replay does not need"
    assert {m.split(".")[0] for m in fast} & FAST_STDLIB_DENIED == set()
    assert "msgspec" in replayed and "checker.models" in replayed, "without its view: the report, rendered"
    assert "checker.pipeline" not in replayed, "nothing changed: the last report, replayed"
    assert {m.split(".")[0] for m in replayed} & REPLAY_DENIED == set()
    assert "dataclasses" not in replayed
    assert not {m for m in replayed if m.startswith(("checker.rules", "checker.api", "checker.sources.kind"))}
    # the key is compared, not hashed (no OpenSSL); the probe's sockets are the C ones; hosts go as bytes
    assert not {"hashlib", "_hashlib", "socket", "encodings.idna"} & replayed
