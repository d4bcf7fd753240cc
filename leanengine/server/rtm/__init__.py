"""Instant-messaging storage: conversations' message history over REST (``/rtm/...``).

Messages sent through the REST API are stored in ``_RtmMessage`` and read back through
``/rtm/messages/history``. No client receives them in real time: that is the job of an
IM (realtime) service, which leanengine does not provide.
"""
