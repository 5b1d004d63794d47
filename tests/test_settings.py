"""Settings from the environment: SQLite by default, DATABASE_URL, and a production profile."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k9$-production-test-key-that-is-long-and-random-enough-0123456789abcdef",
    "ALLOWED_HOSTS": "clinic.example.org",
}


def manage(*args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        # The browser tests allow async-unsafe calls in their process; a deployment never does.
        if k
        not in (
            "DJANGO_ENV",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deploy_check(tmp_path):
    from backpain.notes.pades import create_certificate

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    create_certificate(clinic_name="Riverside Spine Clinic", key_path=key, cert_path=cert)
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV,
                    NOTE_SIGNING_KEY=str(key), NOTE_SIGNING_CERT=str(cert))
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_a_signing_certificate_is_reported(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV,
                    NOTE_SIGNING_KEY=str(tmp_path / "none.pem"),
                    NOTE_SIGNING_CERT=str(tmp_path / "none.pem"))
    assert result.returncode != 0
    assert "notes.W001" in result.stderr + result.stdout


def test_development_settings_fail_the_deploy_check():
    # Proves the check above can fail: DEBUG and a dev key are reported.
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0


def test_production_requires_secret_key_and_hosts():
    for missing in ("SECRET_KEY", "ALLOWED_HOSTS"):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = manage("check", **env)
        assert result.returncode != 0
        assert f"{missing} must be set when DJANGO_ENV=production" in result.stderr


def print_setting(expression, **env):
    return manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print({expression})",
        **env,
    )


def test_production_turns_debug_off():
    assert print_setting("settings.DEBUG", **PRODUCTION_ENV).stdout.strip() == "False"


def test_sqlite_by_default_and_from_a_url(tmp_path):
    default = print_setting("settings.DATABASES['default']['NAME']").stdout.strip()
    assert default.endswith("db.sqlite3")
    url = f"sqlite:///{tmp_path}/other.sqlite3"
    named = print_setting("settings.DATABASES['default']['NAME']", DATABASE_URL=url)
    assert named.stdout.strip() == f"{tmp_path}/other.sqlite3"


def test_postgres_url_uses_psycopg():
    result = print_setting(
        "settings.DATABASES['default']['ENGINE']",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/anything",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"
