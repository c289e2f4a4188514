# Per-trainee memory limit enforced by systemd (jupyterhub-systemdspawner), for a real server.
# Append to the workshop's jupyterhub_config.py, after the configure(...) line:
#   cat deploy/mot-may-chu/gioi_han_bo_nho.py >> /srv/langnghe/lop-hoc/jupyterhub_config.py
# `langnghe hub create` writes that file anew: append this again after each create.
# Needs: /opt/langnghe/.venv/bin/pip install jupyterhub-systemdspawner
c = get_config()  # noqa: F821 (provided by JupyterHub when it loads the config file)

# Each trainee's server becomes a transient systemd unit with its own cgroup, so MemoryMax=
# caps the server and every kernel it starts together. The limit is the workshop's
# Spawner.mem_limit ("bo_nho" in hoi-thao.json, 2G unless changed); the default
# LocalProcessSpawner only passes that number on to JupyterLab.
c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
# A trainee's server may use at most one CPU core, so one heavy notebook cannot slow the class.
c.SystemdSpawner.cpu_limit = 1.0
# Private /tmp and /dev for each trainee; no sudo from a notebook.
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True
c.SystemdSpawner.disable_user_sudo = True
# Trainees' Unix accounts already exist (langnghe hub create made them).
c.SystemdSpawner.dynamic_users = False
