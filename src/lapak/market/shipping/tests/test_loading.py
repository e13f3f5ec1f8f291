"""Loading couriers from data: everything in the file, idempotent, audited, all-or-nothing."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import ValidationFailed
from lapak.market.shipping.loading import couriers_file_read, couriers_load
from lapak.market.shipping.models import Courier, CourierService, Rate

pytestmark = pytest.mark.django_db


def test_the_shipped_file_loads_every_courier_and_service():
    couriers_load()
    services = set(CourierService.objects.values_list("courier__code", "code", "level"))
    assert {("jne", "REG", "regular"), ("jne", "YES", "express"), ("jnt", "EZ", "regular"),
            ("sicepat", "REG", "regular"), ("sicepat", "BEST", "express"), ("anteraja", "REG", "regular"),
            ("sandbox", "SAMEDAY", "same_day")} <= services
    assert Courier.objects.get(code="sandbox").booking == "sandbox"


def test_a_second_load_changes_nothing_and_audits_nothing():
    first = couriers_load()
    events = AuditEvent.objects.count()
    rates = list(Rate.objects.order_by("pk").values_list("pk", flat=True))
    second = couriers_load()
    assert first.created > 0 and (second.created, second.updated) == (0, 0)
    assert AuditEvent.objects.count() == events
    assert list(Rate.objects.order_by("pk").values_list("pk", flat=True)) == rates


def test_a_changed_rate_replaces_that_table_and_is_audited():
    couriers_load()
    data = copy.deepcopy(couriers_file_read())
    jne = next(c for c in data["couriers"] if c["code"] == "jne")
    jne["services"][0]["rates"] = jne["services"][0]["rates"][:2]
    jne["services"][0]["rates"][1]["per_kg"] = 12_345
    result = couriers_load(data=data)
    assert result.updated == 1
    rates = Rate.objects.filter(service__courier__code="jne", service__code="REG")
    assert rates.count() == 2 and rates.get(same_city=False).price_per_kg == 12_345
    event = AuditEvent.objects.get(action="shipping.service.updated", subject_id="jne:REG")
    assert event.after["rates"][1][3] == 12_345


@pytest.mark.parametrize("breakage", [
    lambda d: d["zones"][1]["provinces"].append("31"),  # a province in two zones
    lambda d: d["couriers"][0]["services"][0]["rates"].append({"from": "mars", "to": "jawa", "per_kg": 1,
                                                                "eta": [1, 2]}),
    lambda d: d["couriers"][0]["services"][0]["rates"].append({"same_city": True, "per_kg": 0, "eta": [1, 2]}),
    lambda d: d["couriers"][-1]["services"][1]["rates"].append({"from": "jawa", "to": "jawa", "per_kg": 5,
                                                                 "eta": [0, 0]}),  # same-day between cities
    lambda d: d["couriers"][0].update(booking="pigeon"),
])
def test_a_bad_file_changes_nothing(breakage):
    data = copy.deepcopy(couriers_file_read())
    breakage(data)
    with pytest.raises(ValidationFailed):
        couriers_load(data=data)
    assert not Courier.objects.exists() and not AuditEvent.objects.exists()


def test_the_command(capsys):
    call_command("shipping_load_couriers")
    assert "created" in capsys.readouterr().out
    assert Courier.objects.filter(code="anteraja").exists()
