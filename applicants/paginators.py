from __future__ import annotations

from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _


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


class MoreThan(int):
    """A count that stopped at the cap: a number to the admin's plurals and comparisons,
    "more than 10,000" wherever it is shown."""

    def __str__(self) -> str:
        return _("more than %(cap)s") % {"cap": number_format(self - 1, force_grouping=True)}


class CappedChangeList(ChangeList):
    """An admin list that says "more than 10,000" where its count stopped, not 10001."""

    def get_results(self, request) -> None:
        super().get_results(request)
        if self.paginator.is_capped:
            self.result_count = MoreThan(self.result_count)


class CappedCountAdmin:
    """For an admin list too long to count every time (see CappedCountPaginator)."""

    paginator = CappedCountPaginator
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return CappedChangeList
