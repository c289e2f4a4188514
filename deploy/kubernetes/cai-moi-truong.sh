#!/usr/bin/env bash
# The trainee image's Python environment, run by the Dockerfile from the repository's root:
#   deploy/kubernetes/cai-moi-truong.sh /opt/langnghe/venv
# A venv of the image's Python with exactly the tested versions (constraints.txt), the course
# package, JupyterHub's single-user server at the version of the hub the chart runs, and
# ngshare-exchange; the instructors' tools switched off as on the one-server hub.
# tests/test_deploy.py runs this script into a temporary folder.
set -euo pipefail
VENV=${1:?"cần thư mục môi trường, ví dụ /opt/langnghe/venv"}
# jupyterhub-singleuser must match the hub the chart runs (z2jh 4.3.3 runs JupyterHub 5.4.4);
# every other package keeps the version the tests passed with.
JUPYTERHUB_VERSION=${JUPYTERHUB_VERSION:-5.4.4}
NGSHARE_EXCHANGE_VERSION=0.5.3
RAPIDFUZZ_VERSION=3.14.6

"${PYTHON:-python3}" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
CONSTRAINTS=$(mktemp)
trap 'rm -f "$CONSTRAINTS"' EXIT
grep -v '^jupyterhub==' constraints.txt > "$CONSTRAINTS"
"${PIP[@]}" install --quiet -c "$CONSTRAINTS" . "jupyterhub==$JUPYTERHUB_VERSION" requests \
    "rapidfuzz==$RAPIDFUZZ_VERSION"
# ngshare-exchange 0.5.3 pins jupyter-core<4.11.2, which JupyterLab 4 cannot use: it goes in
# without its pins (its own code needs only rapidfuzz, requests and nbgrader's exchange API).
"${PIP[@]}" install --quiet --no-deps "ngshare-exchange==$NGSHARE_EXCHANGE_VERSION"

# Trainees fetch, check and submit in the Bài tập panel; the instructors' tools and what a trainee
# never uses stay off (the kernel's debugger too), and idle kernels are shut down, as on the
# one-server hub (langnghe.hub.workshop).
# The formgrader pod turns its server extension back on.
PY="$VENV/bin/python"
JUPYTER="$VENV/bin/jupyter"
# One call each: every jupyter command starts a whole application.
"$JUPYTER" server extension disable --sys-prefix $("$PY" -c "from langnghe.hub.workshop import TRAINEE_SERVER_EXTENSIONS as e
print(*[name for name, on in e.items() if not on])")
"$JUPYTER" labextension disable --level=sys_prefix $("$PY" -c "from langnghe.hub.workshop import TRAINEE_HIDDEN_LAB_PLUGINS as p; print(*p)")
"$PY" -c "import sys; from langnghe.hub.workshop import write_trainee_kernel; write_trainee_kernel(sys.prefix + '/share/jupyter')"
"$PY" -c "import json, sys; from langnghe.hub.workshop import trainee_kernel_culling
open(sys.prefix + '/etc/jupyter/jupyter_server_config.json', 'w').write(json.dumps(trainee_kernel_culling(), indent=2))"
# Vietnamese JupyterLab, the code font, and Python's errors explained in Vietnamese.
"$PY" -c "from langnghe.lab import install_overrides; install_overrides()"
