"""What a browser builds from a piece of HTML, to compare HTML written in Python with what
Django's and crispy's templates write (tests/visits/test_step_rendering.py,
tests/notes/test_review_forms.py)."""

from html.parser import HTMLParser


class Shape(HTMLParser):
    """What a browser builds from the HTML: each element with its attributes (in any order),
    and the text between them (whitespace collapsed, none at the edges of an element)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = []

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, sorted((name, " ".join((value or "").split()))
                                       for name, value in attrs)))

    def handle_endtag(self, tag):
        self.items.append(("/" + tag,))

    def handle_data(self, data):
        if text := " ".join(data.split()):
            self.items.append(text)


def shape(html):
    parser = Shape()
    parser.feed(html)
    return parser.items
