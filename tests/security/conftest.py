"""The security suite: attacks against a real ``leanengine serve`` process, made the way they
were found (response and timing oracles, amplification, lockouts, replay, malformed input).
Each file takes one kind of attacker; servers and raw-HTTP clients come from the server
tests' ``users_server`` and ``core_helpers``, put on the path here."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "server"))
