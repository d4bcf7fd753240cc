"""``leanengine.User``: the ``_User`` class with sign-up, login, sessions and SMS flows.

The current user lives in the request context (``leanengine.context``): inside the
engine each request has its own, in a plain script there is one for the process. The
SDK sends the current user's session token with every request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import context
from ..protocol.errors import LeanCloudError
from . import client
from .friendship import FriendshipQuery
from .object_ import Object
from .relation import Relation  # noqa: F401  (``leancloud.user.Relation``, as there)

if TYPE_CHECKING:
    from .role import Role

_NOT_STORED = ("password", "smsCode")


class _CurrentUserLocals:
    """``thread_locals``: the legacy SDK kept the current user in a ``threading.local``
    as ``thread_locals.current_user``; this reads and writes the request context's user,
    so code that touches it directly still agrees with ``User.get_current``."""

    @property
    def current_user(self) -> "User | None":
        return User.get_current()

    @current_user.setter
    def current_user(self, user: "User | None") -> None:
        User.set_current(user)

    @current_user.deleter
    def current_user(self) -> None:
        User.set_current(None)


thread_locals = _CurrentUserLocals()


class User(Object):
    _class_name = "_User"

    def __init__(self, **attrs: Any):
        self._session_token: str | None = None
        super().__init__(**attrs)

    # -- session ------------------------------------------------------------------

    @property
    def session_token(self) -> str | None:
        return self._session_token

    def get_session_token(self) -> str | None:
        return self._session_token

    def _update_data(self, server_data: dict) -> None:
        if "sessionToken" in server_data:
            server_data = dict(server_data)
            self._session_token = server_data.pop("sessionToken")
        super()._update_data(server_data)
        for key in _NOT_STORED:
            self._attributes.pop(key, None)

    @classmethod
    def get_current(cls) -> "User | None":
        return context.get().user

    @classmethod
    def set_current(cls, user: "User | None") -> None:
        ctx = context.get()
        ctx.user = user
        ctx.session_token = user.session_token if user is not None else None

    @property
    def is_current(self) -> bool:
        current = context.get().user
        if current is None:
            return False
        return current is self or (self.id is not None and current.id == self.id)

    def _logged_in(self, answer: dict) -> None:
        self._update_data(answer)
        User.set_current(self)

    @classmethod
    def become(cls, session_token: str) -> "User":
        """The user owning ``session_token`` (211 when the token is not valid); it
        becomes the current user."""
        answer = client.get("/users/me", {"session_token": session_token},
                            session_token=session_token)
        if not answer or "objectId" not in answer:
            raise LeanCloudError(211, "Could not find user.")
        user = cls()
        user._session_token = session_token
        user._logged_in(answer)
        return user

    def is_authenticated(self) -> bool:
        """True when the user has a session token that the server accepts."""
        if not self._session_token:
            return False
        try:
            answer = client.get("/users/me", {"session_token": self._session_token},
                                session_token=self._session_token)
        except LeanCloudError as exc:
            if exc.code == 211:
                return False
            raise
        return answer.get("objectId") == self.id

    def refresh_session_token(self) -> None:
        """Give the user a new session token; other logins of the user stop working."""
        answer = client.put(f"/users/{self.id}/refreshSessionToken", {},
                            session_token=self._session_token)
        self._update_data(answer)
        if self.is_current:
            User.set_current(self)

    # -- sign-up and login ----------------------------------------------------------

    def save(self, where: Any = None, fetch_when_save: bool | None = None,
             make_current: bool = False) -> None:
        super().save(where=where, fetch_when_save=fetch_when_save)
        if make_current:
            User.set_current(self)

    def sign_up(self, username: str | None = None, password: str | None = None) -> None:
        """Create the user (username and password required); it becomes current."""
        if username:
            self.set("username", username)
        if password:
            self.set("password", password)
        if not self.get("username"):
            raise TypeError("invalid username: a user needs a username to sign up")
        if not self.get("password"):
            raise TypeError("invalid password: a user needs a password to sign up")
        self.save(make_current=True)

    def login(self, username: str | None = None, password: str | None = None,
              email: str | None = None) -> None:
        """Log in with a username (or an email) and a password; the user becomes current."""
        body: dict[str, Any] = {}
        username = username or self.get("username")
        email = email or self.get("email")
        password = password or self.get("password")
        if username:
            body["username"] = username
        elif email:
            body["email"] = email
        if password:
            body["password"] = password
        answer = client.post("/login", body)
        self._logged_in(answer)

    @classmethod
    def login_with_mobile_phone(cls, phone_number: str, password: str) -> "User":
        return cls._new_login("/login", {"mobilePhoneNumber": phone_number,
                                         "password": password})

    @classmethod
    def signup_or_login_with_mobile_phone(cls, phone_number: str, sms_code: str) -> "User":
        """Sign up or log in with a phone number and the SMS code sent to it."""
        return cls._new_login("/usersByMobilePhone", {"mobilePhoneNumber": phone_number,
                                                      "smsCode": sms_code})

    @classmethod
    def _new_login(cls, path: str, body: dict) -> "User":
        """A new user of this class, logged in by what ``path`` answers to ``body``."""
        user = cls()
        user._logged_in(client.post(path, body))
        return user

    def logout(self) -> None:
        """Forget the current user (when this user is the current one)."""
        if self.is_current:
            User.set_current(None)

    def update_password(self, old_password: str, new_password: str) -> None:
        answer = client.put(f"/users/{self.id}/updatePassword",
                            {"old_password": old_password, "new_password": new_password},
                            session_token=self._session_token)
        self._update_data(answer)
        if self.is_current:
            User.set_current(self)

    # -- third-party accounts (authData) --------------------------------------------

    @classmethod
    def login_with(cls, platform: str, third_party_auth_data: dict) -> "User":
        """Sign up or log in with a third-party account's authData."""
        user = cls()
        answer = client.post("/users", {"authData": {platform: third_party_auth_data}})
        user._logged_in(answer)
        if "authData" not in answer:
            user._attributes["authData"] = {platform: third_party_auth_data}
        return user

    def link_with(self, provider: str, third_party_auth_data: dict | None) -> "User":
        if not isinstance(provider, str):
            raise TypeError("provider must be a string")
        auth_data = dict(self.get("authData") or {})
        auth_data[provider] = third_party_auth_data
        self.set("authData", auth_data)
        answer = client.put(f"/users/{self.id}", {"authData": {provider: third_party_auth_data}},
                            session_token=self._session_token)
        self._update_data(answer)
        if third_party_auth_data is None:
            auth_data.pop(provider, None)
        self._attributes["authData"] = auth_data
        return self

    def unlink_from(self, provider: str) -> "User":
        return self.link_with(provider, None)

    def is_linked(self, provider: str) -> bool:
        return bool((self.get("authData") or {}).get(provider))

    # -- fields ---------------------------------------------------------------------

    def get_username(self) -> str | None:
        return self.get("username")

    def set_username(self, username: str) -> "User":
        return self.set("username", username)

    def set_password(self, password: str) -> "User":
        return self.set("password", password)

    def get_email(self) -> str | None:
        return self.get("email")

    def set_email(self, email: str) -> "User":
        return self.set("email", email)

    def get_mobile_phone_number(self) -> str | None:
        return self.get("mobilePhoneNumber")

    def set_mobile_phone_number(self, phone_number: str) -> "User":
        return self.set("mobilePhoneNumber", phone_number)

    def get_roles(self) -> list["Role"]:
        """The roles whose ``users`` relation holds this user."""
        from .relation import Relation
        return Relation.reverse_query("_Role", "users", self).find()

    # -- followers ------------------------------------------------------------------

    def follow(self, target_id: str) -> None:
        client.post(f"/users/{self.id}/friendship/{target_id}", {},
                    session_token=self._session_token)

    def unfollow(self, target_id: str) -> None:
        client.delete(f"/users/{self.id}/friendship/{target_id}",
                      session_token=self._session_token)

    @classmethod
    def create_follower_query(cls, user_id: str) -> "FriendshipQuery":
        """Who follows ``user_id`` (results are Users, in the ``follower`` field)."""
        from .friendship import FriendshipQuery
        if not user_id or not isinstance(user_id, str):
            raise TypeError(f"invalid user_id: {user_id!r}")
        return FriendshipQuery("_Follower").equal_to("user", User.create_without_data(user_id))

    @classmethod
    def create_followee_query(cls, user_id: str) -> "FriendshipQuery":
        """Whom ``user_id`` follows (results are Users, in the ``followee`` field)."""
        from .friendship import FriendshipQuery
        if not user_id or not isinstance(user_id, str):
            raise TypeError(f"invalid user_id: {user_id!r}")
        return FriendshipQuery("_Followee").equal_to("user", User.create_without_data(user_id))

    # -- email and SMS flows --------------------------------------------------------

    @classmethod
    def request_password_reset(cls, email: str) -> None:
        client.post("/requestPasswordReset", {"email": email})

    @classmethod
    def request_email_verify(cls, email: str) -> None:
        client.post("/requestEmailVerify", {"email": email})

    @classmethod
    def request_mobile_phone_verify(cls, phone_number: str,
                                    validate_token: str | None = None) -> None:
        client.post("/requestMobilePhoneVerify",
                    _with_token({"mobilePhoneNumber": phone_number}, validate_token))

    @classmethod
    def verify_mobile_phone_number(cls, sms_code: str, phone_number: str | None = None) -> None:
        body = {"mobilePhoneNumber": phone_number} if phone_number else {}
        client.post(f"/verifyMobilePhone/{sms_code}", body)

    @classmethod
    def request_password_reset_by_sms_code(cls, phone_number: str,
                                           validate_token: str | None = None) -> None:
        client.post("/requestPasswordResetBySmsCode",
                    _with_token({"mobilePhoneNumber": phone_number}, validate_token))

    @classmethod
    def reset_password_by_sms_code(cls, sms_code: str, new_password: str,
                                   phone_number: str | None = None) -> None:
        body = {"password": new_password}
        if phone_number:
            body["mobilePhoneNumber"] = phone_number
        client.put(f"/resetPasswordBySmsCode/{sms_code}", body)

    @classmethod
    def request_login_sms_code(cls, phone_number: str, validate_token: str | None = None) -> None:
        client.post("/requestLoginSmsCode",
                    _with_token({"mobilePhoneNumber": phone_number}, validate_token))

    @classmethod
    def request_change_phone_number(cls, phone_number: str, ttl: int | None = None,
                                    validate_token: str | None = None) -> None:
        body: dict[str, Any] = {"mobilePhoneNumber": phone_number}
        if ttl is not None:
            body["ttl"] = ttl
        client.post("/requestChangePhoneNumber", _with_token(body, validate_token))

    @classmethod
    def change_phone_number(cls, sms_code: str, phone_number: str) -> None:
        client.post("/changePhoneNumber", {"mobilePhoneNumber": phone_number, "code": sms_code})


def _with_token(body: dict, validate_token: str | None) -> dict:
    if validate_token:
        body["validate_token"] = validate_token
    return body
