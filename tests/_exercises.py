"""What the exercise tests share: the checkers, the solutions, and the verdict a checker
prints ("Right! ..." or "Not yet: ...", never a traceback)."""

import importlib.util
import pathlib

NOTEBOOK_DIR = pathlib.Path(__file__).parent.parent / "notebooks"


def load_checks(monkeypatch):
    """The lessons' checkers module (notebooks/checks.py), importable for this test only."""
    monkeypatch.syspath_prepend(str(NOTEBOOK_DIR))
    import checks as module

    return module


def _solution(name: str):
    path = NOTEBOOK_DIR / "solutions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"solution_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _verdict(check, answer, *args, capsys):
    """The checker's return value and what it printed; a traceback fails the test."""
    ok = check(answer, *args)
    out = capsys.readouterr().out
    assert out.startswith(("Right! ", "Not yet: ", "Not answered yet")), out
    assert "Traceback" not in out
    return ok, out


def _right(check, answer, *args, capsys):
    ok, out = _verdict(check, answer, *args, capsys=capsys)
    assert ok and out.startswith("Right! "), out


def _refused(check, answer, *args, says, capsys, hides=()):
    ok, out = _verdict(check, answer, *args, capsys=capsys)
    assert ok is False and out.startswith("Not yet: "), out
    assert says in out, out
    for secret in hides:
        assert secret not in out, f"the verdict shows the answer {secret}: {out}"


