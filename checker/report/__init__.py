"""Reporters: each turns a Report into text. Only reporters write; the CLI puts their text where asked.

REPORTERS maps a --format name to "module:Class" so that a run imports only the reporters it uses.
"""
from __future__ import annotations

import importlib
from typing import Protocol

from checker.errors import ConfigError
from checker.models import Report

REPORTERS: dict[str, str] = {
    "console": "checker.report.console:ConsoleReporter",
    "json": "checker.report.json:JsonReporter",
    "sarif": "checker.report.sarif:SarifReporter",
    "junit": "checker.report.junit:JunitReporter",
    "github": "checker.report.github:GithubReporter",
    "markdown": "checker.report.markdown:MarkdownReporter",
    "html": "checker.report.html:HtmlReporter",
}


class Reporter(Protocol):
    def render(self, report: Report) -> str: ...


def get_reporter(name: str, **options: object) -> Reporter:
    spec = REPORTERS.get(name)
    if spec is None:
        known = ", ".join(sorted(REPORTERS))
        raise ConfigError(f"unknown --format '{name}'", f"choose one of: {known}")
    module_name, class_name = spec.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(**options)
