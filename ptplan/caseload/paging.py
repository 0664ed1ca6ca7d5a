"""Paging a caseload list: one statement per page, its count riding along, ids picked first.

``ptplan.caseload.lists`` says what each list is (its rows, its count, the table its page of
ids can be picked from); this module runs one page of it. A page is ONE statement: the count is
an uncorrelated scalar column of the page (read on its own only when the page asked for has no
rows), limit and offset are bound at each run so one built statement serves every page, and
when the list can pick a page of row ids from one table (``PageKeys``) those ids reach the rows
statement through ``probes.in_probed``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.sql import ColumnElement, Select

from ptplan.caseload.probes import in_probed
from ptplan.extensions import db

PER_PAGE = 25


@dataclass(frozen=True)
class PageKeys:
    """The ids of a list's rows in the list's order (``ids``, not yet limited to a page), and
    the list statement's column they name."""

    ids: Select
    column: ColumnElement


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int
    message: str | None = None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


_LIMIT, _OFFSET = "page_limit", "page_offset"  # bound per run: one statement serves every page
_TOTAL = "list_total"  # the count, as a column of every row of the page


@dataclass(frozen=True)
class ListStatements:
    """A list's count, and its page statement: limit and offset bound at each run, and the
    count as a column of each row, so a page with rows is one round trip."""

    count: Select
    page: Select

    @classmethod
    def of(
        cls, statement: Select, count: Select | None = None, keys: PageKeys | None = None
    ) -> ListStatements:
        """``count``, when given, counts the same rows more cheaply than the list statement
        itself; ``keys`` (``page_keys``) picks the page's row ids in the statement's own order
        (a subquery run once) before the rows are read."""
        if count is None:
            count = select(func.count()).select_from(statement.order_by(None).subquery())
        limit, offset = bindparam(_LIMIT, type_=Integer()), bindparam(_OFFSET, type_=Integer())
        if keys is not None:
            page = statement.where(in_probed(keys.column, keys.ids.limit(limit).offset(offset)))
        else:
            page = statement.limit(limit).offset(offset)
        # Uncorrelated (it may read the list's own table): run once for the statement.
        page = page.add_columns(count.correlate(None).scalar_subquery().label(_TOTAL))
        return cls(count, page)

    def run(self, page_number: int, per_page: int = PER_PAGE, params: dict | None = None) -> Page:
        """One page and the count; a page past the end shows the last page with a message
        (the count is read on its own only when the page asked for has no rows)."""
        params = params or {}
        rows = self._rows(page_number, per_page, params)
        if rows:
            total = rows[0][_TOTAL]
        else:
            total = db.session.scalar(self.count, params) or 0
        pages = max(1, math.ceil(total / per_page))
        message = None
        if page_number > pages:
            message = f"There is no page {page_number}; this is the last page ({pages})."
            page_number = pages
            rows = self._rows(page_number, per_page, params) if total else []
        return Page(items=rows, page=page_number, per_page=per_page, total=total, message=message)

    def _rows(self, page_number: int, per_page: int, params: dict) -> list:
        bounds = {_LIMIT: per_page, _OFFSET: (page_number - 1) * per_page}
        return list(db.session.execute(self.page, params | bounds).mappings())


def paginate(
    statement: Select,
    page_number: int,
    per_page: int = PER_PAGE,
    count: Select | None = None,
    keys: PageKeys | None = None,
) -> Page:
    """Count, then one page of ``statement`` (see ``ListStatements``), built for this call."""
    return ListStatements.of(statement, count, keys).run(page_number, per_page)


def stream_rows(statement: Select, batch: int = 1000) -> Iterator:
    """Rows a batch at a time (server-side cursor where the driver has one): constant memory."""
    result = db.session.execute(statement.execution_options(yield_per=batch, stream_results=True))
    yield from result.mappings()
