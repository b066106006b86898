# The two README commands, `make video` and `make test`, set everything up themselves.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# What manim needs to build (cairo, pango) and to typeset MathTex (a TeX Live subset); the film's one
# type family, Computer Modern, for Pango too: CMU Serif (fonts-cmu) and Latin Modern Math (fonts-lmodern).
APT_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config fonts-dejavu-core fonts-cmu fonts-lmodern \
	texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended texlive-science dvisvgm hugo \
	chromium chromium-driver
# chromium and its driver: the tests open the blog gallery and the lecture in a real browser;
# hugo: they build a page with the embed kit's Hugo shortcode.

.PHONY: setup system video test bench profile present-extra

setup: system $(STAMP)

# Install only the missing Debian packages; `apt-get update` only when something is missing.
system:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then \
			echo "Missing system packages:$$missing"; \
			echo "Install them (e.g. sudo apt-get install --no-install-recommends$$missing) and run make again."; \
			exit 1; \
		fi; \
		echo "Installing system packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(PY):
	python3 -m venv $(VENV)

# Reinstalled only when pyproject.toml changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	$(PY) -m lstm_explainer.rendering.revealjs >/dev/null
	touch $(STAMP)

video: setup
	$(PY) render.py render --quality l --jobs 2 --combine

# One worker per core; the tests that read the same scene builds run on one of them (xdist_group).
test: setup
	$(PY) -m pytest -n auto --dist loadgroup

bench: setup
	@$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install -q -e '.[bench]'
	$(PY) benchmarks/bench_model.py
	$(PY) benchmarks/bench_render.py --goals

# Where one scene's render time goes, beat by beat: make profile SCENE=ErrorRecurrence [SIZE=320x180@15]
SIZE ?= 320x180@15
profile: setup
	@test -n "$(SCENE)" || { echo "Name a scene: make profile SCENE=ErrorRecurrence"; exit 2; }
	$(PY) benchmarks/bench_render.py --profile $(SCENE) --size $(SIZE)

# Optional: manim-slides' own presenter for `lecture` decks (Qt for Python, a large download).
present-extra: setup
	$(PY) -m pip install -q -e '.[present]'
