"""Fixtures of the server tests: ``core_server`` (one ``leanengine serve`` per session, with a
temporary data dir), ``api`` (app key) and ``master_api`` (master key)."""

from __future__ import annotations

import pytest

from core_helpers import Api, ServerProcess


@pytest.fixture(scope="session")
def core_server(tmp_path_factory):
    server = ServerProcess(str(tmp_path_factory.mktemp("core-data")))
    yield server
    server.stop()


@pytest.fixture
def api(core_server) -> Api:
    return Api(core_server.url)


@pytest.fixture
def master_api(core_server) -> Api:
    return Api(core_server.url, master=True)
