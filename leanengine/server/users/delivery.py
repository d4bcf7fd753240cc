"""Delivering codes and links: the sender in use, and the public address of this server
that links and file urls start with."""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path

from werkzeug.wsgi import get_current_url

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from . import codes

log = logging.getLogger("leanengine.server.sender")

_sender: codes.Sender | None = None
_log_senders: dict[str, codes.LogSender] = {}


def set_sender(sender: codes.Sender | None) -> None:
    """Deliver codes and links through ``sender`` (None: back to the development log)."""
    global _sender
    _sender = sender


def sender_for(services) -> codes.Sender:
    """The sender in use: ``set_sender``'s, else the one ``LEANENGINE_SENDER`` names
    (``module:attribute``, a Sender or a class to instantiate), else the development log.

    In production (``LEANCLOUD_APP_ENV=production``) there is no log fallback: codes and
    reset links are secrets and must not end up in log files, so sending is refused.
    """
    if _sender is None and os.environ.get("LEANENGINE_SENDER"):
        try:
            set_sender(_load_sender(os.environ["LEANENGINE_SENDER"]))
        except Exception:
            log.exception("LEANENGINE_SENDER=%s cannot be loaded: codes and links cannot be "
                          "sent.", os.environ["LEANENGINE_SENDER"])
            raise LeanCloudError(errors.OTHER_CAUSE, "This server's SMS and e-mail sender "
                                 "cannot be loaded.", status=503) from None
    if _sender is not None:
        return _sender
    if os.environ.get("LEANCLOUD_APP_ENV") == "production":
        log.error("No sender configured (LEANENGINE_SENDER): codes and links cannot be sent.")
        raise LeanCloudError(errors.OTHER_CAUSE, "This server has no SMS or e-mail sender "
                             "configured.", status=503)
    data_dir = getattr(services, "data_dir", None)
    key = str(data_dir)
    if key not in _log_senders:
        outbox = Path(data_dir) / "outbox.jsonl" if data_dir else None
        log.warning("No sender configured (LEANENGINE_SENDER): verification codes and links "
                    "go to this log and to %s instead of phones and mailboxes.", outbox)
        _log_senders[key] = codes.LogSender(outbox)
    return _log_senders[key]


def _load_sender(spec: str) -> codes.Sender:
    module_name, _, attribute = spec.partition(":")
    found = getattr(importlib.import_module(module_name), attribute or "sender")
    return found() if isinstance(found, type) else found


def base_url(req) -> str:
    """Scheme and host the client reached this server at (for links and file urls);
    ``LEANENGINE_PUBLIC_URL`` overrides it, e.g. behind a proxy."""
    configured = os.environ.get("LEANENGINE_PUBLIC_URL")
    if configured:
        return configured.rstrip("/")
    if req.environ.get("wsgi.url_scheme"):
        return get_current_url(req.environ, host_only=True).rstrip("/")
    return ""
