"""Push: devices (``_Installation``) and sent notifications (``_Notification``).

This server records each push and the devices it targets; delivering to APNs, FCM or a
vendor channel goes through a pluggable sender (``LEANENGINE_PUSH_SENDER=module:attr``,
called as ``sender(notification, installations)``), by default a line in the server log.
"""
