"""`checker watch` end to end, as a subprocess, against a loopback docs server and webhook.

A tiny synthetic target (a spec and one page at https://openrouter.ai/... URLs, fetched through
--base-url) is recorded, then the page changes: the watcher runs every 2 s, writes its reports,
posts the drift once, stays quiet while the drift is the same, posts again when it changes,
and stops cleanly on SIGTERM.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from checker.cli import main
from tests.loopback import LoopbackServer
from tests.watch.webhook import Webhook

TARGET_YAML = """origin: https://openrouter.ai
spec:
  url: https://openrouter.ai/openapi.json
pages:
  - id: guide
    url: https://openrouter.ai/docs/guide
"""
SPEC = {"openapi": "3.1.0", "info": {"title": "synthetic", "version": "1"},
        "servers": [{"url": "https://openrouter.ai/api/v1"}],
        "paths": {"/models": {"get": {"tags": ["Models"], "summary": "List all models",
                                      "responses": {"200": {"description": "the models"}}}}}}
PAGE = ("<html><body><main><h1>Guide</h1><h2>Streaming</h2>"
        "<p>Streaming works with every provider listed here, including {providers}.</p></main></body></html>")


class Watcher:
    """The subprocess and its log lines (stderr), read as they come."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKER_")}
        self.proc = subprocess.Popen([sys.executable, "-m", "checker", "watch", *args], cwd=cwd, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def runs(self) -> list[str]:
        return [line for line in self.lines if re.search(r"checker watch: run \d+", line)]

    def wait_runs(self, count: int, timeout: float = 30.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(self.runs()) < count:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"expected {count} runs; log so far:\n" + "\n".join(self.lines))
            time.sleep(0.05)
        return self.runs()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.mark.timeout(90)
def test_watch_runs_reports_notifies_once_and_stops_on_sigterm(tmp_path):
    (tmp_path / "rules" / "synth").mkdir(parents=True)
    (tmp_path / "rules" / "synth" / "target.yaml").write_text(TARGET_YAML)
    page = {"providers": "OpenAI and Anthropic"}
    with LoopbackServer() as docs, Webhook() as hook:
        docs.route("/openapi.json", body=json.dumps(SPEC), content_type="application/json")
        docs.route("/docs/guide", body=lambda _req: PAGE.format(**page))
        common = ["--rules", str(tmp_path / "rules"), "--target", "synth",
                  "--snapshots", str(tmp_path / "snaps"), "--base-url", docs.url]
        assert main(["snapshot", *common, "--format", "json", "--output", str(tmp_path / "baseline.json")]) == 0
        page["providers"] = "OpenAI only"

        watcher = Watcher([*common, "--cron", "*/2 * * * * *", "--timezone", "UTC", "--run-now",
                           "--notify", hook.url, "--format", "json", "--output", "drift.json",
                           "--format", "html", "--output", "drift.html"], cwd=tmp_path)
        try:
            runs = watcher.wait_runs(3)
            assert len(hook.posts) == 1, runs
            post = hook.posts[0]
            assert post["text"].startswith("checker: 1 new drift finding(s) for synth")
            assert [f["official_url"] for f in post["findings"]] == ["https://openrouter.ai/docs/guide#streaming"]
            assert "1 notified" in runs[0] and "nothing new to notify" in runs[1] and "nothing new" in runs[2]
            assert all("exit 1" in line for line in runs)  # the drift is an error finding each time
            report = json.loads((tmp_path / "drift.json").read_text())
            assert [f["code"] for f in report["findings"]] == ["page-section-changed"]
            assert "OpenAI only" in (tmp_path / "drift.html").read_text()

            page["providers"] = "no provider at all"  # the drift changes: one more notification
            watcher.wait_runs(len(watcher.runs()) + 2)
            assert len(hook.posts) == 2 and "no provider at all" in json.dumps(hook.posts[1]["findings"])

            watcher.proc.send_signal(signal.SIGTERM)
            assert watcher.proc.wait(timeout=20) == 0
        finally:
            watcher.stop()
    log = "\n".join(watcher.lines)
    assert re.search(r"stopped after \d+ run\(s\)", log)
    assert "secret-token" not in log and "Traceback" not in log
    assert watcher.lines[0].endswith("notifying 127.0.0.1")


def test_watch_once_runs_one_check_and_exits_with_its_code(tmp_path, monkeypatch):
    (tmp_path / "rules" / "synth").mkdir(parents=True)
    (tmp_path / "rules" / "synth" / "target.yaml").write_text(TARGET_YAML)
    monkeypatch.chdir(tmp_path)
    page = {"providers": "OpenAI and Anthropic"}
    with LoopbackServer() as docs, Webhook() as hook:
        docs.route("/openapi.json", body=json.dumps(SPEC), content_type="application/json")
        docs.route("/docs/guide", body=lambda _req: PAGE.format(**page))
        common = ["--rules", "rules", "--target", "synth", "--snapshots", "snaps", "--base-url", docs.url]
        assert main(["watch", "--once", *common, "--notify", hook.url]) == 0  # first sight: a new baseline
        assert main(["snapshot", *common, "--format", "json", "--output", "baseline.json"]) == 0
        page["providers"] = "OpenAI only"
        out = ["--format", "sarif", "--output", "drift.sarif"]
        assert main(["watch", "--once", *common, "--notify", hook.url, *out]) == 1
        assert main(["watch", "--once", *common, "--notify", hook.url, *out]) == 1
    assert len(hook.posts) == 1
    state = json.loads((tmp_path / "snaps" / "synth" / ".notified.json").read_text())
    assert len(state["notified"]) == 1
    sarif = json.loads((tmp_path / "drift.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["ruleId"] == "page-section-changed"
