"""Plain-text report for a terminal, relevance first: the verdict, "Your integration" (every
relevant finding, in full), "Docs drift" (one line per operation or page, with counts), then how
to accept the drift. `--all` / `--min-severity` / `--only` / `-q` choose what is shown."""
from __future__ import annotations

import re
import textwrap
from functools import partial
from typing import Any, Callable

from checker.models import Finding, Kind, Report, Severity
from checker.report import Reporter, ReportContext
from checker.report.layout import page_of
from checker.report.view import (count_text, drift_lines, is_brief, is_claim, is_reading, split, verdict,
                                 word_diff)

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"
_EXCERPT = 160
MAX_DRIFT_LINES = 5
MAX_BECAUSE = 1  # reasons shown per finding (--format json has them all)
MAX_SECTIONS = 4  # section names shown per page to read
INDENT = " " * 10


def _excerpt(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _sev(severity: Severity, color: bool) -> str:
    label = severity.value.upper().ljust(7)
    return f"{_COLOURS[severity]}{label}{_RESET}" if color else label


def _where(f: Finding) -> str:
    """Where to look: the file (and line) a finding comes from, then operation / section / pointer."""
    loc = f.location
    parts = [loc.request or (f"{loc.file}:{loc.line}" if loc.file and loc.line else (loc.file or ""))]
    if f.count > 1 and parts[0]:  # the same finding on more requests (a shared change lists its operations)
        parts[0] += f" (and {f.count - 1} more)"
    parts.append(loc.operation or loc.section or "")
    if loc.pointer and f.kind == "client":
        parts.append(loc.pointer)
    return " ".join(p for p in parts if p)


def shown(findings: list[Finding], context: ReportContext) -> list[Finding]:
    """The findings the reader asked for: --only KIND and --min-severity."""
    if context.only:
        findings = [f for f in findings if f.kind in context.only]
    if context.min_severity:
        floor = Severity(context.min_severity)
        findings = [f for f in findings if f.severity.at_least(floor)]
    return findings


class ConsoleReporter(Reporter):
    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        sev = partial(_sev, color=context.color)
        wrap = partial(_wrap, width=max(40, context.width))
        lines = [self._header(report), verdict(report, context)]
        lines += [wrap(f"note: {note}", INDENT) for note in report.notes]
        findings = shown(report.findings, context)
        relevant, rest = split(findings)
        if context.show_all or context.min_severity:
            relevant, rest = relevant + rest, []
        if relevant:
            lines += ["", f"Your integration ({len(relevant)})"]
            if context.show_all:
                lines += [line for f in relevant for line in self._full(f, sev, wrap)]
            else:
                lines += self._relevant(relevant, sev, wrap)
                lines += self._claims([f for f in relevant if is_claim(f)], sev, max(40, context.width))
                lines += self._to_read([f for f in relevant if is_reading(f)], sev, max(40, context.width))
        if rest and not context.quiet:
            lines += self._drift(rest, sev, max(40, context.width))
        if not context.quiet and any(f.kind in (Kind.SPEC, Kind.PAGE) for f in findings) and report.mode != "diff":
            lines += ["", "accept this drift as the new baseline: checker check --update-snapshots"]
        else:
            lines.append("")
        lines.append(self._summary(report))
        return "\n".join(lines) + "\n"

    def _header(self, report: Report) -> str:
        parts = [f"checker {report.mode}"]
        if report.target:
            parts.append(f"target {report.target}")
        if report.sources:
            changed = sum(1 for s in report.sources if s.status not in ("unchanged", "new"))
            failed = sum(1 for s in report.sources if s.status == "error")
            parts.append(f"{len(report.sources)} sources ({changed} changed or moved, {failed} failed)")
        parts.append(f"{report.duration_ms} ms")
        return " | ".join(parts)

    def _relevant(self, relevant: list[Finding], sev: Callable[[Severity], str],
                  wrap: Callable[..., str]) -> list[str]:
        """Each broken assumption in full (tersely); one-line findings of one code together."""
        alike: dict[str, list[Finding]] = {}
        for f in relevant:
            if is_brief(f):
                alike.setdefault(f.code, []).append(f)
        lines = []
        for f in relevant:
            if is_brief(f) and alike[f.code][0] is f:
                lines += self._brief(alike[f.code], sev, wrap)
            elif not is_brief(f) and not is_reading(f) and not is_claim(f):
                lines += self._full(f, sev, wrap, terse=True)
        return lines

    def _full(self, f: Finding, sev: Callable[[Severity], str], wrap: Callable[..., str],
              terse: bool = False) -> list[str]:
        """`terse`: leave out what the lines already say (a rule's own file, structured before/after
        values that the JSON holds)."""
        place = _where(f)
        suffix = f"  [{place}]" if place and not (terse and f.message.startswith(f"{place}: ")) else ""
        lines = [wrap(f"  {sev(f.severity)} {f.code}: {f.message}{suffix}", INDENT)]
        reasons = () if terse and f.kind == Kind.RULE else f.relevant_because
        lines += [wrap(f"{INDENT}because: {why}", INDENT + "  ") for why in reasons[:MAX_BECAUSE]]
        if len(reasons) > MAX_BECAUSE:
            lines[-1] += f" (+{len(reasons) - MAX_BECAUSE} more)"
        if f.official_url not in f.message:
            lines.append(f"{INDENT}{f.official_url}")
        if _prose(f.before) and _prose(f.after):
            lines.append(wrap(f"{INDENT}~ {word_diff(f.before, f.after)}", INDENT + "  "))
            return lines
        if _said(f.before, f.message) and _said(f.after, f.message):
            return lines  # e.g. a moved page: the message names both URLs
        if terse and (isinstance(f.before, dict) or isinstance(f.after, dict)):
            return lines
        old, new = _excerpt(f.before), _excerpt(f.after)
        if f.before is not None and f.after is not None and old == new:  # alike up to the cut: the words that differ
            lines.append(wrap(f"{INDENT}~ {word_diff(_as_words(f.before), _as_words(f.after))}", INDENT + "  "))
            return lines
        if f.before is not None:
            lines.append(f"{INDENT}- {old}")
        if f.after is not None:
            lines.append(f"{INDENT}+ {new}")
        return lines

    def _brief(self, alike: list[Finding], sev: Callable[[Severity], str], wrap: Callable[..., str]) -> list[str]:
        """One line (wrapped) for findings whose message says it all; more of one code are named."""
        f = alike[0]
        url = "" if f.official_url in f.message else f"  {f.official_url}"
        worst = max((g.severity for g in alike), key=lambda s: s.rank)
        if len(alike) == 1:
            return [wrap(f"  {sev(worst)} {f.code}: {f.message}{url}", INDENT)]
        names = ", ".join(dict.fromkeys(g.location.source for g in alike))
        example = f.message.split(": ", 1)[-1] if f.message.startswith(f.location.source) else f.message
        return [wrap(f"  {sev(worst)} {f.code} ({len(alike)}): {names}; e.g. {example}{url}", INDENT)]

    def _claims(self, findings: list[Finding], sev: Callable[[Severity], str], width: int) -> list[str]:
        """Docs claims about what the integration sends: one line per code, naming what each is about."""
        return _line_per(findings, lambda f: f.code, _subject, sev, width,
                         lambda code, items: (f"{code}: {len(items)} about what you send: ", "  (--all: each in full)"))

    def _to_read(self, findings: list[Finding], sev: Callable[[Severity], str], width: int) -> list[str]:
        """Changed docs sections about what the integration uses: one line per page, with the sections
        (as many as fit; the page's URL too when it fits)."""
        return _line_per(findings, lambda f: f.location.source, lambda f: f.location.section or "?", sev, width,
                         lambda page, items: (f"{page}: read {len(items)} section change(s): ",
                                              f"  {page_of(items[0].official_url)}"))

    def _drift(self, rest: list[Finding], sev: Callable[[Severity], str], width: int) -> list[str]:
        groups = drift_lines(rest)
        lines = ["", f"Docs drift ({len(rest)} finding(s) elsewhere; --all shows each)"]
        for d in groups[:MAX_DRIFT_LINES]:
            line = f"  {sev(d.worst)} {d.key}: {d.total} change(s) ({count_text(d.counts)})"
            url = f"  {d.url}"  # when it fits: --all and the JSON name every page
            lines.append(line + url if len(_plain(line + url)) <= width else line)
        if len(groups) > MAX_DRIFT_LINES:
            more = groups[MAX_DRIFT_LINES:]
            lines.append(f"  … and {len(more)} more operation(s), component(s) or page(s) with "
                         f"{sum(d.total for d in more)} change(s)")
        return lines

    def _summary(self, report: Report) -> str:
        s = report.summary
        if not report.findings:
            return "no findings"
        return f"{s['error']} error(s), {s['warning']} warning(s), {s['info']} info"


def _said(value: Any, message: str) -> bool:
    """Nothing to add: no value, or the message quotes it (a string, or a list as the diff writes it)."""
    return value is None or (isinstance(value, (str, list)) and str(value) in message)


def _as_words(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


def _line_per(findings: list[Finding], key: Callable[[Finding], str], name: Callable[[Finding], str],
              sev: Callable[[Severity], str], width: int,
              words: Callable[[str, list[Finding]], tuple[str, str]]) -> list[str]:
    """One line per `key`: its worst severity, `words` (head, tail) and the `name`s of its findings
    (as many as fit in `width`)."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(key(f), []).append(f)
    lines = []
    for group, items in groups.items():
        worst = max((f.severity for f in items), key=lambda s: s.rank)
        head, tail = words(group, items)
        lines.append(_fit(f"  {sev(worst)} {head}", list(dict.fromkeys(name(f) for f in items)), tail, width))
    return lines


_QUOTED = re.compile(r"(?<!\w)'([^'\n]{1,60})'(?!\w)")  # not the apostrophe of "spec's"


def _subject(f: Finding) -> str:
    """What a docs claim is about: the first name its message quotes, else its section."""
    quoted = _QUOTED.search(f.message)
    return quoted.group(1) if quoted else (f.location.section or f.location.source or f.code)


def _prose(value: Any) -> bool:
    return isinstance(value, str) and len(value.split()) >= 3


def _fit(head: str, names: list[str], tail: str, width: int) -> str:
    """`head` + the names (up to MAX_SECTIONS, then "(+N more)") + `tail` on one line of `width`:
    the URL (`tail`) goes first, then names from the end; what still does not fit is wrapped."""
    options = []
    for keep in range(min(len(names), MAX_SECTIONS), 0, -1):
        more = f" (+{len(names) - keep} more)" if keep < len(names) else ""
        options.append(head + ", ".join(names[:keep]) + more)
    if len(_plain(options[0] + tail)) <= width:
        return options[0] + tail
    return next((line for line in options if len(_plain(line)) <= width), None) or _wrap(options[-1], INDENT, width)


_ANSI = re.compile(r"\033\[[0-9;]*m")
_LABEL = re.compile(r"\033\[[0-9;]*m(.*?)\033\[0m")


def _plain(text: str) -> str:
    return _ANSI.sub("", text)


def _wrap(text: str, indent: str, width: int) -> str:
    """Wrapped at `width` as the terminal shows it: the colour codes of the severity label take no room."""
    plain = _plain(text)
    if len(plain) <= width:
        return text
    wrapped = "\n".join(textwrap.wrap(plain, width=width, subsequent_indent=indent, break_on_hyphens=False,
                                      break_long_words=False))
    label = _LABEL.search(text)
    return wrapped.replace(label.group(1), label.group(0), 1) if label else wrapped
