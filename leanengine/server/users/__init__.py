"""Users, sessions, roles, class permissions and follows for the storage API server."""
