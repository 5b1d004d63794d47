"""The review page shows the note the PDF prints, from the same body template: what the
physician reviews is what is signed."""

import re

import pytest
from django.urls import reverse

from backpain.notes.content import note_document
from backpain.notes.pdf import note_html
from backpain.visits.services import visit_with_steps

pytestmark = pytest.mark.django_db


def squeezed(html):
    return re.sub(r"\s+", " ", html).strip()


def note_in_page(page):
    start = page.index('<article class="card-section note-preview"')
    start = page.index(">", start) + 1
    return page[start:page.index("</article>", start)]


def note_in_pdf_html(html):
    body = html[html.index("<body>") + len("<body>"):html.index("</body>")]
    return body[body.index("</div>", body.index('class="running-header"')) + len("</div>"):]


def test_the_review_page_shows_the_very_note_the_pdf_prints(physician_client, ready_visit):
    page = physician_client.get(reverse("notes:review", kwargs={"pk": ready_visit.pk}))
    document = note_document(visit_with_steps(ready_visit.pk))
    pdf_body = note_in_pdf_html(note_html(document, [], page_size="A4"))
    assert squeezed(note_in_page(page.content.decode())) == squeezed(pdf_body)


def test_the_review_page_reads_like_the_note(physician_client, ready_visit):
    page = physician_client.get(reverse("notes:review", kwargs={"pk": ready_visit.pk}))
    text = page.content.decode()
    assert "css/note-review" in text  # styled like the PDF
    assert ">Summary<" in text and "-year-old" in text
    assert "Red-flag screen negative:" in text
    assert "injury; weakness; numbness in the saddle area; bladder problems" in text
    # ICD-10-CM codes with their descriptions.
    assert "M54.59 Other low back pain" in text
    # Unasked findings are left out; no "No" rows for a negative screen.
    assert "Weakness?" not in text
    assert "Better with rest?" not in text


def review_queries(client, visit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("notes:review", kwargs={"pk": visit.pk})).status_code == 200
    return len(queries)


def test_the_review_page_makes_no_query_per_study(physician_client, ready_visit):
    from backpain.visits.models import DiagnosticStudy

    def add_study():
        DiagnosticStudy.objects.create(visit=ready_visit, modality="mri", region="lumbar",
                                       status="resulted", impression="Disc bulge.")

    add_study()
    review_queries(physician_client, ready_visit)  # warm: sessions, permissions
    one = review_queries(physician_client, ready_visit)
    for _ in range(4):
        add_study()
    assert review_queries(physician_client, ready_visit) == one
