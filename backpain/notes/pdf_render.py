"""The note's HTML laid out and written as a PDF by WeasyPrint, offline (pdf.py says why the
note loads nothing but its own assets: docs/security.md, T-32 and T-33).

Apart from pdf.py so that WeasyPrint is imported by the first render only (pdf.render_note_pdf),
not by every process that imports the URLconf: a web worker or an export job that renders no
note does not hold it in memory (bench/README.md, export memory)."""

import threading
from functools import cache
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA as WEASYPRINT_USER_AGENT_CSS
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .pdf import ASSET_BASE, ASSET_FOLDERS, ASSET_NAME, ASSET_SCHEME, STYLESHEET_URL, NotePdfError

# WeasyPrint's default stylesheet gives every element six pseudo-elements, each computed as a
# style of its own: nine in ten of the styles computed for a note, for footnotes and notes it
# never has and markers only its list items draw. The note is printed with that stylesheet
# less the rules of the first kind and with ::marker narrowed to list items.
USER_AGENT_RULES_DROPPED = ("::footnote-call", "::footnote-marker", "::note-call",
                            "::note-marker", "::note-callback")
USER_AGENT_RULES_NARROWED = {"::marker": "li::marker"}


def note_url_fetcher(url, timeout=10, ssl_context=None) -> URLFetcherResponse:
    """Serve one bundled stylesheet or font; refuse every other URL with ValueError.

    timeout and ssl_context are accepted for WeasyPrint's fetcher signature and unused:
    nothing here touches the network.
    """
    path, content_type = asset_path(url)
    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def asset_path(url) -> tuple[Path, str]:
    """noteasset:/css/note.css -> (the file under assets/css/, its MIME type)."""
    if not isinstance(url, str) or not url.startswith(ASSET_BASE):
        raise ValueError(f"refused: not a bundled note asset: {url!r}")
    folder, _, name = url.removeprefix(ASSET_BASE).partition("/")
    if folder not in ASSET_FOLDERS or not ASSET_NAME.fullmatch(name):
        raise ValueError(f"refused: not a bundled note asset: {url!r}")
    root, types = ASSET_FOLDERS[folder]
    root = root.resolve()
    path = (root / name).resolve()
    # resolve() follows symlinks: a link pointing out of the folder is refused too.
    if not path.is_relative_to(root) or path.suffix not in types or not path.is_file():
        raise ValueError(f"refused: not a bundled note asset: {url!r}")
    return path, types[path.suffix]


class NoteAssetFetcher(URLFetcher):
    """WeasyPrint >= 70 wants a URLFetcher: this one only ever calls note_url_fetcher.

    fail_on_errors turns a refusal into FatalURLFetchingError, which stops the rendering
    instead of printing a note with a resource silently left out.
    """

    def __init__(self):
        super().__init__(allowed_protocols={ASSET_SCHEME}, allow_redirects=False,
                         fail_on_errors=True)

    def fetch(self, url, headers=None):
        return note_url_fetcher(url)


def html_to_pdf(html: str) -> bytes:
    """Render HTML with the note's fetcher; a refused resource raises NotePdfError."""
    try:
        return laid_out(html).write_pdf()
    except FatalURLFetchingError as error:
        # A BaseException: callers catching Exception would otherwise miss it.
        raise NotePdfError(f"{error} ({error.__cause__})") from error


def laid_out(html: str):
    """The note laid out in pages (WeasyPrint's Document), before it is written as a PDF."""
    stylesheet, font_config = note_stylesheet()
    return NoteHTML(string=html, base_url=ASSET_BASE, url_fetcher=NoteAssetFetcher()).render(
        stylesheets=[stylesheet], font_config=font_config)


class NoteHTML(HTML):
    """A note's HTML, styled from the note's user-agent stylesheet rather than WeasyPrint's."""

    def _ua_stylesheets(self, forms=False):
        return [user_agent_stylesheet()]


@cache
def user_agent_stylesheet() -> CSS:
    return CSS(string=user_agent_css(), counter_style=CounterStyle())


def user_agent_css() -> str:
    """WeasyPrint's default stylesheet, one rule a line, with the rules of pseudo-elements the
    note never draws left out (USER_AGENT_RULES_DROPPED, USER_AGENT_RULES_NARROWED)."""
    lines = []
    for line in WEASYPRINT_USER_AGENT_CSS.splitlines():
        if line.startswith(USER_AGENT_RULES_DROPPED):
            continue
        selector, brace, rest = line.partition(" {")
        lines.append(USER_AGENT_RULES_NARROWED.get(selector, selector) + brace + rest)
    return "\n".join(lines)


# Parsing note.css and loading its four fonts took a sixth of each render: both are done once
# per thread and reused (a FontConfiguration is not safe to share between threads).
_renderer = threading.local()


def note_stylesheet() -> tuple[CSS, FontConfiguration]:
    """The note's stylesheet, parsed with its fonts loaded into their font configuration."""
    if not hasattr(_renderer, "stylesheet"):
        font_config = FontConfiguration()
        stylesheet = CSS(url=STYLESHEET_URL, url_fetcher=NoteAssetFetcher(),
                         font_config=font_config)
        _renderer.stylesheet = stylesheet, font_config
    return _renderer.stylesheet
