# make demo / make test work from a fresh clone: they create .venv, install the
# project with its dev extra, and make sure Graphviz's `dot` program is there.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench notebooks lab dot chromium clean

demo: $(STAMP) dot
	$(PY) -m viz.demo build

# tests/test_layout.py (also run by pytest) prints every import circle, upward
# import and over-long file first, so a layout problem is read at a glance.
# Where PyTorch is installed pytest runs on every core (pytest-xdist), a test file
# on one core; without it, in one process (tests/conftest.py says why).
test: $(STAMP) dot chromium
	$(VENV)/bin/ruff check .
	$(PY) tests/test_layout.py
	$(PY) -m pytest -q -n auto --dist loadfile

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	$(PY) benchmarks/engine_bench.py
	$(PY) benchmarks/tensor_bench.py
	$(PY) benchmarks/op_overhead.py
	$(PY) benchmarks/tutorials_bench.py
	$(PY) benchmarks/layers_bench.py

# Re-execute the notebooks in place, saving their outputs (the tests check they are current).
notebooks: $(STAMP) dot
	cd notebooks && for nb in *.ipynb; do \
	  echo "running $$nb"; \
	  ../$(PY) -c "import sys, nbformat, nbclient; p = sys.argv[1]; nb = nbformat.read(p, 4); \
	nbclient.NotebookClient(nb, timeout=600, kernel_name='python3', record_timing=False, coalesce_streams=True).execute(); nbformat.write(nb, p)" "$$nb" || exit 1; \
	done

# JupyterLab on the lessons, with the notebooks extra (JupyterLab, ipywidgets, scikit-learn).
lab: $(STAMP) dot
	$(PY) -m pip install -q -e '.[dev,notebooks]'
	$(VENV)/bin/jupyter lab notebooks/

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Graphviz's `dot` renders the graph views. Install it with the system's
# package manager where we can; otherwise say how.
dot:
	@command -v dot >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Graphviz (apt-get install graphviz)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then \
	    sudo apt-get update -qq && sudo apt-get install -y -qq graphviz >/dev/null; \
	  elif command -v brew >/dev/null 2>&1; then \
	    brew install graphviz; \
	  elif command -v dnf >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    dnf install -y graphviz; \
	  else \
	    echo "Graphviz's 'dot' program is missing. Install Graphviz (https://graphviz.org/download/):"; \
	    echo "  Debian/Ubuntu: sudo apt-get install graphviz   macOS: brew install graphviz"; \
	    exit 1; \
	  fi; \
	}
	@command -v dot >/dev/null 2>&1 || { echo "Graphviz's 'dot' is still missing; install Graphviz and retry."; exit 1; }

# Headless Chromium for the browser test of the notebooks (tests/test_notebooks_browser.py).
# Installed where we can; elsewhere the test skips and says why, so this never fails.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	command -v google-chrome >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Chromium (apt-get install chromium)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	      || echo "Could not install Chromium; the browser test will be skipped."; \
	  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null \
	      || echo "Could not install Chromium; the browser test will be skipped."; \
	  else \
	    echo "Chromium is not installed; the notebooks' browser test will be skipped."; \
	    echo "  Debian/Ubuntu: sudo apt-get install chromium   macOS: brew install --cask chromium"; \
	  fi; \
	}

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
