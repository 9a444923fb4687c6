"""The nightly pull-request body stays under GitHub's 65,536-character limit and links the full report."""
import runpy
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

SCRIPT = Path(__file__).resolve().parents[2] / ".github" / "scripts" / "pr_body.py"
URL = "https://github.com/o/r/actions/runs/123"
body = runpy.run_path(str(SCRIPT))["body"]


def test_a_109_kb_report_is_cut_at_a_line_with_a_link(tmp_path):
    lines = [f"- finding {i}: `page-section-changed` at https://openrouter.ai/docs/x#s{i} — é\n" for i in range(1500)]
    report = "# Drift\n" + "".join(lines)
    assert len(report) > 100_000
    (tmp_path / "drift.md").write_text(report, encoding="utf-8")
    subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "drift.md"), str(tmp_path / "b.md"), URL], check=True)
    out = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert len(out) < 65_536
    assert out.endswith(f"Full report: the `drift-report` artifact of {URL}\n")
    assert "cut at" in out
    kept = out.split("\n\n---\n")[0] + "\n"
    assert report.startswith(kept)  # whole lines, in order


def test_a_short_report_is_kept_whole(tmp_path):
    assert body("# Drift\nnothing much\n", URL) == f"# Drift\nnothing much\n\n{URL and 'Full report: the `drift-report` artifact of ' + URL}\n"


def test_no_report_still_gives_a_body(tmp_path):
    subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "missing.md"), str(tmp_path / "b.md"), URL], check=True)
    assert "no markdown report" in (tmp_path / "b.md").read_text()


@settings(max_examples=50, derandomize=True, deadline=None)
@given(st.text(max_size=200), st.integers(min_value=0, max_value=90_000))
def test_always_under_the_limit(chunk, repeat):
    report = (chunk or "x") * (repeat // max(len(chunk), 1))
    assert len(body(report, URL)) < 65_536
