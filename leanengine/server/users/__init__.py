"""Users, sessions, roles, class permissions and follows for the storage API server.

Pure rules (no store, no HTTP): ``passwords`` (scrypt, LeanCloud's legacy hash),
``tokens``, ``codes`` (one-time codes, the Sender interface), ``lockout``, ``roles``
(hierarchy), ``permissions`` (class-level permission documents).

On the store: ``accounts`` (users, sessions, failed logins), ``code_records`` (stored
codes and tokens), ``principals`` (the core's plug points: caller resolution and class
permission checks), ``guards`` (write guards of ``_User`` and ``_Role``), ``delivery``
(the sender in use, public urls), ``events`` (what the engine's user hooks hear).

Routes: ``routes`` (sign-up, login, me, users), ``codes_flow`` (SMS and e-mail requests),
``email_links``, ``captcha``, ``follow``, ``role_routes``, ``permission_routes``.
"""
