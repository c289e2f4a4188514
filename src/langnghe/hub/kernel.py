"""A trainee's Python kernel on a hub: ipykernel without its debugger. ipykernel builds the debugger
whenever debugpy can be imported; a trainee never opens it, and it costs every kernel about 7 MB.

    python -m langnghe.hub.kernel -f CONNECTION_FILE   (the kernelspec of workshop.TRAINEE_KERNEL)
"""

import sys

sys.modules["debugpy"] = None  # import debugpy now fails: ipykernel leaves its debugger out
from ipykernel.kernelapp import launch_new_instance  # noqa: E402

if __name__ == "__main__":
    launch_new_instance()
