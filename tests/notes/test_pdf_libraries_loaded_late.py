"""WeasyPrint (about 45 MB) and pyHanko (about 30 MB) are loaded by the first note rendered or
signature checked, not by importing the app: a web worker whose notes the job worker renders,
and an export job, do not carry them (bench/README.md, export memory)."""

from tests.manage_process import manage

LIBRARIES = ("weasyprint", "pyhanko")
LOADED = "import sys; print(sorted(m for m in sys.modules if m.split('.')[0] in {names!r}))"


def loaded_after(code: str, tmp_path) -> str:
    done = manage("shell", "-c", code + "\n" + LOADED.format(names=set(LIBRARIES)),
                  DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_serving_pages_loads_neither_pdf_library(tmp_path):
    # Every view module the URLconf names, as a web worker has them after its first request.
    code = ("from django.urls import get_resolver, reverse; reverse('home'); "
            "get_resolver().url_patterns")
    assert loaded_after(code, tmp_path) == "[]"


def test_the_check_sees_a_library_once_it_is_loaded(tmp_path):
    code = "from backpain.notes import pdf_render"
    assert "'weasyprint'" in loaded_after(code, tmp_path)
