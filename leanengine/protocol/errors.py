"""LeanCloud error codes and the exception that carries them."""

# Codes from LeanCloud's error-code reference (docs/sdk/other/error-code.mdx).
OTHER_CAUSE = 1
INTERNAL_SERVER_ERROR = 1
OBJECT_NOT_FOUND = 101
INVALID_QUERY = 102
INVALID_CLASS_NAME = 103
MISSING_OBJECT_ID = 104
INVALID_KEY_NAME = 105
INVALID_POINTER = 106
INVALID_JSON = 107
COMMAND_UNAVAILABLE = 108
INCORRECT_TYPE = 111
INVALID_CHANNEL_NAME = 112
OBJECT_TOO_LARGE = 116
OPERATION_FORBIDDEN = 119
INVALID_FIELD_VALUE = 120  # not used by LeanCloud docs directly, kept for clarity
INVALID_NESTED_KEY = 121
INVALID_FILE_NAME = 122
INVALID_ACL = 123
TIMEOUT = 124
INVALID_EMAIL_ADDRESS = 125
DUPLICATE_VALUE = 137
SCRIPT_FAILED = 141
VALIDATION_FAILED = 142
FILE_DELETE_FAILED = 153
CQL_SYNTAX_ERROR = 300
GEO_POINT_INVALID = 302
NO_EFFECT = 305
USERNAME_MISSING = 200
PASSWORD_MISSING = 201
USERNAME_TAKEN = 202
EMAIL_TAKEN = 203
EMAIL_MISSING = 204
EMAIL_NOT_FOUND = 205
SESSION_MISSING = 206
MUST_CREATE_USER_THROUGH_SIGNUP = 207
ACCOUNT_ALREADY_LINKED = 208
INVALID_SESSION_TOKEN = 211  # LeanCloud answers 211 for an unknown user and a bad session
PASSWORD_MISMATCH = 210
USER_NOT_FOUND = 211
MOBILE_PHONE_MISSING = 212
MOBILE_PHONE_NOT_FOUND = 213
MOBILE_PHONE_TAKEN = 214
MOBILE_PHONE_NOT_VERIFIED = 215
EMAIL_NOT_VERIFIED = 216
INVALID_USERNAME = 217
INVALID_PASSWORD = 218
LOGIN_LOCKED = 219
INVALID_SMS_CODE = 603
UNAUTHORIZED = 401
FORBIDDEN = 403


class LeanCloudError(Exception):
    """An error answered by a LeanCloud-compatible service: a code and a message.

    ``status`` is the HTTP status it travels with (400 unless said otherwise).
    """

    def __init__(self, code: int, error: str, status: int = 400):
        super().__init__(code, error)
        self.code = code
        self.error = error
        self.status = status

    def __str__(self) -> str:
        return f"LeanCloudError: [{self.code}] {self.error}"

    def to_dict(self) -> dict:
        return {"code": self.code, "error": self.error}


class LeanCloudWarning(UserWarning):
    """Warned about deprecated or unusual use of the SDK."""
