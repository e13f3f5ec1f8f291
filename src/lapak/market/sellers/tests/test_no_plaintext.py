"""A dump of the database holds no identity number in the clear: not in any column, nor in the file's bytes."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from lapak.market.sellers.errors import DuplicateIdentity
from lapak.market.sellers.services import (
    application_draft_save,
    application_submit,
    bank_account_set,
    data_correction_request,
    data_export_request,
)

# Numbers used nowhere else in the suite, so a hit can only come from this test's data.
NIK = "3171014807850123"  # a woman born 8 July 1985
NIK_2 = "3171011511880456"
RESPONSIBLE_NIK = "3171015903920789"
ACCOUNT = "7788990011223"
ACCOUNT_2 = "4455667788"
NPWP = "013121660091000"
SECRETS = [NIK, NIK_2, RESPONSIBLE_NIK, ACCOUNT, ACCOUNT_2]


def dump_rows() -> str:
    """Every row of every table of the default database, as text (bytes decoded leniently)."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # table names come from the schema
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | bytearray | memoryview):
                        parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


@pytest.mark.django_db(transaction=True)
def test_no_identity_number_is_stored_or_logged_in_the_clear(build, people, make_user, caplog):
    caplog.set_level(logging.DEBUG)
    first = build.individual(nik=NIK, sex="F", birth=date(1985, 7, 8), account=ACCOUNT)
    first = application_submit(application=first, actor=people.owner)
    other = make_user(email="other@example.test")
    duplicate = build.individual(owner=other, nik=NIK, sex="F", shop="Toko Dua", account=ACCOUNT_2)
    with pytest.raises(DuplicateIdentity) as caught:
        application_submit(application=duplicate, actor=other)
    assert NIK not in str(caught.value.as_body())
    application_draft_save(application=duplicate, actor=other, data={"nik": NIK_2})
    business = build.business(owner=make_user(email="biz@example.test"), responsible_nik=RESPONSIBLE_NIK, npwp=NPWP)
    bank_account_set(organisation=first.organisation, actor=people.owner, bank_code="BNI", account_number=ACCOUNT_2,
                     holder_name="BUDI SANTOSO")
    data_correction_request(user=people.owner, application=first, changes={"nik": NIK_2})
    data_export_request(user=people.owner)  # decrypts everything (and logs that it did)

    dump = dump_rows()
    leaked = [secret for secret in SECRETS if secret in dump]
    assert leaked == []
    assert "3171••••••••0123" in dump  # the masks are there, so the dump did read the tables
    assert business.responsible_nik_masked == "3171••••••••0789"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert [secret for secret in SECRETS if secret in logged] == []

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        path = Path(connection.settings_dict["NAME"])
        raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
        assert "3171••••••••0123".encode() in raw
        assert [secret for secret in SECRETS if secret.encode() in raw] == []
