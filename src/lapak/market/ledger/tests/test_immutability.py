"""Entries and postings never change: the ORM refuses, and so does the database (PostgreSQL: UPDATE, DELETE and
unbalanced entries at commit; SQLite: UPDATE)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from lapak.market.ledger import services
from lapak.market.ledger.models import AppendOnlyError, JournalEntry, Posting

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a PostgreSQL trigger")


def test_the_write_path_has_no_update_or_delete():
    writers = {name for name in dir(services) if name.startswith("ledger_")}
    assert writers == {"ledger_account", "ledger_post", "ledger_entry_reverse"}


def test_the_orm_refuses_to_change_or_delete_entries_and_postings(books):
    entry = books.pay(1_000)
    posting = entry.postings.first()
    entry.memo = "changed"
    for action in (entry.save, entry.delete, posting.save, posting.delete,
                   lambda: JournalEntry.objects.filter(pk=entry.pk).update(memo="x"),
                   lambda: JournalEntry.objects.all().delete(),
                   lambda: Posting.objects.filter(pk=posting.pk).update(amount=5),
                   lambda: Posting.objects.all().delete()):
        with pytest.raises(AppendOnlyError):
            action()
    assert JournalEntry.objects.get(pk=entry.pk).memo == "paid"


@pytest.mark.parametrize("sql", [
    "UPDATE ledger_posting SET amount = amount * 2",
    "UPDATE ledger_journalentry SET memo = 'changed'",
])
def test_the_database_refuses_updates(books, sql):
    books.pay(1_000)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert sorted(Posting.objects.values_list("amount", flat=True)) == [-1_000, 1_000]


@postgres_only
@pytest.mark.parametrize("table", ["ledger_posting", "ledger_journalentry"])
def test_postgres_refuses_deletes(books, table):
    books.pay(1_000)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
    assert Posting.objects.count() == 2


def _insert_raw_entry(cursor, key: str, amounts: list[int], account_id: int) -> None:
    cursor.execute(
        "INSERT INTO ledger_journalentry (public_id, key, cause_type, cause_id, memo, currency, fingerprint,"
        " created_at) VALUES (%s, %s, 't', '1', '', 'IDR', '', now()) RETURNING id", [f"jrn_{key}", key])
    entry_id = cursor.fetchone()[0]
    for amount in amounts:
        cursor.execute("INSERT INTO ledger_posting (entry_id, account_id, amount, balance_after)"
                       " VALUES (%s, %s, %s, 0)", [entry_id, account_id, amount])


@postgres_only
@pytest.mark.parametrize("amounts", [[100, -99], [100], []])
def test_postgres_refuses_an_unbalanced_entry_at_commit(books, amounts):
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic(), \
            connection.cursor() as cursor:
        _insert_raw_entry(cursor, "raw", amounts, books.gateway.pk)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT does with deferred triggers
    assert not JournalEntry.objects.filter(key="raw").exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgres_checks_the_entry_on_a_real_commit(books):
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic(), \
            connection.cursor() as cursor:
        _insert_raw_entry(cursor, "raw", [100, -100, 5], books.gateway.pk)
    with transaction.atomic(), connection.cursor() as cursor:
        _insert_raw_entry(cursor, "raw-balanced", [100, -100], books.gateway.pk)
    assert list(JournalEntry.objects.values_list("key", flat=True)) == ["raw-balanced"]
