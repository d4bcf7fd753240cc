"""File local state: names, mime types, sizes, metadata, URLs. No server."""

import hashlib
import io

import pytest

import leanengine


def test_mime_type_from_the_extension_or_given():
    assert leanengine.File("a.png", b"x").mime_type == "image/png"
    assert leanengine.File("resume.txt", io.StringIO("LeanCloud")).mime_type == "text/plain"
    given = leanengine.File("resume.txt", io.StringIO('{"company":"LeanCloud"}'),
                            "application/json")
    assert given.mime_type == "application/json"
    f = leanengine.File("noext", b"x")
    f.mime_type = "application/x-custom"
    assert f.mime_type == "application/x-custom"


def test_size_checksum_and_owner_metadata():
    f = leanengine.File("resume.txt", b"\x4c\x65\x61\x6e\x43\x6c\x6f\x75\x64")
    assert f.size == 9 and f.metadata["size"] == 9
    assert f.metadata["_checksum"] == hashlib.md5(b"LeanCloud").hexdigest()
    assert f.owner_id == "unknown"  # no current user
    f.metadata["author"] = "LeanCloud"
    assert f.metadata["author"] == "LeanCloud"
    assert f.name == "resume.txt" and f.url is None and f.id is None


def test_streams_are_read_from_the_start():
    stream = io.BytesIO(b"abcdef")
    stream.read(3)
    assert leanengine.File("s.bin", stream).size == 6
    with pytest.raises(TypeError):
        leanengine.File("n.bin", 12345)


def test_create_with_url_and_without_data():
    f = leanengine.File.create_with_url("logo.png", "http://example.com/logo.png",
                                        meta_data={"w": 1})
    assert f.url == "http://example.com/logo.png" and f.metadata["w"] == 1
    assert f.metadata["__source"] == "external" and f.mime_type == "image/png"
    with pytest.raises(ValueError):
        leanengine.File.create_with_url("x.png", None)
    g = leanengine.File.create_without_data("552e0a27e4b0643b709e891e")
    assert g.id == "552e0a27e4b0643b709e891e"


def test_thumbnail_needs_a_url_and_sane_arguments():
    with pytest.raises(ValueError):
        leanengine.File("a.png", b"x").get_thumbnail_url(10, 10)
    f = leanengine.File.create_with_url("a.png", "http://h/a.png")
    assert f.get_thumbnail_url(100, 50, quality=80, scale_to_fit=False, fmt="jpg") == \
        "http://h/a.png?imageView/1/w/100/h/50/q/80/format/jpg"


def test_acl_on_files():
    f = leanengine.File("a.txt", b"x")
    acl = leanengine.ACL()
    acl.set_public_read_access(True)
    f.set_acl(acl)
    assert f.get_acl() is acl
    with pytest.raises(TypeError):
        f.set_acl({"*": {"read": True}})
