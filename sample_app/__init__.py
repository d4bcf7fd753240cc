"""A small Todo app on leanengine: cloud functions and hooks (cloud.py), a web app with
logins kept in a cookie session (web.py), and the WSGI entry point (wsgi.py)."""
