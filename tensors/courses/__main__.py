"""``python -m tensors.courses NAME``: run a course program, ``torch`` meaning ``tensors``."""

import sys

from . import PROGRAMS, run

if len(sys.argv) != 2 or sys.argv[1] not in PROGRAMS:
    names = ", ".join(PROGRAMS)
    sys.exit(f"usage: python -m tensors.courses NAME, where NAME is one of: {names}")
run(sys.argv[1])
