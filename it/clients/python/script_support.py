"""What both client scripts share: JSON result lines, one-line failures, polling with a deadline."""

import json
import sys
import time

DEADLINE_S = 45.0


def emit(kind, **fields):
    print(json.dumps(dict(kind=kind, **fields), sort_keys=True), flush=True)


def fail(message):
    print("error: " + message, file=sys.stderr, flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def wait_until(condition, what, deadline_s=DEADLINE_S):
    deadline = time.monotonic() + deadline_s
    while not condition():
        if time.monotonic() > deadline:
            fail("timed out waiting for " + what)
        time.sleep(0.05)
