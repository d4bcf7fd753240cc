"""The wire contract shared by the engine, the storage SDK and the server.

Nothing here does I/O: typed-JSON date helpers, error codes, credential parsing and
checking, and hook-mark signatures.
"""
