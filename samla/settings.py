"""Samla's one settings module.

Everything that differs between a laptop demo and a county-wide installation is read
from the environment through the small typed helpers of ``samla.core.settings_env``.
Outside debug and demo mode the module refuses to start without a real secret key and
allowed hosts.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from samla.core.clients import parse_networks
from samla.core.settings_env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
SAMLA_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("SAMLA_DEBUG", False)
# Demo mode: the local demo with its fixed demo users. Never set it in production.
DEMO = env_bool("SAMLA_DEMO", False)

_INSECURE_KEY = "samla-insecure-key-for-debug-and-demo-only"
SECRET_KEY = env_str("SAMLA_SECRET_KEY")
ALLOWED_HOSTS = env_list("SAMLA_ALLOWED_HOSTS")
if DEBUG or DEMO:
    SECRET_KEY = SECRET_KEY or _INSECURE_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if len(SECRET_KEY) < 50 or SECRET_KEY == _INSECURE_KEY:
        raise ImproperlyConfigured(
            "Set SAMLA_SECRET_KEY to a random value of at least 50 characters "
            "(or SAMLA_DEMO=true for the local demo)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Set SAMLA_ALLOWED_HOSTS to the host names Samla is served on, comma separated."
        )

# Access codes are stored only as HMAC-SHA256 under this key; keep it apart from SECRET_KEY
# so that rotating sessions never invalidates codes already handed out.
CODE_HMAC_KEY = env_str("SAMLA_CODE_HMAC_KEY")
if DEBUG or DEMO:
    CODE_HMAC_KEY = CODE_HMAC_KEY or SECRET_KEY
elif len(CODE_HMAC_KEY) < 32:
    raise ImproperlyConfigured(
        "Set SAMLA_CODE_HMAC_KEY to a random value of at least 32 characters, apart from "
        "SAMLA_SECRET_KEY: access codes handed out are stored only as HMACs under it."
    )

# Samla's own apps, from the bottom layer up (docs/architecture.md).
SAMLA_APPS = (
    "core", "org", "plans", "learning", "surveys", "results", "analysis", "partnership",
    "selfassessment", "notifications", "portal", "answer", "api", "demo",
)  # fmt: skip
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "csp",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    *(f"samla.{app}" for app in SAMLA_APPS),
]

OIDC_ENABLED = env_bool("SAMLA_OIDC_ENABLED", False)
if OIDC_ENABLED:
    INSTALLED_APPS += ["allauth.socialaccount", "allauth.socialaccount.providers.openid_connect"]

MIDDLEWARE = [
    "samla.core.health.HealthMiddleware",  # /health/live and /health/ready, before all else
    "samla.api.middleware.ApiEdgesMiddleware",  # the API's 404, 405, HEAD and Vary
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samla.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "samla.urls"
WSGI_APPLICATION = "samla.wsgi.application"
AUTH_USER_MODEL = "org.Person"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SAMLA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samla.portal.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------

_default_sqlite = BASE_DIR / "var" / "samla.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{_default_sqlite}",
        conn_max_age=0,
    )
}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db.setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the
            # busy timeout instead of failing half-way with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA cache_size=-65536;"
            ),
        }
    )
    _db.setdefault("TEST", {})
    # Keep each worker's connection: opening SQLite costs the PRAGMAs above every time.
    _db["CONN_MAX_AGE"] = env_int("SAMLA_SQLITE_CONN_MAX_AGE", 600)
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db.setdefault("OPTIONS", {})
    # Server-side binding, and the statements a worker repeats prepared (Django prepares none
    # unless told), so PostgreSQL plans the answer pages' few statements once, not per view.
    _db["OPTIONS"]["server_side_binding"] = env_bool("SAMLA_DB_SERVER_SIDE_BINDING", True)
    _db["OPTIONS"]["prepare_threshold"] = 5 if _db["OPTIONS"]["server_side_binding"] else None
    # gunicorn's sync workers serve one request at a time, so a persistent connection per
    # worker is fastest (bench/intake.py: about a quarter more answer pages per second than
    # the pool); the pool is for threaded or async servers.
    if env_bool("SAMLA_DB_POOL", False):
        _db["OPTIONS"]["pool"] = {
            "min_size": env_int("SAMLA_DB_POOL_MIN", 2),
            "max_size": env_int("SAMLA_DB_POOL_MAX", 20),
        }
        _db["CONN_MAX_AGE"] = 0
    else:
        # Without the pool each worker keeps its own connection (checked before reuse).
        _db["CONN_MAX_AGE"] = env_int("SAMLA_DB_CONN_MAX_AGE", 600)
        _db["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -----------------------------------------------------------------------------
# The failure counters of code entry and login live here, so every worker and every server
# must see the same cache: Redis with SAMLA_CACHE_URL, otherwise a table in the database
# (created by the core app's migration), never one process's memory.

_cache_url = env_str("SAMLA_CACHE_URL")
if _cache_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samla_cache",
            # A flood of wrong codes from many addresses makes many counters; culling
            # early would forget them.
            "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
        }
    }

# Proxies (addresses or networks, comma separated) whose X-Forwarded-For is believed when
# telling which client a request comes from (samla/core/clients.py). Empty: the socket's.
SAMLA_TRUSTED_PROXIES = parse_networks(env_list("SAMLA_TRUSTED_PROXIES"))

# --- Authentication -------------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "samla.org.backends.ProgrammeAdminPermissionBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "samla.org.adapters.StaffOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
# A request for a new password gets the same answer whether the address has an account or
# not, so staff addresses cannot be found that way; an unknown address gets no mail (there
# is no sign-up it could point to).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Failed logins are limited per client address and per username (key), so that neither
# one machine guessing many accounts nor many machines guessing one account get far. A
# right password costs nothing. The address budget is a school's: its staff sit behind one
# address (samla/core/clients.py tells the client behind a trusted proxy).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("SAMLA_LOGIN_RATE", "60/10m/ip,5/5m/key"),
    # Every login POST, right or wrong: a school's staff arriving at eight o'clock.
    "login": "300/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}
SESSION_COOKIE_AGE = env_int("SAMLA_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "samla.portal.views.errors.csrf_failure"

# OpenID Connect (Feide or ID-porten). Off by default; see docs/deploy.md.
if OIDC_ENABLED:
    SOCIALACCOUNT_ADAPTER = "samla.org.adapters.StaffOnlySocialAccountAdapter"
    SOCIALACCOUNT_ONLY = False
    SOCIALACCOUNT_AUTO_SIGNUP = False
    SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": env_str("SAMLA_OIDC_PROVIDER_ID", "feide"),
                    "name": env_str("SAMLA_OIDC_NAME", "Feide"),
                    "client_id": env_str("SAMLA_OIDC_CLIENT_ID"),
                    "secret": env_str("SAMLA_OIDC_CLIENT_SECRET"),
                    "settings": {
                        "server_url": env_str("SAMLA_OIDC_SERVER_URL"),
                        # Feide: openid,profile,email,userid-feide (see docs/deploy.md)
                        "scope": env_list("SAMLA_OIDC_SCOPES", ["openid", "profile", "email"]),
                    },
                }
            ],
            "OAUTH_PKCE_ENABLED": True,
        }
    }

# --- Security headers -----------------------------------------------------------------

HTTPS = env_bool("SAMLA_HTTPS", not (DEBUG or DEMO))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SAMLA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SAMLA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("SAMLA_CSRF_TRUSTED_ORIGINS")

# No inline script or style anywhere: every page keeps to this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Language and time ----------------------------------------------------------------

LANGUAGE_CODE = "nb"
# Dates day first in English too (8 Oct 2026): samla/formats/en/formats.py.
FORMAT_MODULE_PATH = ["samla.formats"]

LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]
LANGUAGE_COOKIE_NAME = "samla_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("SAMLA_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [SAMLA_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG or DEMO
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or DEMO
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("SAMLA_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# --- Background tasks -----------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- E-mail ---------------------------------------------------------------------------

# Where e-mails go (SAMLA_EMAIL_BACKEND): "smtp" in production; the demo writes each one
# as a file under var/mail/ (SAMLA_EMAIL_FILE_PATH) to read, development prints them.
_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}
_EMAIL_DEFAULT = "file" if DEMO else "console" if DEBUG else "smtp"
EMAIL_BACKEND = env_choice("SAMLA_EMAIL_BACKEND", _EMAIL_BACKENDS, _EMAIL_DEFAULT)
EMAIL_FILE_PATH = env_str("SAMLA_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("SAMLA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SAMLA_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("SAMLA_FROM_EMAIL", "Samla <samla@localhost>")
# Where users report accessibility barriers (the accessibility statement's contact).
SAMLA_ACCESSIBILITY_CONTACT = env_str("SAMLA_ACCESSIBILITY_CONTACT", "samla@localhost")
# The address people reach Samla at, for the links in the task worker's e-mails.
SAMLA_BASE_URL = env_str("SAMLA_BASE_URL", "http://127.0.0.1:8000")
# How often the task worker makes and sends the notifications that are due (minutes).
SAMLA_NOTIFICATION_MINUTES = env_int("SAMLA_NOTIFICATION_MINUTES", 5)
# Minutes without a task started before /health/ready calls the task worker stale.
SAMLA_WORKER_STALE_MINUTES = env_int("SAMLA_WORKER_STALE_MINUTES", 15)
SAMLA_DIGEST_HOUR = env_int("SAMLA_DIGEST_HOUR", 7)  # Oslo hour the daily digests go from
# How long an invitation's activation link works.
SAMLA_INVITATION_DAYS = env_int("SAMLA_INVITATION_DAYS", 14)

# --- Logging: no personal data, no answers, no access codes ---------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("SAMLA_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines would carry query strings and client addresses; keep them out.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
    },
}

# --- Samla ----------------------------------------------------------------------------

SAMLA_DEFAULT_ANONYMITY_THRESHOLD = 7
# Calls a minute one person may make to the API (all their tokens together).
SAMLA_API_RATE = env_int("SAMLA_API_RATE", 600)

ACCOUNT_FORMS = {
    "change_password": "samla.portal.forms.ChangePasswordForm",
    "reset_password": "samla.portal.forms.ResetPasswordForm",
    "reset_password_from_key": "samla.portal.forms.ResetPasswordKeyForm",
}
