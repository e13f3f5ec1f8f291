"""Django settings. Everything that differs between machines comes from the environment.

With no environment at all, Lapak runs as the embedded default: SQLite files under `var/`, tasks in a
database-backed queue, DEBUG on. With DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be given and the
secure defaults apply.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from lapak.config.env import env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SRC_DIR.parent
VAR_DIR = Path(env_str("LAPAK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-never-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    SECRET_KEY = env_str("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "lapak.core",
    "lapak.core.audit",
    "lapak.core.outbox",
    "lapak.core.idempotency",
    "lapak.core.tasks",
    "lapak.accounts",
    "lapak.regions",
    "lapak.compliance",
    "lapak.market.sellers",
    "lapak.market.catalog",
    "lapak.market.inventory",
    "lapak.market.checkout",
    "lapak.market.shipping",
    "lapak.market.promotions",
    "lapak.market.orders",
    "lapak.market.ledger",
    "lapak.market.payments",
    "lapak.market.affiliates",
    "lapak.social",
    "lapak.oversight",
    "lapak.oversight.rules",
    "lapak.oversight.service",
    "lapak.oversight.sales",
    "lapak.oversight.pricing",
    "lapak.oversight.reports",
    "lapak.web",
    "lapak.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lapak.core.middleware.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lapak.core.idempotency.middleware.IdempotencyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lapak.config.urls"
WSGI_APPLICATION = "lapak.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lapak.web.context_processors.navigation",
            ],
        },
    },
]

# --- Databases -------------------------------------------------------------------------------------
# `default` holds the marketplace, `social` the content platform (DESIGN.md: social never transacts).

_SQLITE_OPTIONS = {
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of failing mid-way.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}


def _database(url_var: str, sqlite_name: str, derived_suffix: str = "") -> dict:
    url = env_str(url_var, "")
    if not url and derived_suffix and env_str("DATABASE_URL", ""):
        config = dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)
        config["NAME"] = f"{config['NAME']}{derived_suffix}"
        return config
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / sqlite_name),
            "OPTIONS": dict(_SQLITE_OPTIONS),
        }
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = dict(_SQLITE_OPTIONS)
    return config


DATABASES = {
    "default": _database("DATABASE_URL", "lapak.sqlite3"),
    "social": _database("SOCIAL_DATABASE_URL", "social.sqlite3", derived_suffix="_social"),
}
# A read replica of `default` (a streaming copy), when given: regulator and report reads go there inside
# lapak.config.db_router.replica_reads(), unless OVERSIGHT_READ_REPLICA is off. `migrate` never touches it
# (REPLICA_MIGRATE is for the test suite, whose stand-in replica is a database of its own).
if env_str("REPLICA_DATABASE_URL", ""):
    DATABASES["replica"] = _database("REPLICA_DATABASE_URL", "replica.sqlite3")
OVERSIGHT_READ_REPLICA = env_bool("OVERSIGHT_READ_REPLICA", True)
REPLICA_MIGRATE = env_bool("REPLICA_MIGRATE", False)
# Order matters: the replica router answers reads inside replica_reads() and defers the rest to SocialRouter.
DATABASE_ROUTERS = ["lapak.config.db_router.ReplicaRouter", "lapak.config.db_router.SocialRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Tasks ----------------------------------------------------------------------------------------
# One task API (django-tasks); the backend is chosen here. `database`: the embedded default, run by
# `manage.py db_worker`. `rq`: Redis Queue for production scale-out. `immediate`: run in-process.

TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
}
TASKS = {"default": _TASK_BACKENDS[TASKS_BACKEND]}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

# --- Authentication -------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # django-axes' lock-out check first, then email and password; both load role grants with the user.
    "lapak.accounts.backends.LapakAxesBackend",
    "lapak.accounts.backends.LapakModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
# Second factor (django-otp, TOTP): the name authenticator apps show next to the account.
OTP_TOTP_ISSUER = "Lapak"
# Staff in the admin must not be able to read a regulator's key (and so produce their codes).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login rate limit (django-axes): five failures per account and address, then a cool-off.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "lapak.accounts.lockout.lockout_response"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False

SIGNUP_RATE_PER_HOUR = env_int("SIGNUP_RATE_PER_HOUR", 20)
API_TOKEN_TTL = timedelta(days=env_int("API_TOKEN_TTL_DAYS", 30))
# Search answers (candidate lists, browse facet counts) are cached this long; writes show within it.
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 60)
# Product pages' catalogue data (not their stock) are cached this long; catalogue writes drop them at once.
PRODUCT_PAGE_CACHE_SECONDS = env_int("PRODUCT_PAGE_CACHE_SECONDS", 300)

# --- Internationalisation -------------------------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "lapak" / "locale"]
LANGUAGE_COOKIE_NAME = "lapak_language"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Files only their owners and staff may see (buyers' return photos), served by views that check who asks.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Request limits -------------------------------------------------------------------------------

# API bodies above this are refused with 413 before they are read (see RequestGuardMiddleware).
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 256 * 1024)
# Multipart uploads to these paths may be up to API_MAX_UPLOAD_BYTES (services still check each file).
API_MAX_UPLOAD_BYTES = env_int("API_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
API_UPLOAD_PATHS = (
    r"/api/v1/sellers/applications/[^/]+/documents/[^/]+",
    r"/api/v1/sellers/organisations/[^/]+/logo",
    r"/api/v1/catalog/seller/[^/]+/products/[^/]+/images",
    r"/api/v1/orders/returns/[^/]+/photos",
    r"/api/v1/compliance/reference/[^/]+/import",
)
# Creators' posts take a video of up to SOCIAL_VIDEO_MAX_BYTES (media.py checks it again).
API_VIDEO_UPLOAD_PATHS = (r"/api/v1/social/posts",)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

# --- E-mail ---------------------------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Lapak <no-reply@lapak.local>")
# Where the site is reached from outside: links in e-mails start with it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# --- Audit log signing ----------------------------------------------------------------------------
# Ed25519 key that signs tree heads. In production give it as base64 of the 32-byte raw private key;
# in development a key is generated once into var/ (never into the repository).
AUDIT_SIGNING_KEY = env_str("AUDIT_SIGNING_KEY", "")
AUDIT_SIGNING_KEY_FILE = VAR_DIR / "audit-signing.key"

# --- Social commerce (issue 8) ---------------------------------------------------------------------
# The hand-off token (lapak.core.handoff): social signs with HANDOFF_SIGNING_KEY (base64 of a 32-byte Ed25519 private
# key; generated once into var/ in development), the marketplace verifies with HANDOFF_VERIFY_KEY (base64 of the
# public key) or, when unset, the public half of the signing key.
HANDOFF_SIGNING_KEY = env_str("HANDOFF_SIGNING_KEY", "")
HANDOFF_SIGNING_KEY_FILE = VAR_DIR / "handoff-signing.key"
HANDOFF_VERIFY_KEY = env_str("HANDOFF_VERIFY_KEY", "")
HANDOFF_TOKEN_SECONDS = env_int("HANDOFF_TOKEN_SECONDS", 15 * 60)
# Last click wins within this many days of the tap (cart line, then order line).
ATTRIBUTION_WINDOW_DAYS = env_int("ATTRIBUTION_WINDOW_DAYS", 7)
# Social reads product titles, prices and pictures from the marketplace's public catalogue API, over HTTP.
MARKETPLACE_API_URL = env_str("MARKETPLACE_API_URL", "http://127.0.0.1:8000/api/v1")
# Uploads: short videos (container and codec checked with ffprobe) and pictures.
SOCIAL_VIDEO_MAX_BYTES = env_int("SOCIAL_VIDEO_MAX_BYTES", 100 * 1024 * 1024)
SOCIAL_VIDEO_MAX_SECONDS = env_int("SOCIAL_VIDEO_MAX_SECONDS", 180)
SOCIAL_IMAGE_MAX_BYTES = env_int("SOCIAL_IMAGE_MAX_BYTES", 10 * 1024 * 1024)

# --- Identity vault -------------------------------------------------------------------------------
# Identity numbers and images are encrypted at rest (lapak.market.sellers.vault). IDENTITY_VAULT_KEYS is
# "kid1:base64key,kid2:base64key" (32-byte AES-256 keys; the first encrypts, all decrypt: rotation).
# IDENTITY_LOOKUP_KEY is base64 of at least 32 bytes, the HMAC key of lookup hashes (not rotated routinely).
# In development both are generated once into var/; with DEBUG off they must be given.
IDENTITY_VAULT_KEYS = env_str("IDENTITY_VAULT_KEYS", "")
IDENTITY_VAULT_KEYS_FILE = VAR_DIR / "identity-vault.keys"
IDENTITY_LOOKUP_KEY = env_str("IDENTITY_LOOKUP_KEY", "")
IDENTITY_LOOKUP_KEY_FILE = VAR_DIR / "identity-lookup.key"
# The NIK check answers from the NIK alone: storing its request (the idempotency table keeps a hash of the
# body, and a NIK hash is reversible by enumeration) would store personal data for no purpose. A seller's
# data export and an operator's reveal answer with identity numbers in full: their answers are never stored.
# Courier webhooks are exempt too: they deduplicate by the provider's event id, and a stored answer keyed on the
# body alone would let a forged first request decide what the genuine retry gets.
IDEMPOTENCY_EXEMPT_PATHS = ("/api/v1/auth/token", "/api/v1/identity/", "/api/v1/sellers/me/data-requests/export",
                            "/api/v1/operator/kyc/reveals/", "/api/v1/shipping/webhooks/",
                            "/api/v1/payments/webhooks/", "/api/v1/payouts/webhooks/")

# --- Payments ------------------------------------------------------------------------------------------
# The Midtrans Core API and its notifications; the demo and the tests point it at the sandbox gateway
# (lapak.gateway_sandbox, port 8010), which speaks the same protocol. The default key is the sandbox's own,
# not a secret; production sets MIDTRANS_SERVER_KEY and MIDTRANS_BASE_URL from the environment.
MIDTRANS_BASE_URL = env_str("MIDTRANS_BASE_URL", "http://127.0.0.1:8010")
MIDTRANS_SERVER_KEY = env_str("MIDTRANS_SERVER_KEY", "SB-Mid-server-lapak-sandbox")
MIDTRANS_IS_PRODUCTION = env_bool("MIDTRANS_IS_PRODUCTION", False)
# The gateway new payments are charged through: "midtrans" (the sandbox in the demo) or "xendit".
PAYMENT_GATEWAY = env_str("PAYMENT_GATEWAY", "midtrans")
PAYOUT_GATEWAY = env_str("PAYOUT_GATEWAY", "midtrans")  # the gateway seller payouts are sent through
# Xendit (gateways/xendit.py): unused while the secret key is empty; callbacks are refused without the token.
XENDIT_SECRET_KEY = env_str("XENDIT_SECRET_KEY", "")
XENDIT_CALLBACK_TOKEN = env_str("XENDIT_CALLBACK_TOKEN", "")
XENDIT_BASE_URL = env_str("XENDIT_BASE_URL", "https://api.xendit.co")
XENDIT_RETURN_URL = env_str("XENDIT_RETURN_URL", "")  # the HTTPS page ShopeePay and cards return the buyer to
# Payouts (ADR 0012): a daily batch pays each seller's payable balance when it is at least this many rupiah.
PAYOUT_MINIMUM = env_int("PAYOUT_MINIMUM", 50_000)
COD_MAX_ORDER_TOTAL = env_int("COD_MAX_ORDER_TOTAL", 5_000_000)  # cash on delivery up to this grand total (Rp)
COD_REMITTANCE_OVERDUE_DAYS = env_int("COD_REMITTANCE_OVERDUE_DAYS", 7)  # COD parcels older are shown overdue
# A "Pay (demo)" button on the order page marks an order paid without money moving: on with DEBUG, or here.
DEMO_PAYMENTS = env_bool("DEMO_PAYMENTS", False)
# A delivered seller order the buyer does not confirm is completed this many days after delivery.
ORDER_COMPLETE_AFTER_DAYS = env_int("ORDER_COMPLETE_AFTER_DAYS", 3)
# Returns (ID-CON-1): working days after delivery to ask, unless the category says more; never below 2.
RETURN_WINDOW_WORKING_DAYS = max(2, env_int("RETURN_WINDOW_WORKING_DAYS", 2))

# --- Shipping -------------------------------------------------------------------------------------
# The sandbox courier posts its tracking events here (empty: recorded in-process, as in tests).
SHIPPING_SANDBOX_WEBHOOK_URL = env_str("SHIPPING_SANDBOX_WEBHOOK_URL", "")
SHIPPING_SANDBOX_STEP_SECONDS = env_int("SHIPPING_SANDBOX_STEP_SECONDS", 60)
SHIPPING_SANDBOX_TICK_SECONDS = env_int("SHIPPING_SANDBOX_TICK_SECONDS", 30)
SHIPPING_WEBHOOK_MAX_BYTES = env_int("SHIPPING_WEBHOOK_MAX_BYTES", 64 * 1024)
# KiriminAja books JNE, J&T, SiCepat and AnterAja; without a key those couriers quote but do not book.
KIRIMINAJA_API_KEY = env_str("KIRIMINAJA_API_KEY", "")
KIRIMINAJA_BASE_URL = env_str("KIRIMINAJA_BASE_URL", "https://tdev.kiriminaja.com")
KIRIMINAJA_CALLBACK_TOKEN = env_str("KIRIMINAJA_CALLBACK_TOKEN", "")

# --- Security -------------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# --- Oversight reports (issue 9 part 5; helper H6) ---------------------------------------------------
# The company named in the quarterly statistical report to BPS (ID-REC-2). The defaults are a demo
# placeholder, marked as such, never a real company's registration.
PLATFORM_COMPANY = {
    "name": env_str("PLATFORM_COMPANY_NAME", "PT Lapak Demo Indonesia (demo)"),
    "nib": env_str("PLATFORM_COMPANY_NIB", "0000000000000"),
    "address": env_str("PLATFORM_COMPANY_ADDRESS", "Jl. Contoh No. 1, Jakarta Pusat 10110 (demo address)"),
}
# --- end oversight reports ---------------------------------------------------------------------------
