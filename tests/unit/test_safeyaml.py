"""YAML inputs are loaded with a bounded expansion: alias bombs are refused, fast."""
import resource
import time

import pytest

from checker.errors import ConfigError, InputError
from checker.safeyaml import load_yaml

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def test_alias_bomb_refused_quickly_and_small():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="expand past"):
        load_yaml(BOMB, "bomb.yaml")
    assert time.perf_counter() - t0 < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KiB


def test_small_aliases_allowed_when_permitted():
    data = load_yaml("base: &b {type: string}\nother: *b\n", "ok.yaml")
    assert data["other"] == {"type": "string"}


def test_aliases_refused_when_not_permitted_with_line():
    with pytest.raises(InputError, match=r"x\.yaml: YAML aliases \(\*b\) are not allowed \(line 2\)"):
        load_yaml("base: &b {type: string}\nother: *b\n", "x.yaml", aliases=False)


def test_star_in_plain_text_is_not_an_alias():
    assert load_yaml("a: '2 * 3'\nb: x*y\n", "t.yaml") == {"a": "2 * 3", "b": "x*y"}


def test_invalid_yaml_names_file_and_line():
    with pytest.raises(InputError, match=r"bad\.yaml: invalid YAML at line 2"):
        load_yaml("a: [1\nb: }\n", "bad.yaml")


def test_rule_file_bomb_is_a_config_error(tmp_path):
    from checker.rules.load import parse_yaml

    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    with pytest.raises(ConfigError, match="aliases"):
        parse_yaml(path, "rules/openrouter/bomb.yaml")
