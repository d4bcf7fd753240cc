"""Keys and headers shared by the engine tests."""

APP_ID = "engine-test-id"
APP_KEY = "engine-test-key"
MASTER_KEY = "engine-test-master"
HOOK_KEY = "engine-test-hook"
API_KEYS = (APP_ID, APP_KEY, MASTER_KEY, HOOK_KEY)

APP_HEADERS = {"X-LC-Id": APP_ID, "X-LC-Key": APP_KEY}
MASTER_HEADERS = {"X-LC-Id": APP_ID, "X-LC-Key": f"{MASTER_KEY},master"}
HOOK_HEADERS = {**APP_HEADERS, "X-LC-Hook-Key": HOOK_KEY}

PREFIXES = ("/1.1", "/1", "/__engine/1.1", "/__engine/1")
