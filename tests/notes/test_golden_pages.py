"""Golden images of the demo notes' pages: each page rendered to a small greyscale PNG and
compared with the stored one, so a change of layout is seen before a physician sees it.

The demo visits are opened on a fixed day (tests/notes/demo_notes.py) and signed with a fixed
signature block, so the pages are the same on any day. After an intended change of layout,
regenerate the images and look at them before committing:

    UPDATE_GOLDEN=1 pytest tests/notes/test_golden_pages.py

(tests/notes/golden/README.md says the same.)
"""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from backpain.notes.pdf import render_note_pdf
from tests.notes.demo_notes import DEMO_MRNS, demo_document, load_demo_clinic
from tests.notes.test_pdf import signature

GOLDEN = Path(__file__).parent / "golden"
DPI = 40
# Mean difference per pixel (0-255) a page may show: font hinting and anti-aliasing differ a
# little between builds of the rendering libraries; a moved block or a wrapped table does not
# stay under it.
TOLERANCE = 1.5
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

pytestmark = pytest.mark.django_db


def page_images(pdf_bytes) -> list[Image.Image]:
    """Every page as a greyscale image (poppler's pdftoppm, DPI dots per inch)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "note.pdf"
        source.write_bytes(pdf_bytes)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(source),
                        str(Path(folder) / "page")], check=True, capture_output=True)
        files = sorted(Path(folder).glob("page-*.png"),
                       key=lambda path: int(path.stem.rpartition("-")[2]))
        return [Image.open(path).convert("L") for path in files]


def golden_path(mrn, number) -> Path:
    return GOLDEN / f"{mrn}-page-{number}.png"


def mean_difference(image, golden) -> float:
    return ImageStat.Stat(ImageChops.difference(image, golden)).mean[0]


@pytest.fixture(scope="module")
def demo_pages(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_demo_clinic()
            pages = {mrn: page_images(render_note_pdf(demo_document(mrn), [signature()],
                                                      page_size="A4"))
                     for mrn in DEMO_MRNS}
            transaction.set_rollback(True)
    return pages


@pytest.mark.parametrize("mrn", DEMO_MRNS)
def test_the_demo_note_pages_look_as_they_did(demo_pages, mrn):
    pages = demo_pages[mrn]
    assert pages, f"{mrn}: no page rendered"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        for stale in GOLDEN.glob(f"{mrn}-page-*.png"):
            stale.unlink()
        for number, image in enumerate(pages, start=1):
            image.save(golden_path(mrn, number), optimize=True)
    stored = sorted(GOLDEN.glob(f"{mrn}-page-*.png"))
    assert len(pages) == len(stored), (
        f"{mrn}: {len(pages)} pages, {len(stored)} golden; if intended, regenerate "
        "(UPDATE_GOLDEN=1)")
    for number, image in enumerate(pages, start=1):
        golden = Image.open(golden_path(mrn, number)).convert("L")
        assert image.size == golden.size, f"{mrn} page {number}: size {image.size}"
        difference = mean_difference(image, golden)
        assert difference <= TOLERANCE, (
            f"{mrn} page {number} differs from its golden image by {difference:.2f} per pixel "
            "(if the change is intended, regenerate with UPDATE_GOLDEN=1 and look at them)")


def test_a_moved_block_exceeds_the_tolerance(demo_pages):
    """The comparison itself: a page shifted by a line's height is not within tolerance."""
    page = demo_pages[DEMO_MRNS[0]][0]
    shifted = Image.new("L", page.size, 255)
    shifted.paste(page.crop((0, 0, page.width, page.height - 6)), (0, 6))
    assert mean_difference(shifted, page) > TOLERANCE
    assert mean_difference(page, page) == 0
