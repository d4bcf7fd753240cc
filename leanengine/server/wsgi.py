"""The storage API for WSGI process managers, one store connection per worker process:

    LEANCLOUD_APP_ID=... LEANCLOUD_APP_KEY=... LEANCLOUD_APP_MASTER_KEY=... \\
    LEANENGINE_DATA=/srv/lean gunicorn -k gevent -w 4 leanengine.server.wsgi:app

``LEANENGINE_ENGINE_URL`` attaches the app's engine (its hooks), as ``serve --engine-url`` does.
Workers import this module after forking, so each opens its own SQLite connection; several
processes on one data directory stay correct (writes are serialised by SQLite).
"""

from __future__ import annotations

import gc
import os

from ..cli import keys_from_environ
from .app import create_app

_keys = keys_from_environ()
if _keys is None:
    raise RuntimeError("set LEANCLOUD_APP_ID, LEANCLOUD_APP_KEY and LEANCLOUD_APP_MASTER_KEY")

app = create_app(os.path.abspath(os.environ.get("LEANENGINE_DATA", ".leanengine")), _keys)
if os.environ.get("LEANENGINE_ENGINE_URL"):     # like `leanengine serve --engine-url`
    app.attach_engine(os.environ["LEANENGINE_ENGINE_URL"])
gc.freeze()   # as `leanengine serve` does: startup's objects are never collected again
