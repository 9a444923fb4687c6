"""One self-contained HTML file: the verdict and a table of contents, the drift timeline, "Your
integration" (relevant findings by official page, open), the other drift per page (collapsed in
<details>, with counts), and the sources.

Nothing is loaded from the network: the CSS is inline, there are no scripts, images or fonts.
The only URLs are plain <a href> links to the official pages. The timeline is the stored history
the command passes in the context (checker.store.history), plus what changed in this run.
"""
from __future__ import annotations

import difflib
from datetime import datetime, timezone
from html import escape
from typing import TYPE_CHECKING, Any

from checker import __version__
from checker.models import Finding, Report
from checker.report import HISTORY, Reporter, ReportContext
from checker.report.layout import as_text, by_page, excerpt, summary_line, where
from checker.report.view import count_text, split, verdict

if TYPE_CHECKING:
    from checker.store.history import HistoryEvent

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:0 0 6px}
.meta{color:#5b6475}.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:14px;margin:10px 0}
.sev{display:inline-block;min-width:58px;text-align:center;border-radius:4px;font-size:12px;font-weight:600;
padding:1px 6px;color:#fff}.error{background:#c62828}.warning{background:#b26a00}.info{background:#1565c0}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f3f4f7;border-radius:6px;padding:8px;overflow:auto;max-height:320px;white-space:pre-wrap}
.diff .add{background:#e3f6e5;display:block}.diff .del{background:#fde8e8;display:block}
.ba{display:grid;grid-template-columns:1fr 1fr;gap:8px}.ba h4{margin:4px 0;font-size:12px;color:#5b6475}
.finding{border-top:1px solid #eef0f4;padding:8px 0}.finding:first-of-type{border-top:0}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #eef0f4}
.track{position:relative;height:14px;background:#eef0f4;border-radius:7px;min-width:240px}
.dot{position:absolute;top:2px;width:10px;height:10px;margin-left:-5px;border-radius:50%;background:#6a4c93}
.dot.now{background:#c62828}.axis{display:flex;justify-content:space-between;color:#5b6475;font-size:12px}
a{color:#0b57d0}summary{cursor:pointer}nav ul{margin:0;padding-left:18px}
"""


class HtmlReporter(Reporter):
    needs = frozenset({HISTORY})

    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        title = f"checker {report.mode}" + (f" — {report.target}" if report.target else "")
        parts = [
            "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>",
            f"<h1>{escape(title)}</h1>",
            f'<p class="meta">{escape(summary_line(report))} · {len(report.sources)} source(s) · '
            f"started {escape(report.started_at.isoformat(timespec='seconds'))} · {report.duration_ms} ms · "
            f"checker {escape(__version__)}</p>",
        ]
        parts.append(f'<p id="verdict"><strong>{escape(verdict(report, context))}</strong></p>')
        parts += [f'<p class="meta">{escape(note)}</p>' for note in report.notes]
        relevant, rest = split(report.findings)
        parts += _contents(relevant, rest, bool(report.sources))
        parts += _timeline(list(context.history), report)
        parts += _findings(relevant)
        parts += _drift(rest)
        parts += _sources(report)
        parts.append("</main></body></html>")
        return "\n".join(parts) + "\n"


def _link(url: str) -> str:
    if url.startswith(("https://", "http://")):
        return f'<a href="{escape(url)}">{escape(url)}</a>'
    return escape(url)


def _contents(relevant: list[Finding], rest: list[Finding], sources: bool) -> list[str]:
    entries = [("verdict", "Verdict"), ("timeline", "Drift timeline"),
               ("your-integration", f"Your integration ({len(relevant)})"), ("docs-drift", f"Docs drift ({len(rest)})")]
    if sources:
        entries.append(("sources", "Sources"))
    items = "".join(f'<li><a href="#{anchor}">{escape(label)}</a></li>' for anchor, label in entries)
    return [f'<nav class="card"><ul>{items}</ul></nav>']


def _findings(findings: list[Finding]) -> list[str]:
    out = ['<h2 id="your-integration">Your integration</h2>']
    if not findings:
        return out + ['<p class="card">Nothing about your integration.</p>']
    for page, items in by_page(findings).items():
        out.append(f'<section class="card"><h3>{_link(page)}</h3>')
        out += [_finding(f) for f in items]
        out.append("</section>")
    return out


def _drift(findings: list[Finding]) -> list[str]:
    """The rest, one collapsed block per official page, its counts in the summary line."""
    out = ['<h2 id="docs-drift">Docs drift</h2>']
    if not findings:
        return out + ['<p class="card">No other drift.</p>']
    for page, items in by_page(findings).items():
        counts = {sev: n for sev in ("error", "warning", "info")
                  if (n := sum(1 for f in items if f.severity.value == sev))}
        out.append(f'<details class="card"><summary>{_link(page)} — {len(items)} change(s) '
                   f"({escape(count_text(counts))})</summary>")
        out += [_finding(f) for f in items]
        out.append("</details>")
    return out


def _finding(f: Finding) -> str:
    sev = f.severity.value
    html = [f'<div class="finding"><span class="sev {sev}">{sev}</span> <code>{escape(f.code)}</code> '
            f"{escape(f.message)}<br><small>{escape(where(f.location))} · {_link(f.official_url)}</small>"]
    if f.before is not None or f.after is not None:
        html.append(_before_after(f.before, f.after))
    html.append("</div>")
    return "".join(html)


def _before_after(before: Any, after: Any) -> str:
    if before is not None and after is not None:
        old, new = as_text(before).splitlines(), as_text(after).splitlines()
        if len(old) > 1 or len(new) > 1:
            lines = list(difflib.unified_diff(old, new, "before", "after", lineterm="", n=2))[2:]
            cls = {"+": "add", "-": "del"}
            body = "".join(f'<span class="{cls.get(line[:1], "")}">{escape(line)}</span>\n' for line in lines[:200])
            return f'<pre class="diff">{body}</pre>'
    cells = []
    for label, value in (("before", before), ("after", after)):
        text = excerpt(value) if value is not None else "(none)"
        cells.append(f"<div><h4>{label}</h4><pre>{escape(text)}</pre></div>")
    return f'<div class="ba">{"".join(cells)}</div>'


def _timeline(events: list["HistoryEvent"], report: Report) -> list[str]:
    out = ['<h2 id="timeline">Drift timeline</h2>']
    now = _aware(report.started_at)
    changed_now = {s.id for s in report.sources if s.status in ("changed", "moved", "gone")}
    if not events and not changed_now:
        return out + ['<p class="card">No stored history yet: it grows with every run that sees a change.</p>']
    times = [_aware(e.when) for e in events] + [now]
    start, end = min(times), max(times)
    span = max((end - start).total_seconds(), 1.0)
    rows = []
    for sid in sorted({e.source_id for e in events} | changed_now):
        dots = [_dot(_aware(e.when), start, span, f"{sid} changed, seen {e.seen_at}")
                for e in events if e.source_id == sid]
        if sid in changed_now:
            dots.append(_dot(now, start, span, f"{sid} differs from the snapshot in this run", "now"))
        rows.append(f'<tr><td><code>{escape(sid)}</code></td><td><div class="track">{"".join(dots)}</div></td>'
                    f"<td>{len(dots)}</td></tr>")
    out.append('<div class="card"><table><tr><th>source</th><th><div class="axis">'
               f"<span>{start:%Y-%m-%d}</span><span>{end:%Y-%m-%d}</span></div></th><th>changes</th></tr>")
    out += rows
    out.append("</table></div>")
    if events:
        out.append('<div class="card"><table><tr><th>seen</th><th>source</th><th>change</th></tr>')
        for e in sorted(events, key=lambda e: e.when, reverse=True)[:200]:
            out.append(f"<tr><td>{escape(e.seen_at)}</td><td><code>{escape(e.source_id)}</code></td>"
                       f"<td><code>{escape((e.old_sha or 'new')[:8])} → {escape(e.new_sha[:8])}</code></td></tr>")
        out.append("</table></div>")
    return out


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _dot(when: datetime, start: datetime, span: float, title: str, cls: str = "") -> str:
    left = 100.0 * (when - start).total_seconds() / span
    return f'<span class="dot {cls}" style="left:{left:.2f}%" title="{escape(title)}"></span>'


def _sources(report: Report) -> list[str]:
    if not report.sources:
        return []
    out = ['<h2 id="sources">Sources</h2>', '<div class="card"><table><tr><th>source</th><th>status</th><th>HTTP</th>'
           "<th>detail</th></tr>"]
    for s in report.sources:
        detail = s.error or (s.final_url if s.final_url and s.final_url != s.url else "")
        out.append(f"<tr><td>{_link(s.url)}</td><td>{escape(s.status)}</td><td>{s.http_status or ''}</td>"
                   f"<td>{escape(detail or '')}</td></tr>")
    out.append("</table></div>")
    return out
