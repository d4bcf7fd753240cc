import hashlib
import time

from leanengine.protocol import credentials, dates, hookmark
from leanengine.protocol.credentials import AppKeys, Credentials, authenticate

KEYS = AppKeys("appid", "appkey", "masterkey", "hookkey")


def test_hook_mark_vector():
    key = "3v7z633lzfec9qzx8sjql6zimvdpmtwypcchr2gelu5mrzb0"
    mark = hookmark.sign(key, "__before_for_TestClass", 1453711871302)
    assert mark == "1453711871302,a9611dbc226eed1a5f4aa0e4fa20e2d014aeaeb8"
    assert hookmark.verify([key], "__before_for_TestClass", mark, now_ms=1453711871302 + 1000)
    assert not hookmark.verify([key], "__before_for_Other", mark, now_ms=1453711871302)
    assert not hookmark.verify(["wrong"], "__before_for_TestClass", mark, now_ms=1453711871302)
    # stale
    assert not hookmark.verify([key], "__before_for_TestClass", mark, now_ms=1453711871302 + 10**9)
    assert not hookmark.verify([key], "__before_for_TestClass", "garbage")


def test_dates_round_trip():
    d = dates.parse_iso("2015-06-21T18:02:52.249Z")
    assert dates.format_iso(d) == "2015-06-21T18:02:52.249Z"
    assert dates.encode_date(d) == {"__type": "Date", "iso": "2015-06-21T18:02:52.249Z"}


def test_now_is_stamped_in_the_wire_form_and_follows_the_clock(monkeypatch):
    import time
    from datetime import datetime, timezone
    before = datetime.now(timezone.utc).replace(microsecond=0)
    stamp = dates.now_iso()
    assert dates.format_iso(dates.parse_iso(stamp)) == stamp and before <= dates.parse_iso(stamp)
    for moment, text in ((1434909772_249_000_000, "2015-06-21T18:02:52.249Z"),
                         (1434909772_999_999_999, "2015-06-21T18:02:52.999Z"),
                         (1434909773_000_000_000, "2015-06-21T18:02:53.000Z"),   # the next second
                         (1434909772_001_000_000, "2015-06-21T18:02:52.001Z")):  # and back again
        monkeypatch.setattr(time, "time_ns", lambda moment=moment: moment)
        assert dates.now_iso() == text


def _auth(**environ):
    return authenticate(Credentials.from_environ(environ), KEYS)


def test_key_forms():
    assert _auth(HTTP_X_LC_ID="appid", HTTP_X_LC_KEY="appkey") == "app"
    assert _auth(HTTP_X_LC_ID="appid", HTTP_X_LC_KEY="masterkey,master") == "master"
    assert _auth(HTTP_X_LC_ID="appid", HTTP_X_LC_KEY="appkey,master") is None
    assert _auth(HTTP_X_LC_ID="appid", HTTP_X_LC_KEY="nope") is None
    assert _auth(HTTP_X_LC_ID="other", HTTP_X_LC_KEY="appkey") is None
    assert _auth(HTTP_X_LC_ID="appid") is None
    assert _auth(HTTP_X_AVOSCLOUD_APPLICATION_ID="appid",
                 HTTP_X_AVOSCLOUD_APPLICATION_KEY="appkey") == "app"
    assert _auth(HTTP_X_ULURU_APPLICATION_ID="appid", HTTP_X_ULURU_MASTER_KEY="masterkey") == "master"


def test_signatures():
    ts = 1453711871302
    good = hashlib.md5(f"{ts}appkey".encode()).hexdigest() + f",{ts}"
    assert credentials.make_sign("appkey", ts) == good
    assert _auth(HTTP_X_LC_ID="appid", HTTP_X_LC_SIGN=good) is None   # 2016: long expired
    ts = int(time.time() * 1000)
    good = credentials.make_sign("appkey", ts)
    assert _auth(HTTP_X_LC_ID="appid", HTTP_X_LC_SIGN=good) == "app"
    assert _auth(HTTP_X_LC_ID="appid", HTTP_X_LC_SIGN=credentials.make_sign("masterkey", ts, True)) == "master"
    assert _auth(HTTP_X_LC_ID="appid", HTTP_X_LC_SIGN=credentials.make_sign("appkey", ts, True)) is None
    assert _auth(HTTP_X_LC_ID="appid", HTTP_X_LC_SIGN="abc,def") is None


def test_body_credentials():
    creds = Credentials.from_environ({}, {"_ApplicationId": "appid", "_ApplicationKey": "appkey",
                                          "_SessionToken": "tok"})
    assert authenticate(creds, KEYS) == "app"
    assert creds.session_token == "tok"


def test_constant_time_comparison_takes_any_text():
    assert credentials.same("appkey", "appkey")
    assert not credentials.same("appkey", "appkeY")
    assert credentials.same("ключ", "ключ")  # non-ASCII header values do not crash
    assert not credentials.same("ключ", "appkey")
    assert not credentials.same(None, None) and not credentials.same("", "")
