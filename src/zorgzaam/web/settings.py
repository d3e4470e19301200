"""Django settings. Everything that differs between installations comes from environment variables:

- ZORGZAAM_DATA_DIR   where the embedded SQLite database and imported files live
- DATABASE_URL        e.g. postgres://user@127.0.0.1:5432/zorgzaam (default: SQLite in the data dir)
- ZORGZAAM_SECRET_KEY secret key (default: one generated once and kept in the data dir)
- ZORGZAAM_DEBUG      "1" for debug pages
- ZORGZAAM_ALLOWED_HOSTS comma-separated host names (default: localhost names)
- ZORGZAAM_CSRF_TRUSTED_ORIGINS comma-separated origins (https://zorgzaam.example.be) behind a proxy
- ZORGZAAM_SECURE_COOKIES "1": session and CSRF cookies over HTTPS only, and HSTS. `zorgzaam serve` sets it to
  "1" unless it is "0" or `--insecure-http` is given (a plain-HTTP intranet test); the demo and tests leave it off
- ZORGZAAM_TRUSTED_PROXIES comma-separated addresses/CIDRs of reverse proxies whose X-Forwarded-For names the
  real client (rate limits, login throttle); from any other peer the header is ignored
- ZORGZAAM_PROXY_SSL_HEADER "1": the trusted proxy's X-Forwarded-Proto: https marks a request secure (https links)
- ZORGZAAM_LOGIN_FAILURES failed logins before a lockout, per account and per address (default 10);
  ZORGZAAM_LOGIN_LOCK_MINUTES how long it lasts (default 15); `zorgzaam admin unlock USER` lifts it
- ZORGZAAM_REDIS_URL   e.g. redis://127.0.0.1:6379/0: background jobs go to an rq queue (`zorgzaam worker`)
- ZORGZAAM_JOB_RUNNER  database (default without Redis: a django-tasks queue in the database, kept over a
  restart) | rq (default with Redis) | inline (tests)
- ZORGZAAM_JOB_WORKER  inprocess (default: a worker thread in the web process runs the database queue) |
  external (`zorgzaam worker` processes run it)
- ZORGZAAM_MAX_UPLOAD_MB largest file the import screen accepts (default 200)
- ZORGZAAM_EMAIL_FILE_PATH write e-mails (invitations, password reset) as files in this folder;
  ZORGZAAM_EMAIL_HOST (+ _PORT, _USER, _PASSWORD, _TLS) sends them by SMTP. Without either nothing is sent and
  the log says only that (no address, no link); ZORGZAAM_EMAIL_CONSOLE=1 prints them (a developer's machine)
- ZORGZAAM_SESSION_HOURS how long a login lasts without use (default 8)
- ZORGZAAM_TILE_URL    an optional base map tile URL under the map (none by default: works offline)
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from zorgzaam.paths import data_dir

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()
# uploaded attachments (a progress note's attendance list, a photo): in the data folder, served only by views
# that check the member's role — never as public static files
MEDIA_ROOT = str(DATA_DIR / "media")


def _secret_key() -> str:
    configured = os.environ.get("ZORGZAAM_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("ZORGZAAM_DEBUG", "") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get(
    "ZORGZAAM_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",  # django-tasks (Django's tasks framework, backported) with its database queue
    "django_tasks_db",
    "zorgzaam.workspaces",
    "zorgzaam.web",
    "zorgzaam.areas",
    "zorgzaam.sources",
    "zorgzaam.profile",
    "zorgzaam.environment",
    "zorgzaam.voices",
    "zorgzaam.plan",
    "zorgzaam.followup",
    "zorgzaam.reports",
    "zorgzaam.api",
    "axes",  # django-axes: login throttle per account and per client address
    "ninja",  # django-ninja: its API docs page served from our own static files (no CDN)
]

MIDDLEWARE = [
    "zorgzaam.workspaces.security.ProxyMiddleware",  # the real client address, from trusted proxies only
    "django.middleware.security.SecurityMiddleware",
    "zorgzaam.workspaces.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zorgzaam.workspaces.lang.ChosenLanguageMiddleware",  # the person's choice, Dutch first; never Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # the lockout page for a throttled login
]

ROOT_URLCONF = "zorgzaam.web.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # first, so our Dutch account pages win over django.contrib.admin's registration templates
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zorgzaam.web.context.workspace",
            ],
        },
    },
]

WSGI_APPLICATION = "zorgzaam.web.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'zorgzaam.sqlite3'}",
        conn_max_age=int(os.environ.get("ZORGZAAM_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Tests use a file, not memory: background job threads open their own connection and must see the same
    # database, as they do in production. One file per test process in the temp dir: pytest-django reads
    # these settings before the tests' conftest can point ZORGZAAM_DATA_DIR elsewhere, and two test runs
    # (or a run beside a user's data dir) must never share or delete each other's database.
    import tempfile

    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("ZORGZAAM_TEST_DB")
        or str(Path(tempfile.gettempdir()) / f"zorgzaam-test-db-{os.getpid()}.sqlite3")}
    # WAL: readers (the public survey, every page) never wait for a writer, e.g. a large area save; a writer waits
    # up to `timeout` seconds for another (BEGIN IMMEDIATE takes the write lock at once, so no deadlock midway).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 30, "transaction_mode": "IMMEDIATE",
                                            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise looks here first (filled by `zorgzaam serve`)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

def _leaflet_static() -> Path:
    """Leaflet's files from the django-leaflet package (found without importing it: its Django app pulls in
    GeoDjango, which needs GDAL; we only want the JavaScript and CSS)."""
    import importlib.util

    spec = importlib.util.find_spec("leaflet")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "leaflet"


STATICFILES_DIRS = [("leaflet", _leaflet_static())]
# Without `collectstatic` (tests, `zorgzaam demo`) whitenoise serves the apps' static folders directly.
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
SESSION_COOKIE_AGE = 60 * 60 * int(os.environ.get("ZORGZAAM_SESSION_HOURS", "8"))
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last use, so an idle login expires
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("ZORGZAAM_SECURE_COOKIES", "") == "1"
# HSTS with Secure cookies (sent by SecurityMiddleware on https requests only)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SESSION_COOKIE_SECURE else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind a reverse proxy: which peers may name the client (X-Forwarded-For) and the scheme (X-Forwarded-Proto).
ZORGZAAM_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("ZORGZAAM_TRUSTED_PROXIES", "").split(",")
                            if p.strip()]
if os.environ.get("ZORGZAAM_PROXY_SSL_HEADER", "") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login throttle (django-axes): locked after N failures for an account or from an address, for M minutes.
AUTHENTICATION_BACKENDS = [
    "zorgzaam.workspaces.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ZORGZAAM_LOGIN_FAILURES", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ZORGZAAM_LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one alone locks
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "zorgzaam.workspaces.security.client_ip"
AXES_LOCKOUT_CALLABLE = "zorgzaam.workspaces.security.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("ZORGZAAM_CSRF_TRUSTED_ORIGINS", "").split(",")
                        if o.strip()]
X_FRAME_OPTIONS = "DENY"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

if os.environ.get("ZORGZAAM_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["ZORGZAAM_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("ZORGZAAM_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("ZORGZAAM_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("ZORGZAAM_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("ZORGZAAM_EMAIL_TLS", "1") == "1"
elif os.environ.get("ZORGZAAM_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["ZORGZAAM_EMAIL_FILE_PATH"]
elif os.environ.get("ZORGZAAM_EMAIL_CONSOLE") == "1":  # a developer's own machine only: prints links
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:  # no mail server: nothing is sent and the log says only that (no address, no link); see web/mail.py
    EMAIL_BACKEND = "zorgzaam.web.mail.NotSentBackend"
DEFAULT_FROM_EMAIL = os.environ.get("ZORGZAAM_EMAIL_FROM", "zorgzaam@localhost")

# Background jobs (imports): a queue in the database run by an in-process worker thread by default, an rq queue on
# Redis when configured.
ZORGZAAM_REDIS_URL = os.environ.get("ZORGZAAM_REDIS_URL", "")
ZORGZAAM_JOB_RUNNER = os.environ.get("ZORGZAAM_JOB_RUNNER", "rq" if ZORGZAAM_REDIS_URL else "database")
ZORGZAAM_JOB_WORKER = os.environ.get("ZORGZAAM_JOB_WORKER", "inprocess")
# django-tasks: the database queue (zorgzaam.workspaces.jobs); its rows survive a restart of every process
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["zorgzaam"]}}
# Computed pages (profiles) are cached in the process by default; with Redis, shared by every process.
if ZORGZAAM_REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": ZORGZAAM_REDIS_URL}}
ZORGZAAM_MAX_UPLOAD_MB = int(os.environ.get("ZORGZAAM_MAX_UPLOAD_MB", "200"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads go to a temporary file, not to memory
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000  # the summary table saves a few fields per finding in one form

# An optional base map under the sectors (the map works without one, offline):
# e.g. ZORGZAAM_TILE_URL=https://tile.openstreetmap.org/{z}/{x}/{y}.png
ZORGZAAM_TILE_URL = os.environ.get("ZORGZAAM_TILE_URL", "")
ZORGZAAM_TILE_ATTRIBUTION = os.environ.get("ZORGZAAM_TILE_ATTRIBUTION", "© OpenStreetMap-bijdragers")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZORGZAAM_LOG_LEVEL", "WARNING")},
}
