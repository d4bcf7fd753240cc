"""The status feed (LeanCloud's in-app social timeline): ``/statuses`` and
``/subscribe/statuses``.

A status is stored once in ``_Status`` and delivered to inboxes: one ``_StatusInbox`` row
per receiver, numbered by ``messageId`` within the receiver's inbox of that type.
Reading an inbox is a query; nothing is pushed to clients in real time (that would take
a realtime service, which leanengine does not have).
"""
