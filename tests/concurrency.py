"""Requests that reach the server at the same moment, each on its own database connection
(PostgreSQL row locks decide between them)."""

import threading

from django.db import connection


def post_at_once(url, posts, *, timeout=120):
    """POST each (client, data) from its own thread, all released together; the responses
    in the order of `posts` (None for one that did not finish in time)."""
    start = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def post(index, client, data):
        start.wait()
        try:
            responses[index] = client.post(url, data)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(index, client, data))
               for index, (client, data) in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return responses
