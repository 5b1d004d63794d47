"""The examination's left/right tables (templates/visits/exam_grid.html) written in Python:
the same elements, without a template render of every row and cell. An examination shows four
such tables of up to twenty rows; through the template they were a sixth of the page's time
(issue 17). The template stays the reference: tests/visits/test_step_rendering.py renders
both ways and compares them."""

from django.utils.translation import gettext as _

from .widget_html import escaped


def cell_html(cell) -> str:
    field = cell["field"]
    mark = cell["mark"]
    mark = (f'<div id="{escaped(field.auto_id)}_last" class="small">{escaped(mark.html())}</div>'
            if mark else "")
    errors = ""
    if field.errors:
        errors = (f'<div id="{escaped(field.auto_id)}_error" class="invalid-feedback d-block">'
                  + "".join(f'<p class="mb-0">{escaped(error)}</p>' for error in field.errors)
                  + "</div>")
    return f"<td>\n{field}\n{mark}\n{errors}\n</td>"


def row_html(row, detail_heading) -> str:
    css_id = f' id="{escaped(row["css_id"])}"' if row["css_id"] else ""
    detail = (f'<td class="text-body-secondary small">{escaped(row["detail"])}</td>'
              if detail_heading else "")
    cells = "".join(cell_html(cell) for cell in row["cells"])
    return f'<tr{css_id}>\n<th scope="row">{escaped(row["heading"])}</th>\n{detail}{cells}</tr>\n'


def part_html(table, part) -> str:
    caption = escaped(table["caption"])
    if part["folded"]:
        caption = escaped(_("%(caption)s: other roots") % {"caption": table["caption"]})
    detail = (f'<th scope="col">{escaped(table["detail_heading"])}</th>'
              if table["detail_heading"] else "")
    html = (f'<div class="table-responsive">\n'
            f'<table class="table table-sm table-bordered align-middle exam-grid mb-0">\n'
            f'<caption class="caption-top">{caption}</caption>\n'
            f'<thead class="table-light">\n<tr>\n'
            f'<th scope="col">{escaped(table["row_heading"])}</th>\n{detail}\n'
            f'<th scope="col">{escaped(_("Left"))}</th>\n'
            f'<th scope="col">{escaped(_("Right"))}</th>\n</tr>\n</thead>\n<tbody>\n'
            + "".join(row_html(row, table["detail_heading"]) for row in part["rows"])
            + "</tbody>\n</table>\n</div>")
    if not part["folded"]:
        return html
    summary = escaped(_("Show the other roots (%(roots)s)") % {"roots": table["others_named"]})
    return (f'\n<details class="other-roots mt-1">\n<summary class="small">{summary}</summary>\n'
            f"{html}\n</details>")


def exam_table_html(table) -> str:
    """visits/exam_grid.html: the table's parts (the rows shown, then the other roots folded
    in a <details>), each a table of the rows' bound fields left and right."""
    parts = "".join(part_html(table, part) for part in table["parts"])
    return f'<div class="mb-3" id="{escaped(table["css_id"])}">\n{parts}\n</div>'
