"""Engine tests: an Engine under werkzeug's test client, with the app's keys set per test."""

from __future__ import annotations

import pytest
from engine_support import API_KEYS
from werkzeug.test import Client

import leanengine
from leanengine import Engine, config


@pytest.fixture(autouse=True)
def app_keys():
    leanengine.init(*API_KEYS)
    yield
    config.reset()


def hello_web_app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello from the web app"]


@pytest.fixture
def engine():
    return Engine(hello_web_app)


@pytest.fixture
def client(engine):
    return Client(engine)
