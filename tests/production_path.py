"""The README's "Running it for real" section, read and run as written: its shell lines in order,
in a temporary directory, against a fresh database, ending with gunicorn serving on loopback.
Several app servers are more gunicorns started as the README starts the first, plus Celery
workers, all with the same environment (`Deployment.settings` adds Redis, object storage...).

Only what cannot run in a test is replaced, and each replacement is named here:
- the first line (a new venv and `pip install .`) is the venv running the tests;
- `createsuperuser` is given `--noinput` with its answers in the environment;
- the database, the storage folders and the signing certificate's paths point into the
  temporary directory; gunicorn binds a free loopback port.
Every other variable (DJANGO_ENV, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, NUM_PROXIES)
is the README's own, evaluated by bash.
"""

import http.client
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SUPERUSER = {"DJANGO_SUPERUSER_USERNAME": "root-admin",
             "DJANGO_SUPERUSER_EMAIL": "it@clinic.example",
             "DJANGO_SUPERUSER_PASSWORD": "a-long-superuser-passphrase-2026"}
# Left out of the children's environment: the test process's own configuration.
NOT_INHERITED = ("DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "STATIC_ROOT",
                 "MEDIA_ROOT", "NOTE_SIGNING_CERT", "NOTE_SIGNING_KEY", "CSRF_TRUSTED_ORIGINS",
                 "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "NUM_PROXIES")


def readme_lines(readme: Path = PROJECT / "README.md") -> list[str]:
    """The shell lines of the first ```sh block under "## Running it for real"."""
    text = readme.read_text()
    section = text[text.index("## Running it for real"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the README's production section has no ```sh block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


@dataclass
class Deployment:
    folder: Path
    database_url: str
    port: int = 0
    env: dict = field(default_factory=dict)
    ran: list = field(default_factory=list)
    server: subprocess.Popen | None = None
    clinic: dict = field(default_factory=dict)
    # Environment beyond the README's, for every process (e.g. REDIS_URL, STORAGE_BACKEND).
    settings: dict = field(default_factory=dict)
    server_line: str = ""
    # Every server and worker started, each logging to <folder>/<name>.log; stop() ends them.
    processes: list = field(default_factory=list)

    def overrides(self) -> dict:
        return {"DATABASE_URL": self.database_url,
                "STATIC_ROOT": str(self.folder / "static"),
                "MEDIA_ROOT": str(self.folder / "media"),
                "NOTE_SIGNING_CERT": str(self.folder / "signing" / "clinic-cert.pem"),
                "NOTE_SIGNING_KEY": str(self.folder / "signing" / "clinic-key.pem"),
                "GUNICORN_BIND": f"127.0.0.1:{self.port}", **self.settings}

    def run_readme(self):
        """Every line of the section; a failing line fails with its output."""
        self.port = free_port()
        self.env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        self.env.update(self.overrides())
        for line in readme_lines():
            self.ran.append(line)
            if line.startswith("python3.11 -m venv"):
                assert "pip install" in line  # stands for the venv the tests run in
            elif line.startswith("export "):
                self.export(line)
            elif line.startswith(".venv/bin/gunicorn"):
                self.start_server(line)
            elif line.startswith(".venv/bin/python manage.py"):
                self.manage(line)
            else:
                raise AssertionError(f"the test does not know how to run: {line}")

    def export(self, line):
        shown = subprocess.run(["bash", "-c", f"{line}\nenv -0"], env=self.env,
                               capture_output=True, check=True, timeout=30).stdout
        self.env = dict(item.split("=", 1) for item in shown.decode().split("\0") if "=" in item)
        self.env.update(self.overrides())

    def command(self, line) -> list[str]:
        words = shlex.split(line, comments=True)
        return [str(BIN / words[0].removeprefix(".venv/bin/")), *words[1:]]

    def manage(self, line):
        words = self.command(line)
        if words[2:3] == ["createsuperuser"]:
            words.append("--noinput")
        result = subprocess.run(words, cwd=PROJECT, env={**self.env, **SUPERUSER},
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"

    def start_server(self, line):
        self.server_line = line
        self.server = self.start_gunicorn(self.port)

    def start_instance(self) -> int:
        """One more app server, started as the README starts the first, on another port."""
        port = free_port()
        self.start_gunicorn(port)
        return port

    def start_gunicorn(self, port) -> subprocess.Popen:
        server = self.start(f"gunicorn-{port}", self.command(self.server_line),
                            GUNICORN_BIND=f"127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, self.log(f"gunicorn-{port}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return server
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start listening within a minute")

    def start_worker(self, name="worker") -> subprocess.Popen:
        """A Celery worker process (as `celery -A backpain worker`); it takes jobs once
        worker_ready() has returned."""
        return self.start(name, [sys.executable, "-m", "celery", "-A", "backpain", "worker",
                                 "--pool=solo", "--loglevel=INFO", f"--hostname={name}@%h",
                                 "--without-gossip", "--without-mingle", "--without-heartbeat"])

    def worker_ready(self, worker: subprocess.Popen, name="worker"):
        deadline = time.monotonic() + 60
        while " ready." not in self.log(name):
            assert worker.poll() is None, self.log(name)
            assert time.monotonic() < deadline, f"the worker did not start:\n{self.log(name)}"
            time.sleep(0.2)

    def start(self, name, words, **env) -> subprocess.Popen:
        with (self.folder / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(words, cwd=PROJECT, env={**self.env, **env},
                                       stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def log(self, name) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop(self):
        """End every process started, all at once (each may take a moment to finish)."""
        running = [process for process in self.processes if process.poll() is None]
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)

    def shell(self, code: str) -> str:
        result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
                                cwd=PROJECT, env=self.env, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout


def free_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


class Browser:
    """HTTP to gunicorn as the TLS proxy forwards it: the public host, X-Forwarded-Proto https
    and X-Forwarded-For; cookies (Secure, __Host-) kept as a browser on HTTPS keeps them."""

    def __init__(self, port, host):
        self.port, self.host = port, host
        self.cookies = SimpleCookie()

    def request(self, method, path, *, form=None, proxied=True, headers=None):
        connection, response = self.open(method, path, form=form, proxied=proxied,
                                         headers=headers)
        content = response.read()
        connection.close()
        return response, content

    def open(self, method, path, *, form=None, proxied=True, headers=None):
        """Send the request and read the response's head; the body is the caller's to read."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Host": self.host, **(headers or {})}
        if proxied:
            sent.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.csrf()}, doseq=True)
            sent.update({"Content-Type": "application/x-www-form-urlencoded",
                         "Origin": f"https://{self.host}",
                         "Referer": f"https://{self.host}{path}"})
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        return connection, response

    def get(self, path, **options):
        return self.request("GET", path, **options)

    def post(self, path, form):
        return self.request("POST", path, form=form)

    def csrf(self):
        return self.cookies["__Host-csrftoken"].value

    def sign_in(self, username, password):
        self.get("/login/")
        response, page = self.post("/login/", {"username": username, "password": password})
        assert response.status == 302, page.decode()[-2000:]


def populate(deployment: Deployment, *, exportable_visits=0) -> dict:
    """The clinic of the deployment's tests, made in its database with the test factories: a
    physician with a visit ready to sign, an administrator, intake staff (each with an email
    address), and visits to export."""
    code = f"""
import json
from tests.conftest import make_ready_to_sign
from tests.exports.builders import simple_visit
from tests.factories import ClinicFactory, PatientFactory, UserFactory, VisitFactory
from backpain.accounts.roles import Role
clinic = ClinicFactory(name="Riverside Spine Clinic")
doctor = UserFactory(clinic=clinic, username="dr-doe", role=Role.PHYSICIAN,
                     printed_name="Jane Doe", credentials="MD")
UserFactory(clinic=clinic, username="office-admin", role=Role.ADMINISTRATOR,
            email="office-admin@clinic.example")
UserFactory(clinic=clinic, username="front-desk", role=Role.INTAKE,
            email="front-desk@clinic.example")
patient = PatientFactory(clinic=clinic, family_name="Okafor", given_name="Chinedu")
visit = make_ready_to_sign(VisitFactory(patient=patient, created_by=doctor,
                                        assigned_physician=doctor), doctor)
for _ in range({exportable_visits}):
    simple_visit(clinic, doctor, red_flag=True, signed=False)
print(json.dumps({{"visit": visit.pk, "physician": doctor.username,
                   "administrator": "office-admin", "intake": "front-desk",
                   "emails": {{"administrator": "office-admin@clinic.example",
                              "intake": "front-desk@clinic.example"}}}}))
"""
    return json.loads(deployment.shell(code).strip().splitlines()[-1])
