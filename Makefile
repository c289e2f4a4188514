# Khóa học langnghe.
#   make course  tạo môi trường .venv/, cài khóa học và mở JupyterLab tiếng Việt
#   make test    tạo môi trường nếu chưa có và chạy toàn bộ kiểm thử (.ci/run gọi lệnh này)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.langnghe-installed
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
PYTEST_ARGS ?= -n auto --dist loadgroup

.PHONY: course test env fonts browser release data clean

env: $(STAMP)

# Reinstalled whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
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

course: $(STAMP) fonts
	$(BIN)/langnghe lab

test: $(STAMP) browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Maintainer shortcuts: regenerate student versions and the start page; regenerate datasets.
release: $(STAMP)
	$(BIN)/langnghe release
	$(BIN)/langnghe start-page

data: $(STAMP)
	$(BIN)/python -m langnghe.datagen

clean:
	rm -rf $(VENV) .jupyter gradebook.db
