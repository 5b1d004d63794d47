import pytest, subprocess
from backpain.notes.pdf import render_note_pdf
from tests.notes.demo_notes import load_demo_clinic, demo_document, DEMO_MRNS

@pytest.mark.django_db
def test_try(tmp_path):
    load_demo_clinic()
    for mrn in DEMO_MRNS:
        doc = demo_document(mrn)
        pdf = render_note_pdf(doc, [], page_size="A4")
        open(f"/tmp/note-{mrn}.pdf","wb").write(pdf)
        print(mrn, subprocess.run(["pdfinfo", f"/tmp/note-{mrn}.pdf"],capture_output=True,text=True).stdout.split("Pages:")[1].split()[0])
        print(doc["summary"])
