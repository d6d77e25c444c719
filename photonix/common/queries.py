"""Query expressions shared by the apps."""

from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(rows, by):
    """The number of ``rows`` (a queryset filtered on an ``OuterRef``, grouped by its field ``by``), as a
    correlated subquery: 0 when there are none.

    Unlike ``annotate(Count(...))`` over a join, it adds no GROUP BY to the outer query, so other
    subqueries of that query run once per outer row, not once per joined row.
    """
    counted = rows.order_by().values(by).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
