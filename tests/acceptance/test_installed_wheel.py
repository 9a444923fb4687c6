"""Build the wheel, install it (not editable) into a fresh virtual environment, and run the installed
`checker` from an empty directory against a loopback mirror: snapshot, --quick, validate, record.

The fresh environment reaches this environment's dependencies through a path file (its own
site-packages come first, so `checker` is the installed copy; the editable hook of this
environment is a .pth file that a path entry does not run).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.loopback import LoopbackServer
from tests.sites import serve_openrouter

REPO = Path(__file__).resolve().parents[2]
CLIENT = """\
import json, os, urllib.request
req = urllib.request.Request(os.environ["OPENROUTER_BASE_URL"] + "/chat/completions", method="POST",
    data=json.dumps({"model": "openai/gpt-4o", "messages": [{"role": "wizard", "content": "hi"}]}).encode(),
    headers={"Content-Type": "application/json", "Authorization": "Bearer sk-or-v1-0123456789abcdef"})
urllib.request.urlopen(req).read()
"""


def _run(cmd: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKER_") and k != "PYTHONPATH"}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ of a fresh venv with the wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    shutil.copytree(REPO / "checker", src / "checker", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                  "-w", str(work / "dist"), str(src)], work)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("*.whl")
    assert wheel.name.startswith("openrouter_docs_checker-")
    names = zipfile.ZipFile(wheel).namelist()
    assert "checker/data/rules/openrouter/target.yaml" in names
    assert "checker/data/rule-file.schema.json" in names
    venv = work / "venv"
    assert _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work).returncode == 0
    python = venv / "bin" / "python"
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work).stdout.strip()
    (Path(site) / "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
                 str(wheel)], work)
    assert done.returncode == 0, done.stderr
    where = _run([str(python), "-c", "import checker; print(checker.__file__)"], work).stdout.strip()
    assert where.startswith(site), where  # the installed copy, not this checkout
    return venv / "bin"


def test_installed_checker_works_from_any_directory(installed, tmp_path):
    here = tmp_path / "elsewhere"
    here.mkdir()
    checker = str(installed / "checker")
    with LoopbackServer() as server:
        serve_openrouter(server)
        snap = _run([checker, "snapshot", "--base-url", server.url, "-q"], here)
        assert snap.returncode == 0, snap.stderr
        assert (here / "snapshots" / "openrouter" / "openapi.json").is_file()

        quick = _run([checker, "--quick", "--base-url", server.url, "-o", "quick.json"], here)
        assert quick.returncode in (0, 1), quick.stderr
        report = json.loads((here / "quick.json").read_text())
        assert report["mode"] == "quick" and report["target"] == "openrouter"
        rule_files = {f["location"].get("file") for f in report["findings"] if f["kind"] == "rule"}
        assert rule_files and all(f.startswith("rules/openrouter/") for f in rule_files)  # the bundled rules

    (here / "bad.json").write_text(json.dumps({"model": "x", "messages": [{"role": "wizard"}]}))
    valid = _run([checker, "validate", "bad.json", "-o", "v.sarif"], here)
    assert valid.returncode == 1, valid.stderr
    sarif = json.loads((here / "v.sarif").read_text())
    assert sarif["runs"][0]["results"], "the bad role is a finding"

    (here / "client.py").write_text(CLIENT)
    rec = _run([checker, "record", "-o", "r.json", "--", str(installed / "python"), "client.py"], here)
    assert rec.returncode == 1, rec.stderr
    recorded = json.loads((here / "r.json").read_text())
    assert recorded["mode"] == "record"
    assert any("/messages/0/role" in (f["location"].get("pointer") or "") for f in recorded["findings"])
    assert "sk-or-v1-0123456789abcdef" not in (here / "r.json").read_text()
