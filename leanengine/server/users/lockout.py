"""Login lockout, LeanCloud's rule: six failed logins (a wrong password or a wrong login
code) lock the account, and the lock lifts 15 minutes after the last attempt; a locked
account refuses even the right password (219).

The count lives in a store counter, so every process serving the app shares it, and an
attempt takes its unit BEFORE the password is compared (reserve, then verify): sixty
concurrent guesses get six checks, not sixty. A right attempt gives back its own unit only;
it never wipes the failures before it, or each login of the owner would hand a guesser six
fresh guesses.
"""

from __future__ import annotations

from ...protocol import errors
from ...protocol.errors import LeanCloudError

WINDOW = 15 * 60
MAX_FAILURES = 6


def _key(user_id: str) -> str:
    return f"login-attempts:{user_id}"


def locked() -> LeanCloudError:
    return LeanCloudError(errors.LOGIN_LOCKED, "Too many failed login attempts; try again "
                          "15 minutes later or reset the password.")


def begin_attempt(services, user_id: str) -> None:
    """Count a login attempt before it is checked; 219 when the account is locked."""
    if services.store.add_to_counter(_key(user_id), limit=MAX_FAILURES, idle=WINDOW) is None:
        raise locked()


def attempt_succeeded(services, user_id: str) -> None:
    """The attempt begun was right: it is not a failure."""
    services.store.add_to_counter(_key(user_id), -1)


def unlock(services, user_id: str) -> None:
    """After the owner proved itself another way (a password reset by code or link)."""
    services.store.drop_counter(_key(user_id))
