"""Conventions of web/, as tests: one clock, one configuration table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import web
from web import config, settings
from web.config import DEFAULTS

SOURCES = sorted(Path(web.__file__).parent.rglob("*.py"))
CLOCK_READS = re.compile(r"utcnow|datetime\.now|\.today\(|time\.(monotonic|time|perf_counter)")


def _name(path: Path) -> str:
    return path.relative_to(Path(web.__file__).parent.parent).as_posix()


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_only_the_apps_clock_tells_the_time(path):
    if _name(path) == "web/clock.py":
        return
    assert not CLOCK_READS.findall(path.read_text()), "read the time through web.clock"


def _is_config(node: ast.AST) -> bool:
    """`config` or `….config`."""
    return "config" in (getattr(node, "id", None), getattr(node, "attr", None))


def _config_keys(tree: ast.AST) -> set[str]:
    """Keys read as `….config["X"]` or `….config.get("X")`."""
    keys = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_config(node.value):
            key = node.slice
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "get" and _is_config(node.func.value) and node.args):
            key = node.args[0]
        else:
            continue
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            keys.add(key.value)
    return keys


def test_every_configuration_key_read_has_its_default_in_the_table():
    read = {key: _name(path) for path in SOURCES
            for key in _config_keys(ast.parse(path.read_text()))}
    assert {"PUBLIC_URL", "SIGNIN_THROTTLE", "CLOCK", "IDLE_MINUTES"} <= read.keys()
    assert {key: where for key, where in read.items() if key not in DEFAULTS} == {}


def test_every_environment_variable_sets_a_key_of_the_table(monkeypatch, tmp_path):
    samples = {int: "8192", settings.NUMBER: "7", bool: "true"}
    for setting in settings.SETTINGS:
        monkeypatch.setenv(setting.env, samples.get(setting.kind, f"http://{tmp_path.name}"))

    loaded = config.load()

    assert loaded.keys() == DEFAULTS.keys()
    assert {s.key for s in settings.SETTINGS} <= DEFAULTS.keys()
    assert loaded["PROXY_HOPS"] == 8192 and loaded["IDLE_EXIT_MINUTES"] == 7.0
    assert loaded["INSECURE_PLAIN_HTTP"] is True
    assert loaded["CONFIG_SOURCES"]["THREADS"] == "environment COFFRE_THREADS"
