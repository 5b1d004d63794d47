"""What WeasyPrint laid out: the boxes of a note that cross the page's content box."""

from weasyprint.formatting_structure import boxes

from backpain.notes.pdf import note_html
from backpain.notes.pdf_render import laid_out

# A hundredth of a CSS pixel: rounding, not a crossing.
TOLERANCE = 0.01
TABLE_BOXES = (boxes.TableBox, boxes.TableRowGroupBox, boxes.TableRowBox, boxes.TableCellBox,
               boxes.TableCaptionBox)


def page_content_box(page_box):
    """(left, right) of the page's content box, in CSS pixels."""
    left = page_box.content_box_x()
    return left, left + page_box.width


def body_boxes(page_box):
    """Every box laid out on the page outside its margin boxes (header, footer)."""
    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):
            continue
        yield from child.descendants()


def crossing_tables(document, signatures, **options) -> list[str]:
    """Each table box whose right edge (margin included) runs past the content box."""
    crossing = []
    for number, page in enumerate(laid_out(note_html(document, signatures,
                                                     **options)).pages, start=1):
        page_box = page._page_box
        left, right = page_content_box(page_box)
        for box in body_boxes(page_box):
            if not isinstance(box, TABLE_BOXES):
                continue
            end = box.position_x + box.margin_width()
            if box.position_x < left - TOLERANCE or end > right + TOLERANCE:
                crossing.append(f"page {number}: {type(box).__name__} <{box.element_tag}> "
                                f"{box.position_x:.1f}..{end:.1f} outside {left:.1f}..{right:.1f}")
    return crossing


def pages_of(document, signatures, **options):
    return laid_out(note_html(document, signatures, **options)).pages
