"""`manage.py` run in a child process, with a clean environment: settings are read the way a
deployment reads them, not as this test process configured them."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
# A production profile: debug off, a long secret key, one host; one server, as the README's
# "Running it for real" sets it up (ONE_SERVER: no Redis, jobs in-process).
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k9$-production-test-key-that-is-long-and-random-enough-0123456789abcdef",
    "ALLOWED_HOSTS": "clinic.example.org",
    "ONE_SERVER": "true",
}
# Left out of the child's environment; the browser tests allow async-unsafe calls in this
# process, a deployment never does.
NOT_INHERITED = ("DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL",
                 "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")


def manage(*args, stdin=None, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env,
                          input=stdin, capture_output=True, text=True, timeout=180)
