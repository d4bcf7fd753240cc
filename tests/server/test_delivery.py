"""Where verification codes go when no sender is configured."""

import pytest
import users_server

from leanengine.protocol.errors import LeanCloudError
from leanengine.server.users import delivery


class _Services:
    def __init__(self, data_dir):
        self.data_dir = str(data_dir)


def test_development_falls_back_to_the_log_and_outbox(tmp_path, monkeypatch):
    monkeypatch.delenv("LEANENGINE_SENDER", raising=False)
    monkeypatch.delenv("LEANCLOUD_APP_ENV", raising=False)
    sender = delivery.sender_for(_Services(tmp_path))
    sender.send_sms("+8613800000000", "your code is 123456", code="123456")
    assert "123456" in (tmp_path / "outbox.jsonl").read_text()


def test_production_refuses_instead_of_logging_codes(tmp_path, monkeypatch):
    monkeypatch.delenv("LEANENGINE_SENDER", raising=False)
    monkeypatch.setenv("LEANCLOUD_APP_ENV", "production")
    with pytest.raises(LeanCloudError) as refused:
        delivery.sender_for(_Services(tmp_path))
    assert (refused.value.code, refused.value.status) == (1, 503)


def test_production_server_answers_503_and_logs_no_code(tmp_path):
    process, api = users_server.start(tmp_path, {"LEANCLOUD_APP_ENV": "production",
                                                 "LEANENGINE_SENDER": ""})
    try:
        status, body = api.post("/1.1/requestSmsCode", {"mobilePhoneNumber": "+8613800000001"})
    finally:
        users_server.stop(process)
    assert (status, body["code"]) == (503, 1)
    assert not (tmp_path / "outbox.jsonl").exists()
    assert "SMS to" not in api.log_path.read_text(errors="replace")
