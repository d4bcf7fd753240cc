"""One-time verification codes (SMS and e-mail) and the sender that delivers them.

A code is six digits, valid for ``ttl`` seconds, bound to a purpose and a target (a phone
number or an address). Only a SHA-256 digest of the code is kept; checking compares in
constant time. Delivery goes through a ``Sender``: the default one writes the message to
the server log and appends it to an outbox file in the data directory, which is what
development (and tests) read instead of a phone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("leanengine.server.sender")

DEFAULT_TTL = 10 * 60
MAX_ATTEMPTS = 5  # guesses a code takes before it is burnt


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def digest(code: str) -> str:
    return hashlib.sha256(str(code).encode()).hexdigest()


@dataclass
class IssuedCode:
    """What the store keeps about a code: never the code itself. (Wrong guesses are
    counted beside it, by ``code_records``.)"""

    purpose: str
    target: str
    digest: str
    expires_at: float

    def matches(self, code: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        return now < self.expires_at and hmac.compare_digest(self.digest, digest(code))


def issue(purpose: str, target: str, ttl: float = DEFAULT_TTL, now: float | None = None,
          code: str | None = None) -> tuple[str, IssuedCode]:
    """A fresh code and the record to store for it."""
    code = code or new_code()
    now = time.time() if now is None else now
    return code, IssuedCode(purpose, target, digest(code), now + ttl)


class Sender:
    """Delivers codes and links. Subclass and pass to the server to use a real provider."""

    def send_sms(self, phone: str, text: str, **meta) -> None:
        raise NotImplementedError

    def send_email(self, address: str, subject: str, text: str, **meta) -> None:
        raise NotImplementedError


class LogSender(Sender):
    """Development delivery: a log line plus a JSON line in ``outbox`` (if given)."""

    def __init__(self, outbox: str | Path | None = None):
        self.outbox = Path(outbox) if outbox else None
        self._lock = threading.Lock()

    def send_sms(self, phone: str, text: str, **meta) -> None:
        log.info("SMS to %s: %s", phone, text)
        self._append({"channel": "sms", "to": phone, "text": text, **meta})

    def send_email(self, address: str, subject: str, text: str, **meta) -> None:
        log.info("E-mail to %s: %s\n%s", address, subject, text)
        self._append({"channel": "email", "to": address, "subject": subject, "text": text, **meta})

    def _append(self, record: dict) -> None:
        if self.outbox is None:
            return
        record["at"] = time.time()
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock, open(self.outbox, "a", encoding="utf-8") as out:
            out.write(line)
