"""The patient search and the audit filters are posted and kept in the session, never put in
a URL: these helpers post them as the page's form does, then read the page as the redirect
does (with only a page number, or other ignored parameters, in the query string)."""

from django.urls import reverse


def search_patients(client, q, **params):
    response = client.post(reverse("patients:list"), {"q": q})
    assert response.status_code == 302, response.status_code
    return client.get(reverse("patients:list"), params)


def audit_page(client, filters=None, **params):
    """The audit page after posting `filters` (an invalid filter answers the post with 400)."""
    url = reverse("audit:events")
    if filters is not None:
        response = client.post(url, filters)
        if response.status_code != 302:
            return response
    return client.get(url, params)
