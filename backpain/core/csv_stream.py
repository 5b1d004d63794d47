"""Streaming CSV (RFC 4180) that a spreadsheet cannot execute, in chunks of a useful size.

A cell that starts with =, +, -, @, a tab or a carriage return is read as a formula by
Excel, LibreOffice and Google Sheets (OWASP "CSV injection"); so is one whose formula
character comes after leading spaces, or is the full-width or small form (＝ ＋ － ＠, which an
East Asian input method types and Excel reads as ASCII). Patient text and usernames reach
these files, so such a cell is prefixed with a single quote, which the spreadsheet shows as
text.
"""

import csv
import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@")
# Characters a spreadsheet skips before a formula: whitespace (str.isspace) and these,
# which are not whitespace to Python.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# Excel reads a UTF-8 file as the local code page unless it starts with a byte-order mark.
BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_safe(value: str) -> str:
    return f"'{value}" if runs_as_formula(value) else value


def runs_as_formula(value: str) -> bool:
    if value.startswith(("\t", "\r", "\n")):
        return True
    first = value.lstrip().lstrip(INVISIBLE).lstrip()[:1]
    # NFKC folds the full-width (U+FF1D...) and small (U+FE66...) forms to the ASCII ones.
    return bool(first) and unicodedata.normalize("NFKC", first) in FORMULA_STARTS


class _Line:
    """The csv module writes into this; each row comes back as its text, quoted and ended."""

    def write(self, text):
        return text


def csv_lines(header, rows):
    """Header and rows as RFC 4180 text lines (CRLF, quotes doubled), every text cell made
    safe. A cell given as a number (int or float, never text) is written as one: a negative
    change stays a number a spreadsheet can sum, and a number cannot carry a formula."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BYTE_ORDER_MARK + writer.writerow([spreadsheet_safe(name) for name in header])
    for row in rows:
        yield writer.writerow([value if is_number(value) else spreadsheet_safe(value)
                               for value in row])


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


RESPONSE_CHUNK = 64 * 1024


def in_chunks(pieces, size=RESPONSE_CHUNK):
    """Join small pieces (a CSV line, an NDJSON Bundle) into fewer, larger writes."""
    buffer, length = [], 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield b"".join(buffer)
            buffer, length = [], 0
    if length:
        yield b"".join(buffer)
