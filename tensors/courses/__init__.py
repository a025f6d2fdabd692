"""Programs that walk the courses learners take after PyTorch's tutorials: Andrej
Karpathy's "Neural Networks: Zero to Hero" and "Dive into Deep Learning" (d2l,
its PyTorch tab), and a runner that runs them on this project.

Each program is a plain script starting with ``import torch``; it makes the
lecture's or chapter's calls in their order, at sizes a scalar engine runs in
seconds, on data in ``data/`` (a few hundred generated names for makemore, five
of Shakespeare's sonnets for the GPT) or small synthetic sets where a chapter
downloads one. Under PyTorch it runs as it is; ``run`` runs it with ``torch``
meaning ``tensors``. ``python -m tensors.courses NAME`` runs one from a shell.

>>> from tensors import courses
>>> courses.PROGRAMS[0], courses.path("zero_to_hero_gpt").name
('zero_to_hero_micrograd', 'zero_to_hero_gpt.py')
"""

from __future__ import annotations

import pathlib
import runpy
from typing import Any, Dict

from ..tutorials import torch_is_tensors

__all__ = ["PROGRAMS", "COURSES", "path", "run"]

HERE = pathlib.Path(__file__).parent

#: The programs of each course, in the course's order.
COURSES = {
    "Neural Networks: Zero to Hero": (
        "zero_to_hero_micrograd",
        "zero_to_hero_makemore1",
        "zero_to_hero_makemore2",
        "zero_to_hero_makemore3",
        "zero_to_hero_makemore4",
        "zero_to_hero_makemore5",
        "zero_to_hero_gpt",
    ),
    "Dive into Deep Learning": (
        "d2l_ch02_preliminaries",
        "d2l_ch03_linear_regression",
        "d2l_ch04_softmax_regression",
        "d2l_ch05_mlp",
        "d2l_ch06_builders_guide",
        "d2l_ch07_convolutions",
        "d2l_ch08_modern_cnns",
        "d2l_ch09_10_rnns",
        "d2l_ch11_attention",
    ),
}

#: Every program, course by course.
PROGRAMS = tuple(name for names in COURSES.values() for name in names)


def path(name: str) -> pathlib.Path:
    """The file of program ``name``.

    >>> path("zero_to_hero_makemore1").name
    'zero_to_hero_makemore1.py'
    """
    if name not in PROGRAMS:
        raise ValueError(f"no course program {name!r}; the programs are {', '.join(PROGRAMS)}")
    return HERE / f"{name}.py"


def run(name: str) -> Dict[str, Any]:
    """Run program ``name`` on this project (``torch`` is ``tensors``); returns its globals."""
    with torch_is_tensors():
        return runpy.run_path(str(path(name)), run_name="__main__")
