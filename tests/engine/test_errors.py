from leanengine import LeanEngineError


def test_explicit_status_code_and_message():
    err = LeanEngineError(status=404, code=1234567, message="nowhere")
    assert (err.status, err.code, err.message) == (404, 1234567, "nowhere")


def test_code_that_is_an_http_status_becomes_the_status():
    err = LeanEngineError(226, "leancloud")
    assert (err.status, err.code, err.message) == (226, 226, "leancloud")


def test_code_that_is_not_an_http_status_travels_with_400():
    assert (LeanEngineError(2020, "x").status, LeanEngineError(2020, "x").code) == (400, 2020)
    assert LeanEngineError(233, "y").status == 400


def test_message_only_and_no_arguments():
    err = LeanEngineError("error messages")
    assert (err.status, err.code, err.message) == (400, 400, "error messages")
    err = LeanEngineError()
    assert (err.status, err.code, err.message) == (400, 400, "error")


def test_status_without_code_is_code_1():
    err = LeanEngineError(message="m", status=403)
    assert (err.status, err.code) == (403, 1)
    assert err.to_dict() == {"code": 1, "error": "m"}
