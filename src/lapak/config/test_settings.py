"""Settings for the test suite: the production settings with fast hashing and an in-process task queue.

`DATABASE_URL` still selects the database, so the same suite runs on SQLite and on PostgreSQL.
"""

import base64
import os
import secrets
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Identity vault: fresh random keys for every test run, so no key material is ever committed.
os.environ.setdefault("IDENTITY_VAULT_KEYS", "test1:" + base64.b64encode(secrets.token_bytes(32)).decode("ascii"))
os.environ.setdefault("IDENTITY_LOOKUP_KEY", base64.b64encode(secrets.token_bytes(32)).decode("ascii"))
os.environ.setdefault("LAPAK_VAR_DIR", tempfile.mkdtemp(prefix="lapak-test-var-"))
# An empty static root of its own: WhiteNoise scans it at start-up, and the tests never collect static files.
os.environ.setdefault("STATIC_ROOT", os.path.join(os.environ["LAPAK_VAR_DIR"], "static"))
os.makedirs(os.environ["STATIC_ROOT"], exist_ok=True)

from lapak.config.settings import *  # noqa: E402, F403
from lapak.config.settings import STORAGES, _database  # noqa: E402

# The suite always has a read replica: a database of its own standing in for the streaming copy (SQLite: a
# second file; PostgreSQL: DATABASE_URL's database + "_replica"), migrated like `default`. Reads use it only in
# tests that turn OVERSIGHT_READ_REPLICA on (the others write to `default` and read back at once).
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = _database("REPLICA_DATABASE_URL", "replica.sqlite3", derived_suffix="_replica")  # noqa: F405
OVERSIGHT_READ_REPLICA = False
REPLICA_MIGRATE = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# Race tests need threads that wait for SQLite's write lock; an in-memory shared-cache database refuses at
# once ("table is locked"), so SQLite test databases are files (pytest-django adds a suffix per xdist worker).
for _alias, _db in DATABASES.items():  # noqa: F405
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        _db["TEST"] = {"NAME": str(VAR_DIR / f"test_{_alias}.sqlite3")}  # noqa: F405

# With REDIS_URL (the PostgreSQL pass of `make test`), the cache is a real Redis; each xdist worker gets
# its own database number so one worker's cache.clear() cannot wipe another's rate-limit counters.
if REDIS_URL:  # noqa: F405
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    _base = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL  # noqa: F405
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"{_base}/{_worker + 1}"}
    }

# Tests write and search in one breath; the cache test turns it on for itself.
SEARCH_CACHE_SECONDS = 0
PRODUCT_PAGE_CACHE_SECONDS = 0
