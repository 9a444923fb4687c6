"""The integration profile (what the integration uses, with provenance) and relevance of findings.

The names are loaded on first use (PEP 562): `checker diff` imports checker.profile.group
only, and should not pay for the profile builder (rules, code scan) it does not run."""
from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "after_validate": "build", "build_profile": "build", "learn": "build", "relevance_stage": "build",
    "Fact": "model", "Origin": "model", "Profile": "model", "load_profile": "model",
    "profile_path": "model", "save_profile": "model",
    "apply_relevance": "relevance", "classify": "relevance",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'checker.profile' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"checker.profile.{home}"), name)
    globals()[name] = value
    return value
