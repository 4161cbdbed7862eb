"""Settings read from the environment (STYLE.md habit 8): production refuses to start without a
real SECRET_KEY and passes Django's deploy checks; zero configuration runs on SQLite.

Each case is a fresh `manage.py` process, because settings are read once at import.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

# What the test runner's own environment may carry that would change the answer (the
# browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rejects).
STRIPPED = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS",
            "CSRF_TRUSTED_ORIGINS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
PRODUCTION_KEY = secrets.token_urlsafe(60)  # 80 characters, no "django-insecure" prefix


def manage(*args, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in STRIPPED} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=environment,
        capture_output=True, text=True, timeout=120,
    )


DEPLOY_CHECK = ("check", "--deploy", "--fail-level", "WARNING")


@pytest.mark.parametrize("debug", [None, "false"], ids=["debug-unset", "debug-false"])
def test_production_refuses_to_start_without_a_secret_key(debug):
    env = {"DEBUG": debug} if debug else {}

    result = manage(*DEPLOY_CHECK, **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_production_with_a_real_secret_key_passes_the_deploy_check():
    result = manage(*DEPLOY_CHECK, SECRET_KEY=PRODUCTION_KEY, ALLOWED_HOSTS="legalmap.example")

    assert (result.returncode, result.stdout.strip(), result.stderr) == (
        0, "System check identified no issues (0 silenced).", "")


def test_production_refuses_to_start_with_a_placeholder_secret_key():
    result = manage(*DEPLOY_CHECK, SECRET_KEY="changeme", ALLOWED_HOSTS="legalmap.example")

    assert result.returncode != 0
    assert "SECRET_KEY is too weak for production" in result.stderr


def test_production_with_a_repetitive_secret_key_fails_the_deploy_check():
    result = manage(*DEPLOY_CHECK, SECRET_KEY="a" * 40, ALLOWED_HOSTS="legalmap.example")

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_production_turns_on_https_hardening():
    code = ("from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)")

    result = manage("shell", "--verbosity", "0", "-c", code, SECRET_KEY=PRODUCTION_KEY,
                    ALLOWED_HOSTS="legalmap.example")

    assert (result.returncode, result.stdout.strip()) == (0, "False True True True True")


def test_debug_with_nothing_else_passes_the_system_check():
    result = manage("check", DEBUG="true")

    assert (result.returncode, result.stdout.strip()) == (
        0, "System check identified no issues (0 silenced).")


def test_zero_config_uses_sqlite_and_eager_celery():
    code = ("from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
            "s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1])")

    result = manage("shell", "--verbosity", "0", "-c", code, DEBUG="true")

    assert (result.returncode, result.stdout.strip()) == (
        0, "django.db.backends.sqlite3 True LocMemCache")
