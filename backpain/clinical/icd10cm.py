"""The full ICD-10-CM code set (docs/clinical-rules.md, "ICD-10-CM suggestions"): every code a
physician types is checked against it and shown with its description.

The code set is the one the maintained `simple-icd-10-cm` package ships (the CMS release it
names: the April 2026 update of fiscal year 2026 for version 1.5.0; a later release of the
package brings the next fiscal year). It is loaded on first use (about two seconds).
"""

import re
import warnings
from functools import cache
from typing import Any

# How a typed code looks before it is looked up: a letter, two characters, then optionally a
# dot and up to four more ("M54.50", "S32.000A"); the dot may be left out.
SHAPE = re.compile(r"^[A-Z][0-9][0-9AB](\.?[0-9A-Z]{1,4})?$")
SEARCH_LIMIT = 20


@cache
def code_set() -> Any:
    """The package's module (untyped), imported on first use."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the package's resource reader
        import simple_icd_10_cm

    return simple_icd_10_cm


def normalised(code: str) -> str:
    """ "m5450" or "M54.50 " -> "M54.50"."""
    code = code.strip().upper()
    if "." not in code and len(code) > 3:
        code = f"{code[:3]}.{code[3:]}"
    return code


def description(code: str) -> str | None:
    """The code's description, or None when it is not in the code set."""
    code = normalised(code)
    icd = code_set()
    if not SHAPE.match(code) or not icd.is_valid_item(code):
        return None
    text: str = icd.get_description(code)
    return text


def text_of(code: str) -> str | None:
    """The description of a code: the suggestion table's without loading the code set."""
    from .diagnoses import ICD10_TEXT

    return ICD10_TEXT.get(code) or description(code)


def described(code: str) -> str:
    """ "M54.16 Radiculopathy, lumbar region": the code with its description, or the code
    alone when it has none."""
    text = text_of(code)
    return f"{code} {text}" if text else code


def problem(code: str) -> str | None:
    """Why a typed code cannot be recorded as a diagnosis, or None when it can: it must be a
    code of the set, and billable (a code with subdivisions is a header)."""
    code = normalised(code)
    icd = code_set()
    if not SHAPE.match(code) or not icd.is_valid_item(code):
        return f"{code} is not an ICD-10-CM code (for example M54.16)."
    if not icd.is_leaf(code):
        children = icd.get_children(code)
        shown = ", ".join(children[:6]) + (", ..." if len(children) > 6 else "")
        return (f"{code} is a header ({icd.get_description(code)}), not a diagnosis: choose "
                f"one of its codes ({shown}).")
    return None


def search(text: str, limit: int = SEARCH_LIMIT) -> list[tuple[str, str]]:
    """Billable codes whose code starts with `text`, or whose description holds every word of
    it: ("radiculopathy lumbar" -> M54.16 ...), at most `limit`."""
    text = text.strip()
    if len(text) < 2:
        return []
    icd = code_set()
    prefix = normalised(text) if SHAPE.match(normalised(text)[:3] or "") else None
    words = [word for word in re.split(r"\W+", text.lower()) if word]
    found = []
    for code in icd.get_all_codes(with_dots=True):
        if not icd.is_leaf(code):
            continue
        matches = (code.startswith(prefix) if prefix
                   else all(word in icd.get_description(code).lower() for word in words))
        if matches:
            found.append((code, icd.get_description(code)))
        if len(found) >= limit:
            break
    return found
