"""The workshop hub: JupyterHub for a class, from a roster (`langnghe hub ...`)."""
