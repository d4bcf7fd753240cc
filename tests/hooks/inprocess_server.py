"""The storage server with the test app's engine wired in-process (what ``leanengine up``
does), under gevent on 127.0.0.1: ``python inprocess_server.py PORT DATA_DIR``."""

from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402

import hook_app  # noqa: E402

from leanengine.cli import keys_from_environ, no_delay_server  # noqa: E402
from leanengine.server import create_app  # noqa: E402


def main(port: str, data_dir: str) -> None:
    app = create_app(data_dir, keys_from_environ())
    app.attach_engine(hook_app.app)
    no_delay_server()(("127.0.0.1", int(port)), app, log=None).serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:3])
