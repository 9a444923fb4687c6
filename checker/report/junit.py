"""JUnit XML: one test case per source, per rule and per request; failures carry message + URL.

Suites: `sources` (every source of the run, passing when nothing was found about it; a fetch
problem is an <error>: the source could not be checked), `rules` (one case per rule that fired,
keyed by its file and line) and `requests` (one case per payload/capture request). Info findings
do not fail a case; they are listed in its system-out.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from checker.models import Finding, Kind, Report, Severity
from checker.report import Reporter, ReportContext
from checker.report.layout import one_line

_SUITES = ("sources", "rules", "requests")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def _case_key(f: Finding) -> tuple[str, str]:
    loc = f.location
    if f.kind == Kind.RULE:
        where = f"{loc.file}:{loc.line}" if loc.file and loc.line else (loc.file or loc.source)
        return "rules", f"{f.code} ({where})"
    if f.kind == Kind.CLIENT:
        where = f"{loc.file}:{loc.line}" if loc.file and loc.line else (loc.file or "")
        return "requests", f"{loc.source} ({where})" if where and where != loc.source else loc.source
    return "sources", loc.source


class JunitReporter(Reporter):
    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        cases: dict[str, dict[str, list[Finding]]] = {s: defaultdict(list) for s in _SUITES}
        for source in report.sources:
            cases["sources"][source.id]  # a passing case unless findings name it
        for f in report.findings:
            suite, name = _case_key(f)
            cases[suite][name].append(f)
        root = ET.Element("testsuites", name="checker")
        totals = {"tests": 0, "failures": 0, "errors": 0}
        seconds = f"{report.duration_ms / 1000:.3f}"
        for suite_name in _SUITES:
            if not cases[suite_name]:
                continue
            suite = ET.SubElement(root, "testsuite", name=f"checker.{suite_name}",
                                  timestamp=report.started_at.isoformat(timespec="seconds"))
            counts = {"tests": 0, "failures": 0, "errors": 0}
            for name, findings in sorted(cases[suite_name].items()):
                outcome = _case(suite, suite_name, name, findings)
                counts["tests"] += 1
                if outcome:
                    counts[outcome] += 1
            suite.attrib.update({k: str(v) for k, v in counts.items()}, skipped="0", time=seconds)
            for k in totals:
                totals[k] += counts[k]
        root.attrib.update({k: str(v) for k, v in totals.items()}, time=seconds)
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _case(suite: ET.Element, suite_name: str, name: str, findings: list[Finding]) -> str | None:
    """Add one <testcase>; return "failures", "errors" or None (passed)."""
    case = ET.SubElement(suite, "testcase", name=_clean(name), classname=f"checker.{suite_name}")
    failing = [f for f in findings if f.severity.at_least(Severity.WARNING)]
    infos = [f for f in findings if f not in failing]
    outcome = None
    if failing:
        tag = "error" if all(f.kind == Kind.FETCH for f in failing) else "failure"
        first = failing[0]
        message = one_line(first.message, 400) + f" ({first.official_url})"
        if len(failing) > 1:
            message += f" and {len(failing) - 1} more"
        element = ET.SubElement(case, tag, message=_clean(message), type=first.code)
        element.text = _clean("\n".join(_detail(f) for f in failing))
        outcome = "errors" if tag == "error" else "failures"
    if infos:
        ET.SubElement(case, "system-out").text = _clean("\n".join(_detail(f) for f in infos))
    return outcome


def _detail(f: Finding) -> str:
    loc = f.location
    place = " ".join(p for p in (loc.operation, loc.section, loc.pointer) if p)
    lines = [f"{f.severity.value.upper()} {f.code}: {f.message}", f"  {f.official_url}"]
    if place:
        lines.append(f"  at {place}")
    if loc.file:
        lines.append(f"  in {loc.file}" + (f":{loc.line}" if loc.line else ""))
    return "\n".join(lines)
