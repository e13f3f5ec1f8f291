import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from lapak.core.audit import merkle
from lapak.core.audit.encoding import leaf_data
from lapak.core.audit.models import AppendOnlyError, AuditEvent, TreeHead
from lapak.core.audit.sealing import audit_seal
from lapak.core.audit.services import audit_append

pytestmark = pytest.mark.django_db


def stored_leaf_hash(public_id):
    """The leaf hash recomputed from a fresh read of the row, as a verifier would."""
    return merkle.leaf_hash(leaf_data(AuditEvent.objects.get(public_id=public_id).leaf_fields())).hex()


def test_append_is_one_insert_and_its_hash_survives_the_database_round_trip(django_assert_num_queries):
    with django_assert_num_queries(1):
        event = audit_append(
            actor="usr_01ABC",
            action="listing.publish",
            subject_type="listing",
            subject_id="lst_01XYZ",
            jurisdiction="ID",
            before={"harga": 150000, "judul": "Kopi Gayo ☕", "tags": ("a", "b"), "big": 2**70, "none": None},
            after={
                "when": datetime(2025, 1, 31, 14, 5, 9, 123, tzinfo=timezone(timedelta(hours=7))),
                "day": date(2025, 1, 31),
                "rate": Decimal("0.115"),
                "ref": uuid.UUID(int=5),
                "nested": {"z": [1, {"y": True}], "a": ""},
            },
            decision={"rule": "id.price_floor", "allowed": False},
        )
    assert event.public_id.startswith("aud_")
    assert event.leaf_index is None
    assert event.before["tags"] == ["a", "b"]
    assert event.after["when"] == "2025-01-31T07:05:09.000123Z"
    assert event.after["rate"] == "0.115"
    assert stored_leaf_hash(event.public_id) == event.leaf_hash


def test_leaf_data_is_the_documented_canonical_json():
    fields = {
        "public_id": "aud_X",
        "occurred_at": datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        "actor": "system",
        "action": "a.b",
        "subject_type": "s",
        "subject_id": "s_1",
        "jurisdiction": "",
        "before": None,
        "after": {"b": 1, "a": "é"},
        "decision": None,
    }
    assert (
        leaf_data(fields)
        == (
            '{"action":"a.b","actor":"system","after":{"a":"é","b":1},"before":null,"decision":null,"format":1,'
            '"jurisdiction":"","occurred_at":"2025-01-02T03:04:05.000000Z","public_id":"aud_X","subject_id":"s_1",'
            '"subject_type":"s"}'
        ).encode()
    )


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"after": {"price": 1.5}}, TypeError),
        ({"after": {1: "integer key"}}, TypeError),
        ({"after": {"text": "nul\x00"}}, ValueError),
        ({"after": ["not", "a", "dict"]}, TypeError),
        ({"jurisdiction": "id"}, ValueError),
        ({"jurisdiction": "IDN"}, ValueError),
        ({"actor": ""}, ValueError),
        ({"subject_id": "x" * 65}, ValueError),
    ],
)
def test_append_refuses_what_cannot_be_stored_and_hashed_faithfully(kwargs, error):
    base = {"actor": "system", "action": "a.b", "subject_type": "s", "subject_id": "s_1"}
    with pytest.raises(error):
        audit_append(**{**base, **kwargs})
    assert not AuditEvent.objects.exists()


def test_event_rolls_back_with_the_business_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_append(actor="system", action="a.b", subject_type="s", subject_id="s_1")
        raise RuntimeError("the business change failed")
    assert not AuditEvent.objects.exists()


def test_rows_are_append_only_through_the_orm(append_events):
    event = append_events(1)[0]
    event.after = {"status": "rejected"}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    # An instance carrying an existing primary key is an INSERT, so it cannot overwrite the row.
    copy = AuditEvent(pk=event.pk, public_id="aud_other", actor="x", action="y", subject_type="z", subject_id="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert AuditEvent.objects.get(pk=event.pk).after == {"status": "verified", "n": 0}

    audit_seal()
    head = TreeHead.objects.get()
    head.root_hash = "00" * 32
    with pytest.raises(AppendOnlyError):
        head.save()
    with pytest.raises(AppendOnlyError):
        head.delete()


def test_admin_is_read_only(admin_client, append_events):
    event = append_events(1)[0]
    assert admin_client.get("/admin/audit/auditevent/").status_code == 200
    assert admin_client.get("/admin/audit/auditevent/add/").status_code == 403
    response = admin_client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"action": "x"})
    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "seller.verify"
    assert admin_client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
