"""Settings for legalmap, read once from the environment.

Zero configuration gives the embedded default: SQLite in ``db.sqlite3``, Celery
tasks run eagerly in-process and a local-memory cache. Setting ``DATABASE_URL``
and ``REDIS_URL`` switches to PostgreSQL, a Redis broker and a Redis cache.
Every variable read here is listed in the README.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Set DEBUG=true for local "
            "development, or export a long random SECRET_KEY for production."
        )
    # Development only: a fixed key keeps sessions valid across restarts.
    SECRET_KEY = "django-insecure-legalmap-development-only"
elif not DEBUG and (len(SECRET_KEY) < 32 or SECRET_KEY.startswith("django-insecure")):
    # A placeholder ("changeme", the development key) signs sessions anyone can forge.
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 32 random characters, e.g. "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "legalmap.authorities",
    "legalmap.articles",
    "legalmap.analysis",
    "legalmap.maps",
    "legalmap.reviews",
    "legalmap.exports",
    "legalmap.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "legalmap.web.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "legalmap.web.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "legalmap.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "legalmap.web.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "legalmap.wsgi.application"
ASGI_APPLICATION = "legalmap.asgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("TEST", {})
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6's default, opted into now: a URL typed without a scheme is https.
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# django-axes first: it refuses a locked-out username or address before any password is
# checked; then Django's own.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Failed logins (django-axes) -------------------------------------------------
# Counted per username and, separately, per address, on every door that calls
# authenticate(): /accounts/login/, /admin/login/ and /api/auth/token/. The answer is
# the same 429 whether the username exists or not, so it tells nothing about accounts.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_HTTP_RESPONSE_CODE = 429
# Not reset on success: an attacker's own successful login from the same address would
# otherwise wipe the failures it made against someone else's account.
AXES_RESET_ON_SUCCESS = False
# Only failures are kept; successful logins are not ours to log.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# No start-up banner on stderr (management commands' output stays clean).
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "legalmap" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
# Tests and `make run` serve static files straight from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Request size ---------------------------------------------------------------
# Form fields and JSON bodies (Django's own limit, also applied by legalmap.api's JSON
# parser): over it, 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# Any request body, file uploads included, judged by its Content-Length before it is read
# (legalmap.web.middleware.RequestSizeLimitMiddleware): over it, 413. Uploads themselves
# are capped at 2 MB by their forms.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=5 * 1024 * 1024)

# --- Redis, cache and Celery -------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    # Short socket timeouts: the cache is an optimisation, and a Redis that is down or
    # unreachable must cost a page a second at most before it computes instead
    # (legalmap/cache_util.py).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker the tasks run in-process, right after the request commits.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
# A worker killed mid-task must give the message back, not swallow it.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
}
# A request whose broker is down logs and answers; it must not wait long to find out
# (legalmap/tasks_util.py). Celery's default policy retries three times within a second.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0,
                                    "interval_step": 0.2, "interval_max": 0.5}
# An export queued or running with no heartbeat for this long is queued again by the
# sweeper (exports/services.py export_sweep): its message was lost or its worker died.
EXPORTS_STALE_AFTER = env.int("EXPORTS_STALE_AFTER", default=120)
# Run by the `beat` service of docker-compose.yml (`celery -A legalmap beat`); every
# worker also sweeps once when it starts (legalmap/celery.py).
CELERY_BEAT_SCHEDULE = {
    "sweep-exports": {"task": "legalmap.exports.tasks.sweep_exports", "schedule": 30.0},
}
# The worker writes this key every WORKER_HEARTBEAT_SECONDS (legalmap/celery.py) with a
# time-to-live of three beats; /healthz reports the worker down when it is missing.
WORKER_HEARTBEAT_KEY = "legalmap:worker-heartbeat"
WORKER_HEARTBEAT_SECONDS = 10

# --- Mail ----------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
# Where the site lives, for links in emails (e.g. https://legalmap.example.edu).
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="legalmap <noreply@legalmap.local>")

# --- REST framework ------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first, so an anonymous API client gets 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "legalmap.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "legalmap.api.exception_handler",
    # DRF's JSON parser with a size and a nesting limit (400 / 413, not a 500).
    "DEFAULT_PARSER_CLASSES": [
        "legalmap.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "legalmap API",
    "DESCRIPTION": (
        "Annotate articles, link passages to legal authorities, build argument maps. "
        "Writes to a map and its nodes, links and members need `If-Match` with the map's ETag."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Served from our own static files: the docs work with no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AuthorityKindEnum": "legalmap.authorities.models.Kind",
        "NodeKindEnum": "legalmap.maps.models.Kind",
        "ArticleSourceEnum": "legalmap.articles.models.Article.Source",
        "LinkRelationEnum": "legalmap.maps.models.Relation",
        # Requests may still say `invokes` / `contests` for one release (issue 14).
        "LinkRelationInputEnum": "legalmap.maps.serializers.RELATION_INPUT_VALUES",
        "SuggestionRelationEnum": "legalmap.analysis.models.Relation",
        "SuggestionRelationInputEnum": "legalmap.analysis.api.RELATION_INPUT_VALUES",
        "AuthorityRelationEnum": "legalmap.authorities.models.Relation",
        "MapStatusEnum": "legalmap.maps.models.Status",
        "ExportStatusEnum": "legalmap.exports.models.Status",
    },
}

# --- Production hardening (DEBUG off) ------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors": {"()": "legalmap.web.errors.ClientErrorsWithoutTraceback"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # On the logger, not the handler: every handler (and pytest's caplog) gets the line.
    "loggers": {"django.request": {"filters": ["client_errors"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
