"""``python -m tutorials NAME``: run a tutorial program with ``torch`` meaning ``tensors``."""

import sys

from . import PROGRAMS, run

if len(sys.argv) != 2 or sys.argv[1] not in PROGRAMS:
    sys.exit(f"usage: python -m tutorials NAME, where NAME is one of: {', '.join(PROGRAMS)}")
run(sys.argv[1])
