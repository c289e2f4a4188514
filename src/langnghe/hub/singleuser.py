"""A server on the hub (a trainee's, the formgrader's): JupyterHub's jupyterhub-singleuser, started
after `langnghe` has marked rfc3987_syntax absent (see langnghe/__init__.py). The server imports
jsonschema (jupyter_events), which otherwise compiles that grammar for "iri" formats no schema of the
server uses: about 2 s of CPU and 16 MB in every server, paid 30 times when a class logs in at once.

    python -m langnghe.hub.singleuser [jupyterhub-singleuser's arguments]
"""

from __future__ import annotations

import sys

import langnghe  # noqa: F401  (before jupyterhub: marks rfc3987_syntax absent)
from jupyterhub.singleuser import main

if __name__ == "__main__":
    sys.exit(main())
