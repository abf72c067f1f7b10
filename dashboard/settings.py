"""Quayside settings: one flat file, every value from the environment.

Development defaults work on a laptop with nothing set; with DEBUG=false the defaults turn safe
(secure cookies, HTTPS redirect, HSTS) and a missing SECRET_KEY is an error.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envfloat(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {value!r}") from None
    if number <= 0:
        raise ImproperlyConfigured(f"{name} must be more than zero, not {value!r}")
    return number


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

# --- Quay -----------------------------------------------------------------------------------

# Where Quay lives. Empty means "not configured": `make run` then starts the sandbox and sets it.
QUAY_URL = os.environ.get("QUAY_URL", "http://127.0.0.1:8081").rstrip("/")
if urlsplit(QUAY_URL).scheme not in ("http", "https") or not urlsplit(QUAY_URL).netloc:
    raise ImproperlyConfigured(f"QUAY_URL must be an http(s) URL, not {QUAY_URL!r}")
QUAY_TIMEOUT = envfloat("QUAY_TIMEOUT", 15.0)
QUAY_CONNECT_TIMEOUT = 3.0
QUAY_VERIFY_TLS = envbool("QUAY_VERIFY_TLS", True)
QUAY_CA_BUNDLE = os.environ.get("QUAY_CA_BUNDLE", "")
if QUAY_CA_BUNDLE and not Path(QUAY_CA_BUNDLE).is_file():
    raise ImproperlyConfigured(f"QUAY_CA_BUNDLE names no file: {QUAY_CA_BUNDLE!r}")
QUAY_OAUTH_CLIENT_ID = os.environ.get("QUAY_OAUTH_CLIENT_ID", "")
QUAY_OAUTH_CLIENT_SECRET = os.environ.get("QUAY_OAUTH_CLIENT_SECRET", "")
QUAY_OAUTH_SCOPES = envlist(
    "QUAY_OAUTH_SCOPES",
    "repo:read,repo:write,repo:admin,repo:create,user:read,user:admin,org:admin,super:user",
)
# How long what is not content-addressed may be reused (per user), and the global messages.
QUAY_CACHE_SECONDS = envint("QUAY_CACHE_SECONDS", 30)
QUAY_MESSAGES_CACHE_SECONDS = 60

# Tokens at rest: Fernet keys, the first encrypts, all decrypt (rotation). Derived from
# SECRET_KEY when unset, which is fine until SECRET_KEY itself rotates.
TOKEN_ENCRYPTION_KEYS = envlist("TOKEN_ENCRYPTION_KEYS")


def _check_token_keys(keys: list[str]) -> None:
    """A malformed key stops the start (naming the variable, never showing the key), not the
    first sign-in."""
    from cryptography.fernet import Fernet

    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            raise ImproperlyConfigured(
                f"TOKEN_ENCRYPTION_KEYS: key {position} of {len(keys)} is not a Fernet key "
                "(32 url-safe base64-encoded bytes; see README.md for how to make one)"
            ) from None


_check_token_keys(TOKEN_ENCRYPTION_KEYS)

# --- Django -------------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "dashboard.accounts",
    "dashboard.accounts.quay_provider",
    "dashboard.web",
    "dashboard.repositories",
    "dashboard.builds",
    "dashboard.usagelogs",
    "dashboard.quotas",
    "dashboard.organizations",
    "dashboard.superuser",
    "dashboard.policies",
    "dashboard.account",
    "dashboard.security",
    "dashboard.mirroring",
    "dashboard.applications",
    "dashboard.triggers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HEAD wherever GET (monitors use HEAD): every view below sees it as the GET it stands for.
    "dashboard.web.head.HeadAsGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "dashboard.web.middleware.HtmxSignInMiddleware",
    "dashboard.web.middleware.QuayErrorMiddleware",
    "dashboard.web.middleware.VaryOnHtmxMiddleware",
    "dashboard.web.banners.BannersMiddleware",
    # A write through Quayside drops the pages kept for the next visit that it changed.
    "dashboard.web.swr.WriteMiddleware",
    "dashboard.web.preload.PreloadMiddleware",
]

ROOT_URLCONF = "dashboard.urls"
FORM_RENDERER = "dashboard.web.forms.FormRenderer"
WSGI_APPLICATION = "dashboard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboard.web.context_processors.chrome",
            ],
            "builtins": ["dashboard.web.templatetags.quayside"],
        },
    }
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            # The image keeps the code read-only and the database in a directory of its own.
            "NAME": os.environ.get("SQLITE_PATH") or BASE_DIR / "db.sqlite3",
            # Several processes write to it (gunicorn's workers, the shared cache): a write
            # waits its turn instead of failing at once, and readers never block the writer.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
            },
            # Tests use a file too: the browser tests' live server answers in threads, and an
            # in-memory database would be one connection that they all share at once.
            "TEST": {"NAME": BASE_DIR / ".test-db.sqlite3"},
        }
    import dj_database_url

    try:
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    if urlsplit(REDIS_URL).scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(f"REDIS_URL must be a redis:// URL, not {REDIS_URL!r}")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "quayside"),
        }
    }
else:
    # Without Redis, every process of the installation (gunicorn's workers, a second instance
    # on the same database) shares Django's database cache, in a table `migrate` creates.
    CACHES = {
        "default": {
            "BACKEND": "dashboard.web.cache.DatabaseCache",
            "LOCATION": "quayside_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Sessions live in the database, so several instances share them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 12)

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "accounts:signin"
LOGIN_REDIRECT_URL = "overview"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# In development whitenoise serves straight from the app folders, no collectstatic needed.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# --- Security -----------------------------------------------------------------------------

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' preload list is a decision for the domain's owner, not a default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# The health checks are reached over plain HTTP by the container's own probe.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    # "HTTP_X_FORWARDED_PROTO,https": the header Django sees and the value that means TLS.
    name, _, value = _proxy_header.partition(",")
    if not name.strip() or not value.strip():
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must look like HTTP_X_FORWARDED_PROTO,https"
        )
    SECURE_PROXY_SSL_HEADER = (name.strip(), value.strip())

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF, QUAY_URL],
}

# --- allauth: "Sign in with Quay" -----------------------------------------------------------

ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
SOCIALACCOUNT_ONLY = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
# allauth would keep the token in plain text; the adapter encrypts it into our own table.
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ADAPTER = "dashboard.accounts.adapter.QuaySocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "quay": {
        "SCOPE": QUAY_OAUTH_SCOPES,
        "APPS": (
            [
                {
                    "client_id": QUAY_OAUTH_CLIENT_ID,
                    "secret": QUAY_OAUTH_CLIENT_SECRET,
                }
            ]
            if QUAY_OAUTH_CLIENT_ID and QUAY_OAUTH_CLIENT_SECRET
            else []
        ),
    }
}

# --- Logging ------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        # The OAuth callback's one-time code never reaches a log line.
        "redact_oauth_callback": {"()": "dashboard.accounts.logfilter.RedactOAuthCallback"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_oauth_callback"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # urllib3 logs full URLs at DEBUG; tokens never travel in URLs, but keep it quiet anyway.
        "urllib3": {"level": "WARNING"},
        # runserver's request lines (with query strings) go through the filtered handler too.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
