"""Which rules directory a run uses: --rules, CHECKER_RULES, the repository's own rules/, the bundled one."""
from importlib import resources
from pathlib import Path

from checker.sources.target import bundled_rules_dir, load_target, rules_root
from tests.sites import site_rules


def test_bundled_rules_are_package_data():
    root = bundled_rules_dir()
    assert root.parts[-3:] == ("checker", "data", "rules")
    assert root == Path(str(resources.files("checker.data"))).resolve() / "rules"  # where packaging put it
    assert load_target("openrouter", root).spec.url == "https://openrouter.ai/openapi.json"


def test_order_of_precedence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHECKER_RULES", raising=False)
    (tmp_path / "rules" / "lint").mkdir(parents=True)  # someone else's rules/: no target in it
    assert rules_root(None) == bundled_rules_dir()
    site_rules(tmp_path)  # now ./rules/site/target.yaml: the repository's own rules
    assert rules_root(None) == Path("rules")
    monkeypatch.setenv("CHECKER_RULES", "/env/rules")
    assert rules_root(None) == Path("/env/rules")
    assert rules_root("given") == Path("given")
