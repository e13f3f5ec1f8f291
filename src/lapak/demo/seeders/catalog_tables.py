"""Writing many rows fast, one way per database: PostgreSQL's COPY (psycopg `cursor.copy`), SQLite's executemany.

Rows are tuples of plain Python values in the order of the model field names given; JSON goes in already dumped.
Primary keys the loader needs up front (to point child rows at parents) are reserved from the table's own
sequence on PostgreSQL, and above the highest id used on SQLite (inside the write transaction, which SQLite
holds alone), so ordinary inserts that come later never collide with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import connection
from django.db.models import Model


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(model: type[Model], fields: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in fields)


def ids_reserve(model: type[Model], count: int) -> list[int]:
    """`count` primary keys for new rows of `model`. Call inside the transaction that inserts them."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_table(model)}")  # noqa: S608 (a model's own table)
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
    return list(range(start, start + count))


def rows_write(model: type[Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert `rows` (values in the order of `fields`) into `model`'s table in the current transaction."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {_table(model)} ({_columns(model, fields)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {_table(model)} ({_columns(model, fields)}) VALUES ({marks})"  # noqa: S608
        cursor.executemany(sql, [tuple(_sqlite(value) for value in row) for row in rows])


def _sqlite(value: object) -> object:
    # What Django's SQLite backend stores for these types (UTC datetimes as text, dates as ISO text).
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def tables_analyze(models: Sequence[type[Model]]) -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL would otherwise plan on empty-table estimates)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {_table(model)}")
