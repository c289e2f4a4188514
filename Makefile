# Khóa học langnghe.
#   make course  tạo môi trường .venv/, cài khóa học và mở JupyterLab tiếng Việt
#   make test    tạo môi trường nếu chưa có và chạy toàn bộ kiểm thử (.ci/run gọi lệnh này)
SHELL := /bin/bash
# The hub runs each trainee's server as their own Unix user, who must be able to run this
# Python: prefer the system's (a pyenv under /root is closed to them) when it is 3.11 or newer.
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys, ensurepip; assert sys.version_info >= (3, 11)' 2>/dev/null \
            && echo /usr/bin/python3 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.langnghe-installed
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
PYTEST_ARGS ?= -n auto --dist loadgroup

.PHONY: course test env node fonts browser proxy pdftools hub release data docs-screenshots bundle site clean lock upgrade

env: $(STAMP)

# The course's JupyterLab extension (labextension/): pip's install of the package builds it with Node
# (hatch-jupyter-builder, pyproject.toml), so a change to its sources reinstalls too.
LABEXTENSION_SOURCES := $(shell find labextension -path labextension/node_modules -prune -o -path labextension/lib -prune \
                          -o -path labextension/.yarn -prune -o -type f -print 2>/dev/null)

# Reinstalled whenever pyproject.toml, the tested versions or the extension's sources change.
# constraints.txt pins every package to the version the tests last passed with (see `make lock`).
$(STAMP): pyproject.toml constraints.txt $(LABEXTENSION_SOURCES) | node
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[hub,test]"
	$(BIN)/python -c "from langnghe.lab import install_overrides; install_overrides()"
	touch $@

# Noto Mono has every Vietnamese letter; DejaVu Sans Mono, the usual default, lacks 46.
fonts:
	@fc-list 2>/dev/null | grep -qi "Noto Mono" || { \
	  echo "Cài phông chữ Noto Mono (đủ chữ tiếng Việt cho ô lệnh)..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-mono fontconfig; }

# The browser tests drive Debian's Chromium through Playwright (no browser download).
browser: fonts
	@test -x /usr/bin/chromium || { \
	  echo "Cài Chromium của Debian cho kiểm thử trình duyệt..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# The login-card tests read the PDF back: its text (poppler-utils) and its QR codes (zbar-tools).
pdftools:
	@command -v pdftotext >/dev/null && command -v zbarimg >/dev/null || { \
	  echo "Cài poppler-utils và zbar-tools để kiểm tra thẻ đăng nhập..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils zbar-tools; }

# Node.js builds the course's JupyterLab extension (make env) and runs JupyterHub's proxy.
node:
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "Cài Node.js và npm (để dựng phần mở rộng JupyterLab của khóa học và proxy của JupyterHub)..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }

# JupyterHub's proxy, from npm into node_modules/ (never a global install).
proxy: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# A hub on 127.0.0.1 with a sample roster, to try the workshop flow (not for real use).
hub: $(STAMP) proxy fonts
	$(BIN)/langnghe hub demo

# The course as a learner alone sees it (build/tu-hoc/, her work kept there); authors: $(BIN)/langnghe lab
course: $(STAMP) fonts
	$(BIN)/langnghe lab --tu-hoc

test: $(STAMP) browser proxy pdftools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The tested versions. `make upgrade` installs the newest versions pyproject.toml allows; if
# `make test` then passes, `make lock` writes them into constraints.txt (commit it with the fixes),
# then what Windows, macOS and the other Pythons of the offline bundles need besides (needs PyPI).
lock: $(STAMP)
	{ echo "# Phiên bản đã kiểm thử của mọi gói (make lock ghi lại từ .venv sau khi make test đạt)."; \
	  $(BIN)/python -m pip freeze --exclude-editable --all | grep -v '^pip=='; } > constraints.txt
	$(BIN)/python -c "from pathlib import Path; from langnghe.bundle import add_system_pins; add_system_pins(Path('.'))"
	touch $(STAMP)

upgrade:
	$(BIN)/python -m pip install --quiet --upgrade -e ".[hub,test]"
	touch $(STAMP)

# Maintainer shortcuts: regenerate student versions and the start page; regenerate datasets.
release: $(STAMP)
	$(BIN)/langnghe release
	$(BIN)/langnghe start-page

data: $(STAMP)
	$(BIN)/python -m langnghe.datagen

# The lessons as a static HTML site (executed, with charts; readable on a phone, offline) in build/site/.
site: $(STAMP)
	$(BIN)/langnghe site

# The self-study zip for learners (no solutions, hidden tests encoded) in dist/.
bundle: $(STAMP)
	$(BIN)/langnghe bundle

# The pictures in docs/hinh/ are taken by the browser tests (tests/screenshots.py), never by hand.
DOCS_SCREENSHOT_TESTS ?= tests/test_lab.py tests/test_bai_tap_browser.py tests/test_hub_browser.py
docs-screenshots: $(STAMP) browser
	@fc-list 2>/dev/null | grep -qi "Noto Color Emoji" || { \
	  echo "Cài phông biểu tượng (emoji) cho ảnh chụp màn hình..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-color-emoji; }
	LANGNGHE_ANH_TAI_LIEU=docs/hinh $(BIN)/python -m pytest -p no:xdist -q $(DOCS_SCREENSHOT_TESTS)

clean:
	rm -rf $(VENV) .jupyter gradebook.db node_modules labextension/node_modules labextension/lib src/langnghe/labextension
