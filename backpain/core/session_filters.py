"""Search terms and filters that can name a patient are posted and kept in the session.

They never appear in a URL, where proxies, server logs and browser history would keep them.
The page posts its filters, they are kept here, and the page is shown again by a redirect
(so reloading it asks nothing), with only the page number in its query string.
"""

from django.http import QueryDict

NOT_KEPT = {"csrfmiddlewaretoken", "clear", "page"}
MAX_VALUE_LENGTH = 200  # the forms refuse longer values; this only bounds the session


def remember(request, key, data) -> None:
    request.session[key] = {name: [value[:MAX_VALUE_LENGTH] for value in data.getlist(name)]
                            for name in data if name not in NOT_KEPT}


def recall(request, key) -> QueryDict | None:
    """The kept filters as form data, or None when there are none."""
    kept = request.session.get(key)
    if not isinstance(kept, dict) or not kept:
        return None
    data = QueryDict(mutable=True)
    for name, values in kept.items():
        data.setlist(name, [str(value) for value in values])
    return data


def forget(request, key) -> None:
    request.session.pop(key, None)
