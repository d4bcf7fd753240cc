"""A latitude/longitude pair (``{"__type": "GeoPoint"}`` on the wire)."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0
EARTH_RADIUS_MILES = 3958.8


def _check(latitude: float, longitude: float) -> None:
    if not -90.0 <= latitude <= 90.0:
        raise ValueError(f"GeoPoint latitude {latitude} is outside [-90, 90]")
    if not -180.0 <= longitude <= 180.0:
        raise ValueError(f"GeoPoint longitude {longitude} is outside [-180, 180]")


class GeoPoint:
    """A point on the Earth; bounds are checked on creation and on every change."""

    def __init__(self, latitude: float = 0, longitude: float = 0):
        _check(latitude, longitude)
        self._latitude = latitude
        self._longitude = longitude

    @property
    def latitude(self) -> float:
        return self._latitude

    @latitude.setter
    def latitude(self, value: float) -> None:
        _check(value, self._longitude)
        self._latitude = value

    @property
    def longitude(self) -> float:
        return self._longitude

    @longitude.setter
    def longitude(self, value: float) -> None:
        _check(self._latitude, value)
        self._longitude = value

    def dump(self) -> dict:
        return {"__type": "GeoPoint", "latitude": self._latitude, "longitude": self._longitude}

    def radians_to(self, other: "GeoPoint") -> float:
        """Great-circle distance in radians (haversine)."""
        lat1, lng1 = math.radians(self._latitude), math.radians(self._longitude)
        lat2, lng2 = math.radians(other.latitude), math.radians(other.longitude)
        a = (math.sin((lat1 - lat2) / 2) ** 2
             + math.cos(lat1) * math.cos(lat2) * math.sin((lng1 - lng2) / 2) ** 2)
        return 2 * math.asin(math.sqrt(min(1.0, a)))

    def kilometers_to(self, other: "GeoPoint") -> float:
        return self.radians_to(other) * EARTH_RADIUS_KM

    def miles_to(self, other: "GeoPoint") -> float:
        return self.radians_to(other) * EARTH_RADIUS_MILES

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, GeoPoint) and self._latitude == other.latitude
                and self._longitude == other.longitude)

    def __hash__(self) -> int:
        return hash((self._latitude, self._longitude))

    def __repr__(self) -> str:
        return f"GeoPoint(latitude={self._latitude!r}, longitude={self._longitude!r})"
