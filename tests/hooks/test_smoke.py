def test_before_save_fills_defaults(platform):
    status, created = platform.call("POST", "/classes/Todo", {"title": "a"})
    assert status == 201, created
    status, got = platform.call("GET", f"/classes/Todo/{created['objectId']}")
    assert got["priority"] == 1, got
