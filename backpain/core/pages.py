"""Pages of a list that grows with the clinic (the audit trail, the patient list), read
without counting the whole list on every page: a page is read with one row more, which says
whether another page follows, and a count, where a page shows one, stops at a bound. A count
of a million audit events cost 68 ms on every page; one of a large clinic's patients grew with
the clinic (issue 17: no page's cost may grow with the clinic's history)."""

import math
from dataclasses import dataclass

# Beyond this page number a list is read by narrowing it (filters, a search), not by paging.
LAST_PAGE_NUMBER = 100_000


def page_number(text) -> int:
    """The page asked for; anything but a page number shows the first page, never an error."""
    number = int(text) if text and str(text).isdigit() else 1
    return min(max(number, 1), LAST_PAGE_NUMBER)


@dataclass
class ListPage:
    """One page of a list, with what its navigation shows (the names of Django's Page)."""

    object_list: list
    number: int
    has_next: bool
    size: int
    count: int | None = None  # the rows of the whole list, where it was counted in full

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def num_pages(self) -> int | None:
        return None if self.count is None else max(1, math.ceil(self.count / self.size))

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1

    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.object_list)


def page_of(rows, number: int, size: int, count: int | None = None) -> ListPage:
    """Page `number` of `rows` (a queryset or a list), `size` rows a page. Given the `count`
    of every row, a number past the last page shows the last page; without it, such a page is
    empty (the page says so)."""
    if count is not None:
        number = min(number, max(1, math.ceil(count / size)))
    start = (number - 1) * size
    read = list(rows[start:start + size + 1])
    return ListPage(read[:size], number, len(read) > size, size, count)


def count_up_to(rows, most: int) -> int | None:
    """How many rows a queryset has if at most `most`, else None: the count reads no more
    than `most` + 1 of them, however long the list."""
    count = rows[:most + 1].count()
    return count if count <= most else None
