"""Child rows folded into one JSON array column of their parent's query, on SQLite and on PostgreSQL.

Where a page has a query budget: the product page reads its variants, images and certificates with the
listing, and a signed-in user's role grants come with the user row (`accounts.backends`). Order inside the
array is not guaranteed: callers sort in Python.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.db.models import Aggregate, JSONField, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject


class JSONArrayAgg(Aggregate):
    """Values of one group as a JSON array (order not guaranteed)."""

    function = "JSON_GROUP_ARRAY"  # SQLite (JSON1, built in since 3.38)
    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra)


def json_rows(children: QuerySet, *, link: str, fields: tuple[str, ...]) -> Subquery:
    """A subquery giving, per parent row, a JSON array of `fields` of the `children` pointing at it by `link`."""
    rows = (
        children.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(rows=JSONArrayAgg(JSONObject(**{name: name for name in fields})))
        .values("rows")
    )
    return Subquery(rows, output_field=JSONField())


def rows_to_models(model: type[Model], raw: Any, *, dates: tuple[str, ...] = (), json_fields: tuple[str, ...] = (),
                   order: tuple[str, ...] = ("id",)) -> list[Model]:
    """Model instances from one `json_rows` column (None when the parent has no children), sorted by `order`."""
    if isinstance(raw, str):
        raw = json.loads(raw)
    instances = []
    for row in raw or ():
        values = dict(row)
        for name in dates:
            if values.get(name):
                values[name] = date.fromisoformat(values[name])
        for name in json_fields:
            # SQLite's json_object() embeds a JSON text column as a string, PostgreSQL's as JSON.
            if isinstance(values.get(name), str):
                values[name] = json.loads(values[name])
        # from_db() expects values in the model's field order; PostgreSQL's jsonb keeps keys in its own order.
        names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
        instances.append(model.from_db("default", names, [values[n] for n in names]))
    return sorted(instances, key=lambda obj: tuple(getattr(obj, name) for name in order))
