"""One settings module, read from the environment.

With no environment at all this is the embedded mode: DEBUG on, SQLite under var/, e-mail
printed on the console, documents in private local storage under var/, Celery tasks run
eagerly. Production mode is DEBUG=false: it refuses to start without SECRET_KEY and
ALLOWED_HOSTS and turns on every transport-security setting `check --deploy` asks for.
"""

from __future__ import annotations

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="embedded-mode-only-not-a-secret")
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"]
    )
else:
    SECRET_KEY = env("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode (DEBUG=false) refuses to start without it."
        )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Production mode (DEBUG=false) refuses to start "
            "without the host names it serves, e.g. ALLOWED_HOSTS=internships.example.org."
        )

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "outbox",
    "vacancies",
    "eligibility",
    "applicants",
    # the project itself: the deadline job that orchestrates the apps above
    "recruitment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "recruitment.middleware.StaffNeedsTwoFactorMiddleware",
    "recruitment.middleware.NoStoreForSignedInUsersMiddleware",
]

ROOT_URLCONF = "recruitment.urls"
WSGI_APPLICATION = "recruitment.wsgi.application"

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
                "django.template.context_processors.i18n",
                "recruitment.context_processors.language_links",
                "applicants.context_processors.pool_access",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        # the server binds the parameters and a query run 5 times on a connection is
        # prepared: PostgreSQL plans the candidate pages' joins once per connection instead
        # of on every request (half its CPU on deadline night). Off behind a pooler that
        # cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).
        DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")

