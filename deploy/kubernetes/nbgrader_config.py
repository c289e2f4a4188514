"""nbgrader for every server started from the trainee image (/etc/jupyter/nbgrader_config.py).

The exchange is ngshare, a hub service, so no disk is shared between pods. With
LANGNGHE_TRAO_DOI set (values-trao-doi-chung.yaml) it is nbgrader's own file exchange on a
shared ReadWriteMany volume instead. The formgrader pod adds the course directory's own
nbgrader_config.py (course id "langnghe") on top of this file.
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

EXCHANGE_DIR = os.environ.get("LANGNGHE_TRAO_DOI")
# The ngshare chart's Service in the hub's namespace (helm release "ngshare", port 8080).
NGSHARE_URL = os.environ.get("LANGNGHE_NGSHARE_URL", "http://ngshare:8080/services/ngshare")

if EXCHANGE_DIR:
    c.Exchange.root = EXCHANGE_DIR
    c.CourseDirectory.course_id = "langnghe"
    # Every pod runs as the same Unix user (jovyan): file ownership proves nothing here.
    c.CollectApp.check_owner = False
else:
    from ngshare_exchange import configureExchange

    configureExchange(c, NGSHARE_URL)
    # Trainees see the courses they are enrolled in without a config file of their own.
    c.CourseDirectory.course_id = "*"
