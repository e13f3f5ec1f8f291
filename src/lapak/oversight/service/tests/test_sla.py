"""Deadline arithmetic at its edges: resolved exactly at the deadline is within it, a second later is late, and a
case unresolved past its deadline at the end of the range is overdue, whether or not it was resolved later."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lapak.oversight.service.tests.support import at, both, refresh_all

pytestmark = pytest.mark.django_db
SECOND = timedelta(seconds=1)


def _service(kind: str, **kwargs) -> dict:
    rows = [row for row in both("service", by=("kind",), **kwargs) if row["kind"] == kind]
    assert len(rows) == 1
    return rows[0]


def _sos(world, count):
    return [world.order(world.buyer(), world.seller(), when=at("2026-03-01")) for _ in range(count)]


def test_a_return_closed_at_seven_days_is_within_and_a_second_later_is_late(world):
    opened = at("2026-03-10", 8)
    on_time, late = _sos(world, 2)
    world.return_request(on_time, opened=opened, closed=opened + timedelta(days=7))
    world.return_request(late, opened=opened, closed=opened + timedelta(days=7) + SECOND)
    refresh_all()
    row = _service("return", date_to="2026-03-31")
    assert (row["opened"], row["resolved"], row["within_sla"], row["late"], row["within_share"]) == (2, 2, 1, 1, 0.5)


def test_a_refund_paid_at_its_pay_by_moment_is_within(world):
    due = at("2026-03-17", 10)
    a, b, c = _sos(world, 3)
    world.refund(a, opened=due - timedelta(days=7), due=due, paid=due)
    world.refund(b, opened=due - timedelta(days=7), due=due, paid=due + SECOND)
    world.refund(c, opened=due - timedelta(days=7), due=due, paid=due - timedelta(days=3))
    refresh_all()
    row = _service("refund", date_to="2026-03-31")
    assert (row["resolved"], row["within_sla"], row["late"]) == (3, 2, 1)


def test_a_complaint_decided_at_48_hours_is_within_and_a_second_later_is_late(world):
    disputed = at("2026-03-20", 15)
    for so, decided in zip(_sos(world, 2), (disputed + timedelta(hours=48), disputed + timedelta(hours=48) + SECOND),
                           strict=True):
        world.complaint(world.return_request(so, opened=disputed - timedelta(days=3), status="accepted"),
                        disputed=disputed, decided=decided)
    refresh_all()
    row = _service("complaint", date_to="2026-03-31")
    assert (row["opened"], row["resolved"], row["within_sla"], row["late"]) == (2, 2, 1, 1)


def test_overdue_counts_cases_unresolved_past_their_deadline_at_the_end_of_the_range(world):
    """A refund due on 17 March at 10:00 WIB, paid on 20 March: asked up to 16 March it is not yet due; up to
    17 March (the range ends at midnight after it) it is overdue; up to 20 March it was paid, late."""
    due = at("2026-03-17", 10)
    so, never = _sos(world, 2)
    world.refund(so, opened=due - timedelta(days=7), due=due, paid=at("2026-03-20", 9))
    world.refund(never, opened=due - timedelta(days=7), due=due)
    refresh_all()
    assert _service("refund", date_from="2026-03-01", date_to="2026-03-16")["overdue"] == 0
    assert _service("refund", date_from="2026-03-01", date_to="2026-03-17")["overdue"] == 2
    assert _service("refund", date_from="2026-03-01", date_to="2026-03-20")["overdue"] == 1
    row = _service("refund", date_from="2026-03-01", date_to="2026-03-31")
    assert (row["overdue"], row["resolved"], row["late"]) == (1, 1, 1)


def test_overdue_at_the_edge_of_a_return_deadline_and_a_complaint_deadline(world):
    """A return opened at 00:00 WIB on 1 March is due at 00:00 on 8 March: overdue as of the end of 8 March, not
    of 7 March (its deadline is the very end of the range, not before it). A complaint from 23:00 on 6 March is
    due at 23:00 on 8 March."""
    a, b = _sos(world, 2)
    world.return_request(a, opened=at("2026-03-01", 0))
    ret = world.return_request(b, opened=at("2026-03-02"), status="disputed")
    world.complaint(ret, disputed=at("2026-03-06", 23))
    refresh_all()
    assert _service("return", date_to="2026-03-07")["overdue"] == 0
    assert _service("return", date_to="2026-03-08")["overdue"] == 1
    assert _service("complaint", date_to="2026-03-07")["overdue"] == 0
    assert _service("complaint", date_to="2026-03-08")["overdue"] == 1