if env("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
elif REDIS_URL:
    CACHES = {
        "default": {
            # while Redis is down, nothing is cached and rate limits let requests through:
            # candidates still sign in and read the vacancies (recruitment/lib/cache.py)
            "BACKEND": "recruitment.lib.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "recruitment",
            # a Redis that hangs costs a request half a second at most, then a pause
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # shared by every process of the embedded mode, unlike the per-process local memory cache
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

MEDIA_ROOT = VAR_DIR / "media"
# documents are private: no URL pattern serves this prefix (Django wants a string here);
# a permission-checked view sends each document
MEDIA_URL = "/media-is-never-served/"
STATIC_URL = "/static/"
# collectstatic fills it for production; in DEBUG, WhiteNoise serves from the app folders
STATIC_ROOT = None if DEBUG else VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
WHITENOISE_USE_FINDERS = DEBUG


def s3_document_storage(env: environ.Env) -> dict:
    """The private bucket documents live in, from the AWS_* variables (the tests reuse it)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            # botocore presigns S3 URLs with SigV2 unless told: AWS is retiring it, and newer
            # regions refuse it
            "signature_version": "s3v4",
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
        },
    }


documents_bucket = env("AWS_STORAGE_BUCKET_NAME", default="")
if documents_bucket:
    # production documents: a private bucket, never readable without a signature
    STORAGES["default"] = s3_document_storage(env)

# how a browser gets a document from the bucket: "signed-url" redirects it to a short-lived
# signed URL (the bucket must be reachable from browsers); "stream" has Django read the file
# from the bucket and send it (a bucket on an internal network, as in docker-compose).
# Local storage is always streamed.
DOCUMENT_DOWNLOADS = env(
    "DOCUMENT_DOWNLOADS", default="signed-url" if documents_bucket else "stream"
)
if DOCUMENT_DOWNLOADS not in {"signed-url", "stream"}:
    raise ImproperlyConfigured(
        f"DOCUMENT_DOWNLOADS={DOCUMENT_DOWNLOADS!r}: it is either signed-url or stream."
    )
if DOCUMENT_DOWNLOADS == "signed-url" and not documents_bucket:
    raise ImproperlyConfigured(
        "DOCUMENT_DOWNLOADS=signed-url needs documents in S3 (AWS_STORAGE_BUCKET_NAME); "
        "local storage is always streamed."
    )

# --- Mail ---------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)  # django-environ's documented way: EMAIL_BACKEND, EMAIL_HOST, ...
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="NATO Internship Programme <internships@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Celery -------------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# without a broker (the embedded mode) a task runs in the process that queues it
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# publishing to a broker that is down must not hang a request: the outbox keeps the e-mail
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a task nobody acknowledged within the visibility timeout: every task must
# end (time limits) well before it, or a slow task would run twice
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": 3600,
}
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_TIME_LIMIT = 30 * 60
# a worker takes one task at a time: a long deadline job does not hold others back
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# long exports wait in a queue of their own, served by its own worker: two ZIPs of dossiers
# must never keep the deadline job or the e-mails waiting (docker-compose: worker-bulk)
CELERY_TASK_ROUTES = {"applicants.tasks.build_dossier_export_task": {"queue": "bulk"}}
# a worker logs through LOGGING below (JSON in production), not handlers of its own
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# the schedule is in UTC; deadlines are instants, so the job polls instead of setting timers
CELERY_BEAT_SCHEDULE = {
    "process-deadlines": {
        "task": "recruitment.tasks.process_deadlines_task",
        "schedule": 60.0,
    },
    "send-deadline-reminders": {
        "task": "recruitment.tasks.send_deadline_reminders_task",
        "schedule": 15 * 60.0,
    },
    "drain-outbox": {"task": "outbox.tasks.drain_outbox_task", "schedule": 60.0},
    "apply-retention": {
        "task": "applicants.tasks.apply_retention_task",
        "schedule": crontab(minute=30, hour=2),
    },
    # Monday morning, Brussels: each focal point's digest of last week's pool changes
    "send-pool-digests": {
        "task": "applicants.tasks.send_pool_digests_task",
        "schedule": crontab(minute=0, hour=6, day_of_week="mon"),
    },
}

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr")
# a published notice is complete in both languages; never show one language's text as the other's
MODELTRANSLATION_FALLBACK_LANGUAGES = ()

# --- Accounts (django-allauth) --------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "applicants:dashboard"
# a URL name, reversed in the language of the page signed out from (not "/", which guesses)
ACCOUNT_LOGOUT_REDIRECT_URL = "vacancies:list"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# a password reset for an unknown address answers exactly as for a known one
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# candidates never choose a username: allauth names them by their e-mail address
ACCOUNT_USER_DISPLAY = "applicants.accounts.user_display"
ACCOUNT_ADAPTER = "applicants.accounts.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's rate limits stay at their defaults (on); they count in the shared cache above,
# per client address: behind a proxy every request comes from the proxy's address, so the
# proxies that append to X-Forwarded-For are counted (docker-compose's nginx: 1) and the
# address they saw is taken. Left at 0 behind a proxy, the whole site would share one
# limit: 30 sign-ins a minute for every candidate together on deadline night.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "NATO Internship Programme"

# --- Security -----------------------------------------------------------------------------

PASSWORD_HASHERS = [
    "recruitment.lib.passwords.Argon2idPasswordHasher",
    # accounts made before Argon2id: checked, then stored again with Argon2id
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # load balancers probe health over plain HTTP inside the network
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # the proxy in front of gunicorn terminates TLS and says so in this header
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Logging ------------------------------------------------------------------------------

# one JSON object per line in production (for the log collector), plain text otherwise
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "recruitment.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint reports each rendering step at INFO
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- The product --------------------------------------------------------------------------

# links in e-mails, which are also sent from background jobs where there is no request
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# a cycle's personal data is deleted this many days after its deadline (placed candidates
# are kept); `manage.py apply_retention` and a daily task do it
RETENTION_DAYS = env.int("RETENTION_DAYS", default=365)

# Talent Acquisition's shared mailbox, told of every pool reservation request (with the TA
# group's members); empty: the members only
TALENT_ACQUISITION_EMAIL = env("TALENT_ACQUISITION_EMAIL", default="")

# how long a rendered notice PDF is kept; the key changes whenever the vacancy changes
NOTICE_PDF_CACHE_SECONDS = env.int("NOTICE_PDF_CACHE_SECONDS", default=24 * 3600)

# candidate documents (the notice's special notice): size and number
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENTS_PER_CANDIDATE = 10
# an upload larger than this goes to a temporary file while it streams
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", default=None)
FILE_UPLOAD_HANDLERS = [
    # first: refuses a file over DOCUMENT_MAX_BYTES while it streams, before it is stored
    "applicants.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
