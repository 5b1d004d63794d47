"""How a step of a format-2 note is printed: positive answers as rows, every block's negative
answers in one line, roots normal on both sides in one line and the rest as a table, free text
as full-width paragraphs. Used for the PDF and the review page alike."""

from django.utils.translation import gettext as _

from .grouping import short_label

# A block with more positive answers than this prints them two to a line.
TWO_UP_AFTER = 5


def pairs_of(rows):
    if len(rows) <= TWO_UP_AFTER:
        return None
    return [rows[i:i + 2] for i in range(0, len(rows), 2)]


def negatives_line(labels) -> str:
    return "; ".join(short_label(label) for label in labels)


def laid_out_section(section) -> dict:
    word = negative_word(section["slug"])
    # A block with rows has its heading, and its negatives line just says "Negative"; a block
    # of negatives only is that one line, named after the block.
    blocks = [{**block, "pairs": pairs_of(block["rows"]),
               "negatives_line": negatives_line(block["negatives"]),
               "negatives_title": negatives_title("" if block["rows"] else block["title"],
                                                  word)}
              for block in section.get("blocks", [])]
    return {
        **section,
        "blocks": [block for block in blocks if block["rows"] or block["negatives"]],
        "screen_line": negatives_line(section.get("screen_negatives", [])),
        "grids": [laid_out_grid(grid) for grid in section.get("grids", [])],
        "studies": [{**study, "blocks": [{**block,
                                          "negatives_line": negatives_line(block["negatives"]),
                                          "negatives_title": _("Normal or negative")}
                                         for block in study.get("blocks", [])]}
                    for study in section.get("studies", [])],
        "empty": not (section.get("blocks") or section.get("texts") or section.get("grids")
                      or section.get("studies") or section.get("screen_negatives")),
    }


def negative_word(slug) -> str:
    if slug == "examination":
        return _("normal or negative")
    if slug == "plan":
        return _("none")
    return _("negative")


def negatives_title(block_title, word) -> str:
    if not block_title:
        return word[:1].upper() + word[1:]
    return _("%(block)s %(word)s") % {"block": block_title, "word": word}


def laid_out_grid(grid) -> dict:
    normal = grid.get("normal", [])
    line = ""
    if normal:
        line = _("%(grid)s normal on both sides: %(keys)s") % {"grid": grid["title"],
                                                                 "keys": ", ".join(normal)}
    return {**grid, "rows": [row for row in grid["rows"] if row[0] not in normal],
            "normal_line": line}
