"""Who is calling: the key they used, and the user and roles behind their session token."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Caller:
    master: bool = False
    hook: bool = False
    session_token: str | None = None
    user: dict | None = None
    roles: list = field(default_factory=list)
    production: bool = True
    internal: bool = False        # the server's own work: no engine hooks fire for it
    deadline: float | None = None  # time.monotonic() by which the request must be done

    @classmethod
    def master_key(cls) -> "Caller":
        """A caller with every right, for the server's own work."""
        return cls(master=True, internal=True)

    @property
    def user_id(self) -> str | None:
        return self.user.get("objectId") if self.user else None

    @property
    def principals(self) -> tuple:
        """The ACL entries that apply to this caller: ``*``, its user id, ``role:<name>``s."""
        found = ["*"]
        if self.user_id:
            found.append(self.user_id)
        found.extend(f"role:{name}" for name in self.roles)
        return tuple(found)

    @property
    def acl_principals(self) -> tuple | None:
        """Principals for ACL filtering; None means no filtering (master key)."""
        return None if self.master else self.principals
