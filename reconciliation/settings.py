"""Settings of the Tatulasu portal: one module, configured from the environment.

Development works with no environment at all when DEBUG is on (SQLite under var/,
no Redis, console e-mail). Production (DEBUG off) refuses to start without
SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# A developer's clone gets a .env (DEBUG=true) from `make`; the process environment always
# wins over it, and images and production hosts have none (.dockerignore, .gitignore).
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"), overwrite=False)

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdef"  # noqa: S105
# Earlier keys, while they are being retired: what they signed or keyed (sessions, access codes) keeps working.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public address of the portal, used in links sent by e-mail and SMS.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "phonenumber_field",
    "simple_history",
    "import_export",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "reconciliation",
    "centers",
    "mediators",
    "cases",
    "oversight",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything turns a query-string value into a database query.
    "reconciliation.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view-level code (CSRF's process_view) reads the body: 413 from CONTENT_LENGTH.
    "reconciliation.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "reconciliation.middleware.PrivatePagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: the back office wants a second factor before any of its pages.
    "reconciliation.back_office.SecondFactorMiddleware",
    # Last, as django-axes asks: it reads the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reconciliation.urls"
WSGI_APPLICATION = "reconciliation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oversight.context_processors.dashboard_link",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tatulasu.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes. A transaction that reads and then
    # writes cannot wait for another writer (SQLite answers "database is locked" at once), so
    # every transaction takes the write lock when it begins (IMMEDIATE), and a writer waits up
    # to `timeout` seconds for its turn.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits and django-axes need one shared by all processes) -------------
REDIS_URL = env.str("REDIS_URL", default="")
# Every call to Redis (cache, broker) gives up after this long: a Redis that is down or hangs
# must not hold up filing, tracking or signing in (see reconciliation/cache.py).
REDIS_TIMEOUT_SECONDS = 0.5
# The database cache lives in the table tatulasu_cache, which a migration creates.
DATABASE_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "tatulasu_cache"}
if REDIS_URL:
    # While Redis is down or hangs, the database cache stands in (reconciliation/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "reconciliation.cache.RedisWithDatabaseFallback",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
                "FALLBACK": DATABASE_CACHE,
            },
        }
    }
else:
    CACHES = {"default": DATABASE_CACHE}

# --- Celery -----------------------------------------------------------------------------
# With REDIS_URL the broker is Redis; without it kombu's filesystem transport under var/
# gives real worker and beat processes with no server installed.
CELERY_BROKER_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Sending a task (the nudge after a commit) gives up within a second or so when Redis is
    # down or hangs; the outbox row waits for the next beat run instead.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
        "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
        "socket_timeout": REDIS_TIMEOUT_SECONDS,
        "max_retries": 0,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Almaty"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "reconciliation.tasks.record_heartbeat", "schedule": 60.0},
    "send-due-notifications": {"task": "cases.tasks.send_due_notifications", "schedule": 30.0},
    # The dashboard's summary tables; the page shows their age.
    "refresh-dashboard": {"task": "oversight.tasks.refresh_dashboard", "schedule": 300.0},
    "remove-expired-kept-files": {"task": "cases.tasks.remove_expired_kept_files", "schedule": 3600.0},
}

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# A citizen who signs in wants their disputes; staff work in the admin.
LOGIN_REDIRECT_URL = "my_disputes"

ACCOUNT_ADAPTER = "reconciliation.accounts.AccountAdapter"
ACCOUNT_FORMS = {"signup": "reconciliation.accounts.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
# allauth counts attempts in the default cache, which is Redis or the database (above):
# shared by every process, so the limits hold across workers. Per-IP limits stay generous
# because mobile carriers put many people behind one address; per-address ("key") and
# per-account limits are tight.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip,50/h/ip",
    "reset_password": "20/m/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "manage_email": "10/m/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}

# Second factor: TOTP with recovery codes. Everyone of the back office must have one
# (reconciliation.back_office); citizens may.
MFA_ADAPTER = "reconciliation.accounts.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tatulasu"
# One 30-second step either side: phone clocks drift, and a code typed as it changes still counts.
MFA_TOTP_TOLERANCE = 1

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)


def _axes_username(request, credentials):  # type: ignore[no-untyped-def]
    """The account name being tried. allauth authenticates with `email`, the admin with `username`.

    Without this axes would see no username on the public sign-in, and lock everyone behind
    one address (a mobile carrier's NAT) after five failures by anyone.
    """
    credentials = credentials or {}
    posted = getattr(request, "POST", {})
    return credentials.get("email") or credentials.get("username") or posted.get("login") or posted.get("username")


AXES_USERNAME_CALLABLE = _axes_username
# The same client address as the rate limits (TRUSTED_PROXY_COUNT), never a header ipware guesses.
AXES_CLIENT_IP_CALLABLE = "cases.ratelimit.client_address"

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# dd.mm.yyyy and the 24-hour clock in every language (Django has no Kazakh formats).
FORMAT_MODULE_PATH = ["reconciliation.formats"]
LANGUAGE_COOKIE_NAME = "tatulasu_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Only the server reads it (the switcher is a plain form), and only over HTTPS in production.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
MODELTRANSLATION_LANGUAGES = ("kk", "ru", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ru", "kk", "en")}
PHONENUMBER_DEFAULT_REGION = "KZ"

# --- Static and uploaded files -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded case files live outside the web root and are served only through views
# that check access; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "private")))
ATTACHMENT_MAX_FILES = env.int("ATTACHMENT_MAX_FILES", default=5)
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Largest accepted request body: all attachments plus the form itself.
MAX_REQUEST_BYTES = ATTACHMENT_MAX_FILES * ATTACHMENT_MAX_BYTES + 1024 * 1024

# --- Crispy forms ---------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail and SMS ---------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Seconds each step of an SMTP conversation may take. A send must end well inside the
# outbox's claim (cases.notifications.CLAIM_SECONDS), which cases.checks verifies.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tatulasu <noreply@tatulasu.kz>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = env.str("SMS_BACKEND", default="cases.sms.ConsoleSMSBackend")
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_TIMEOUT = env.int("SMS_GATEWAY_TIMEOUT", default=10)
SMS_FILE_PATH = str(VAR_DIR / "sms")

# --- Domain ---------------------------------------------------------------------------------
MEDIATION_DEADLINE_DAYS = env.int("MEDIATION_DEADLINE_DAYS", default=30)
RESPONDENT_INVITATION_DAYS = env.int("RESPONDENT_INVITATION_DAYS", default=14)
# The personal-data operator named in the consent text (Law No. 94-V, Art. 8), in the
# language of the page that shows it: a proper name, so each language has its own setting.
PERSONAL_DATA_OPERATOR = {
    "kk": env.str("PERSONAL_DATA_OPERATOR_KK", default="Қазақстан Республикасы Кәсіподақтар Федерациясы"),
    "ru": env.str("PERSONAL_DATA_OPERATOR_RU", default="Федерация профсоюзов Республики Казахстан"),
    "en": env.str("PERSONAL_DATA_OPERATOR", default="Federation of Trade Unions of the Republic of Kazakhstan"),
}
PERSONAL_DATA_OPERATOR_BIN = env.str("PERSONAL_DATA_OPERATOR_BIN", default="020240001938")
# Disputes filed per client address, and (looser) every post of the intake form, however it ends.
INTAKE_RATE_LIMIT = env.str("INTAKE_RATE_LIMIT", default="5/h")
INTAKE_POST_RATE_LIMIT = env.str("INTAKE_POST_RATE_LIMIT", default="30/h")
TRACKING_RATE_LIMIT = env.str("TRACKING_RATE_LIMIT", default="20/h")
# How many reverse proxies in front of gunicorn append to X-Forwarded-For (0: clients connect
# directly, and the header is ignored). cases.ratelimit.client_address applies this one rule
# for rate limits, django-axes, allauth and logs.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
# allauth asks our adapter (reconciliation.accounts) for the address; the setting agrees with it.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Claiming a case with its number and access code: per account, and per client address.
CLAIM_RATE_LIMIT = env.str("CLAIM_RATE_LIMIT", default="10/h")
CLAIM_IP_RATE_LIMIT = env.str("CLAIM_IP_RATE_LIMIT", default="30/h")

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Logging: no personal data is ever logged, only ids and numbers. -------------------
# Secrets in URL paths (a respondent's link) are redacted in every record where it is made
# (reconciliation.log_redaction); the error e-mail to ADMINS also leaves such a request out.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "drop_secret_requests": {"()": "reconciliation.log_redaction.DropSecretRequests"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false", "drop_secret_requests"],
            "class": "django.utils.log.AdminEmailHandler",
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's default, whose own console handler printed every record twice in development.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
