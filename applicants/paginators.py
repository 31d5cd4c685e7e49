from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    """Counts at most CAP rows: an exact count over 100,000 joined rows is what makes a
    filtered list slow, and nobody pages that far (search or filter instead)."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        # no ORDER BY: counting needs no sort (it would sort every row to count them)
        return self.object_list.order_by()[: self.CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.CAP
