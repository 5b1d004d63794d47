"""The note's pages as WeasyPrint lays them out: a typical visit in at most three A4 pages, and
no table running past the page's content box (measured on the layout boxes, not by eye)."""

import pytest

from backpain.notes.content import note_document
from backpain.notes.pdf import render_note_pdf
from tests.notes.demo_notes import DEMO_MRNS, TYPICAL, demo_document, load_demo_clinic
from tests.notes.layout_boxes import crossing_tables, pages_of
from tests.notes.test_pdf import ADDENDA, full_document, full_signatures, signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_documents():
    load_demo_clinic()
    return {mrn: demo_document(mrn) for mrn in DEMO_MRNS}


def test_the_typical_demo_visit_fits_in_three_a4_pages(demo_documents):
    document = demo_documents[TYPICAL]
    assert document["format"] == "backpain-note/4"
    assert len(pages_of(document, [signature()], page_size="A4")) <= 3


def test_no_table_crosses_the_content_box_of_any_demo_note(demo_documents):
    crossing = {(mrn, size): crossing_tables(document, [signature()], page_size=size)
                for mrn, document in demo_documents.items() for size in ("A4", "Letter")}
    assert {note: boxes for note, boxes in crossing.items() if boxes} == {}


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_no_table_crosses_the_content_box_of_a_note_with_every_finding(clinic, physician,
                                                                       intake, size):
    from backpain.visits.services import visit_with_steps
    from tests.exports.builders import fully_filled_visit

    visit = fully_filled_visit(clinic, physician, intake)
    document = note_document(visit_with_steps(visit.pk))
    assert crossing_tables(document, [signature()], page_size=size) == []


def test_no_table_crosses_the_content_box_of_a_full_old_format_note():
    """A note signed in format 1, with every part filled in and many addenda."""
    assert crossing_tables(full_document(ADDENDA), full_signatures(ADDENDA),
                           page_size="A4") == []


def test_the_check_finds_a_table_wider_than_the_page(ready_visit, monkeypatch):
    """The measure itself: a table forced wider than the page is reported."""
    from backpain.notes import pdf

    document = note_document(ready_visit)
    wide = pdf.note_html(document, [], page_size="A4").replace(
        "</head>", "<style>table.facts { width: 130%; }</style></head>")
    monkeypatch.setattr(pdf, "note_html", lambda *args, **kwargs: wide)
    import tests.notes.layout_boxes as layout_boxes

    monkeypatch.setattr(layout_boxes, "note_html", lambda *args, **kwargs: wide)
    assert crossing_tables(document, [], page_size="A4")


def test_a_draft_is_marked_on_every_page(demo_documents):
    from tests.notes.test_pdf import pages_of as text_pages

    pages = text_pages(render_note_pdf(demo_documents["RSC-100102"], [], page_size="A4",
                                       draft=True))
    assert len(pages) > 1
    assert all("DRAFT - not signed" in page for page in pages)
