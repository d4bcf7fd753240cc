"""GeoPoint and ACL: pure values, no server."""

import math

import pytest

import leanengine


def test_geopoint_bounds_are_checked():
    leanengine.GeoPoint(90, 180)
    leanengine.GeoPoint(-90, -180)
    for lat, lng in ((90.1, 0), (-90.1, 0), (0, 180.1), (0, -180.1)):
        with pytest.raises(ValueError):
            leanengine.GeoPoint(lat, lng)
    point = leanengine.GeoPoint(39.9, 116.4)
    with pytest.raises(ValueError):
        point.latitude = 91
    with pytest.raises(ValueError):
        point.longitude = -181
    assert (point.latitude, point.longitude) == (39.9, 116.4)


def test_geopoint_distances():
    beijing = leanengine.GeoPoint(39.9, 116.4)
    shanghai = leanengine.GeoPoint(31.23, 121.47)
    km = beijing.kilometers_to(shanghai)
    assert 1060 < km < 1075  # about 1067 km
    assert beijing.miles_to(shanghai) == pytest.approx(km / 6371.0 * 3958.8)
    assert beijing.radians_to(shanghai) == pytest.approx(km / 6371.0)
    assert beijing.kilometers_to(beijing) == 0
    antipode = leanengine.GeoPoint(-39.9, 116.4 - 180)
    assert beijing.radians_to(antipode) == pytest.approx(math.pi)


def test_geopoint_dump():
    assert leanengine.GeoPoint(1.5, -2).dump() == {"__type": "GeoPoint", "latitude": 1.5,
                                                   "longitude": -2}
    assert leanengine.GeoPoint() == leanengine.GeoPoint(0, 0)


def test_acl_public_user_and_role_access():
    acl = leanengine.ACL()
    assert acl.dump() == {}
    acl.set_public_read_access(True)
    acl.set_write_access("user1", True)
    acl.set_read_access("user1", True)
    acl.set_role_write_access("admin", True)
    acl.set_role_read_access("admin", True)
    assert acl.dump() == {"*": {"read": True}, "user1": {"read": True, "write": True},
                          "role:admin": {"read": True, "write": True}}
    assert acl.get_public_read_access() and not acl.get_public_write_access()
    assert acl.get_read_access("user1") and acl.get_write_access("user1")
    assert not acl.get_read_access("user2")
    assert acl.get_role_read_access("admin") and acl.get_role_write_access("admin")
    acl.set_write_access("user1", False)
    acl.set_read_access("user1", False)
    acl.set_public_read_access(False)
    assert acl.dump() == {"role:admin": {"read": True, "write": True}}


def test_acl_takes_users_and_roles():
    user = leanengine.User()
    user.id = "u42"
    role = leanengine.Role("Moderators")
    acl = leanengine.ACL({"*": {"read": True}})
    acl.set_write_access(user, True)
    acl.set_role_write_access(role, True)
    assert acl.get_write_access("u42") and acl.get_role_write_access("Moderators")
    acl.set_read_access(role, True)
    assert acl.get_read_access("role:Moderators")
    with pytest.raises(TypeError):
        acl.set_role_read_access(42, True)
