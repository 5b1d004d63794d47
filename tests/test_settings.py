"""Settings from the environment: SQLite by default, DATABASE_URL, and a production profile."""


from tests.manage_process import PRODUCTION_ENV, manage

# The production deploy check itself is tests/security/test_t46_headers.py (T-46).


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


def test_postgres_prepares_repeated_queries_unless_a_pooler_forbids_it():
    url = "postgres://postgres@127.0.0.1:5432/anything"
    options = "settings.DATABASES['default']['OPTIONS']"
    prepared = print_setting(options, DATABASE_URL=url).stdout
    assert "'server_side_binding': True" in prepared
    assert "'prepare_threshold': 2" in prepared
    off = print_setting(options, DATABASE_URL=url, DB_PREPARE_THRESHOLD="off").stdout
    assert "'prepare_threshold': None" in off


def test_a_workers_priority_outside_nice_values_is_refused():
    result = manage("check", WORKER_NICENESS="20")
    assert result.returncode != 0
    assert "WORKER_NICENESS must be between 0 and 19." in result.stderr
