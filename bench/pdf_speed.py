"""Time to render each demo note's PDF against WeasyPrint's floor: a plain document of the
same text.

    .venv/bin/python bench/pdf_speed.py [REPEAT]     (default: 7)

Loads the demo clinic (the visits of tests/notes/demo_notes.py, every step filled) into a
scratch SQLite database, renders each note with backpain.notes.pdf.render_note_pdf, and renders
the same characters as plain paragraphs (WeasyPrint's default stylesheet, the note's regular
font) with weasyprint.HTML(...).write_pdf(). Both run warm in one process; each figure is the
median of REPEAT runs. The target is a ratio of at most 2 (issue 17, item 1); figures are kept
in bench/pdf_speed.md.
"""

import os
import statistics
import sys
import tempfile
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0
# Elements that start a new line of text in the note: the plain document makes each a <p>.
BLOCKS = {"h1", "h2", "h3", "p", "div", "section", "header", "table", "caption", "tr", "ul",
          "li", "svg", "text"}
SKIPPED = {"head", "style", "title", "script"}


def text_blocks(html: str) -> list[str]:
    """The note's visible text, one string per block of the layout, whitespace collapsed."""
    import tinyhtml5

    blocks: list[str] = []
    current: list[str] = []

    def flush():
        text = " ".join(" ".join(current).split())
        if text:
            blocks.append(text)
        current.clear()

    def walk(element):
        tag = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
        if tag in SKIPPED:
            current.append(element.tail or "")
            return
        if tag in BLOCKS:
            flush()
        # The running header's strings (patient, ids) are printed from data attributes.
        printed = [value for name, value in element.attrib.items() if name.startswith("data-")]
        if printed:
            blocks.append(" ".join(" ".join(printed).split()))
        current.append(element.text or "")
        for child in element:
            walk(child)
        if tag in BLOCKS:
            flush()
        current.append(element.tail or "")

    document = tinyhtml5.parse(html)
    body = next(child for child in document if child.tag.endswith("body"))
    walk(body)
    flush()
    return blocks


def plain_html(blocks: list[str]) -> str:
    """The floor: the same text as plain paragraphs in the note's regular font."""
    font = (ROOT / "backpain/notes/assets/fonts/DejaVuSans.ttf").as_uri()
    paragraphs = "\n".join(f"<p>{escape(block)}</p>" for block in blocks)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
            f'@font-face {{ font-family: "DejaVuSansNote"; src: url("{font}"); }}'
            f'html {{ font-family: "DejaVuSansNote"; }}</style></head>'
            f"<body>{paragraphs}</body></html>")


def seconds(render) -> float:
    start = time.process_time()
    render()
    return time.process_time() - start


def medians(first, second, repeat: int) -> tuple[float, float]:
    """Median seconds of each; the two alternate, so a busy moment of the machine weighs on
    both alike."""
    first(), second()  # warm up: modules, fonts and stylesheets loaded once per process
    times = [(seconds(first), seconds(second)) for _ in range(repeat)]
    return (statistics.median(one for one, _ in times),
            statistics.median(other for _, other in times))


def measure(documents: dict, signatures: list[dict], repeat: int) -> dict[str, tuple]:
    """{name: (note seconds, plain seconds, characters)}."""
    from weasyprint import HTML

    from backpain.notes.pdf import note_html, render_note_pdf

    results = {}
    for name, document in documents.items():
        blocks = text_blocks(note_html(document, signatures, page_size="A4"))
        plain = plain_html(blocks)

        def note(document=document):
            render_note_pdf(document, signatures, page_size="A4")

        def floor(plain=plain):
            HTML(string=plain).write_pdf()

        results[name] = (*medians(note, floor, repeat), sum(len(block) for block in blocks))
    return results


def demo_documents() -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.notes.demo_notes import DEMO_MRNS, demo_document, load_demo_clinic

    load_demo_clinic()
    return {mrn: demo_document(mrn) for mrn in DEMO_MRNS}


def main(repeat: int) -> int:
    import django

    django.setup()
    from tests.notes.test_pdf import signature

    results = measure(demo_documents(), [signature()], repeat)
    print(f"{'note':<11} {'chars':>6} {'note ms':>8} {'plain ms':>9} {'ratio':>6}")
    for name, (note, plain, chars) in results.items():
        print(f"{name:<11} {chars:>6} {note * 1000:>8.0f} {plain * 1000:>9.0f} "
              f"{note / plain:>6.2f}")
    note_total = sum(note for note, _, _ in results.values())
    plain_total = sum(plain for _, plain, _ in results.values())
    ratio = note_total / plain_total
    print(f"{'all':<11} {'':>6} {note_total * 1000:>8.0f} {plain_total * 1000:>9.0f} "
          f"{ratio:>6.2f}  (target <= {TARGET_RATIO:g})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        os.environ["MEDIA_ROOT"] = f"{scratch}/media"
        os.environ["DJANGO_SETTINGS_MODULE"] = "backpain.settings"
        sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 7))
