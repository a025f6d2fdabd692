"""The examples in viz's docstrings run as written (viz is outside pytest's doctest paths)."""

import doctest
import importlib
import pkgutil

import pytest

import viz

MODULES = sorted(
    ["viz"] + [f"viz.{m.name}" for m in pkgutil.iter_modules(viz.__path__)],
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name, tmp_path, monkeypatch):
    # Examples that save a picture write it into the working directory.
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, verbose=False)
    assert result.failed == 0
