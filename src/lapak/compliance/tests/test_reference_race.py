"""Two operators racing to change the same reference table: exactly one wins, the other gets the error it would
have had one moment later, and the table never holds two overlapping rows in force.

On SQLite (IMMEDIATE transactions) the database serialises the two transactions whole, so these pass there even
without the row locks; the PostgreSQL pass is the one that proves the locks (without them it fails)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lapak.compliance.models import ExchangeRate, HsListVersion, VersionStatus
from lapak.compliance.reference_services import (
    HsEntryRow,
    RateRow,
    exchange_rates_add,
    hs_list_version_activate,
    hs_list_version_create,
)
from lapak.core.errors import Conflict, ValidationFailed
from lapak.core.testing import race

pytestmark = pytest.mark.django_db(transaction=True)


def draft(label: str, start: date) -> HsListVersion:
    return hs_list_version_create(jurisdiction="ID", label=label, source="test", effective_from=start,
                                  entries=[HsEntryRow("49011000")], actor="usr_ops")


@pytest.mark.parametrize("round_", range(3))
def test_two_overlapping_activations_cannot_both_win(round_):
    first, second = draft("a", date(2026, 1, 1)), draft("b", date(2026, 1, 1))
    outcomes = race(lambda: hs_list_version_activate(public_id=first.public_id, actor="usr_one"),
                    lambda: hs_list_version_activate(public_id=second.public_id, actor="usr_two"))
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "HsListVersion"]
    assert HsListVersion.objects.filter(status=VersionStatus.ACTIVE).count() == 1
    assert all(not isinstance(o, Exception) or isinstance(o, Conflict) for o in outcomes)


def test_a_later_version_racing_an_equal_one_leaves_no_overlap():
    base = draft("base", date(2026, 1, 1))
    hs_list_version_activate(public_id=base.public_id, actor="usr_ops")
    later, same = draft("later", date(2026, 7, 1)), draft("same", date(2026, 7, 1))
    race(lambda: hs_list_version_activate(public_id=later.public_id, actor="usr_one"),
         lambda: hs_list_version_activate(public_id=same.public_id, actor="usr_two"))
    active = list(HsListVersion.objects.filter(status=VersionStatus.ACTIVE).order_by("effective_from"))
    assert len(active) == 2 and active[0].effective_until == date(2026, 6, 30)


def test_two_overlapping_rate_additions_cannot_both_win():
    def add(start: date):
        row = RateRow("USD", Decimal("16000"), start, date(2026, 12, 31), "KMK", "rows.2")
        return lambda: exchange_rates_add(rows=[row], actor="usr_ops")

    outcomes = race(add(date(2026, 12, 1)), add(date(2026, 12, 2)))
    assert sorted(type(o).__name__ for o in outcomes) == ["ValidationFailed", "list"]
    assert all(not isinstance(o, Exception) or isinstance(o, ValidationFailed) for o in outcomes)
    assert ExchangeRate.objects.count() == 1
