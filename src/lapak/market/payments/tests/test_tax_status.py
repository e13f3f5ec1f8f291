"""The PPh 22 exemption rules (ID-TAX-2, PMK 37/2025): an individual merchant's statement (turnover ≤ Rp500 m,
to the end of the tax year at most) or a tax office certificate (SKB, with its end date); what each refuses;
withdrawal always; and two first recordings at once, serialised by the organisation's row lock."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from django.utils import timezone

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import ValidationFailed
from lapak.core.testing import race
from lapak.market.payments.models_release import SellerTaxStatus
from lapak.market.payments.services import tax_status
from lapak.market.payments.services.tax_status import seller_tax_status_record
from lapak.market.sellers.models import SellerOrganisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(make_user):
    return make_user(email="pajak@example.test", roles=["operator"])


def _individual(org) -> SellerOrganisation:
    SellerOrganisation.objects.filter(pk=org.pk).update(seller_type="individual")
    return SellerOrganisation.objects.get(pk=org.pk)


def _business(org) -> SellerOrganisation:
    SellerOrganisation.objects.filter(pk=org.pk).update(seller_type="business")
    return SellerOrganisation.objects.get(pk=org.pk)


def _statement(operator, org, **overrides) -> SellerTaxStatus:
    today = timezone.localdate()
    args = {"basis": "statement", "certificate_number": "SP-01/2026", "document_date": today,
            "declared_turnover": 120_000_000}
    return seller_tax_status_record(actor=operator, organisation=org, pph22_exempt=True, **{**args, **overrides})


def _refused(call) -> dict:
    with pytest.raises(ValidationFailed) as caught:
        call()
    assert not SellerTaxStatus.objects.exists()  # nothing written
    return caught.value.fields


def test_a_statement_holds_from_its_date_to_the_end_of_its_tax_year(market, operator):
    today = timezone.localdate()
    year = today.year
    row = _statement(operator, _individual(market.budi))
    assert (row.basis, row.valid_from, row.valid_until) == ("statement", today, date(year, 12, 31))
    assert row.declared_turnover == 120_000_000
    assert row.exempt_on(today) and row.exempt_on(date(year, 12, 31))
    assert not row.exempt_on(today - timedelta(days=1)) and not row.exempt_on(date(year + 1, 1, 1))


def test_a_statement_may_end_earlier_but_never_after_its_tax_year(market, operator):
    year = timezone.localdate().year
    org = _individual(market.budi)
    fields = _refused(lambda: _statement(operator, org, valid_until=date(year + 1, 1, 1)))
    assert list(fields) == ["valid_until"]
    end = timezone.localdate()  # the shortest: one day
    row = _statement(operator, org, valid_until=end)
    assert row.valid_until == end and not row.exempt_on(end + timedelta(days=1))


def test_a_statement_never_exempts_before_it_was_made(market, operator):
    today = timezone.localdate()
    fields = _refused(lambda: _statement(operator, _individual(market.budi), valid_from=today - timedelta(days=1)))
    assert list(fields) == ["valid_from"]


def test_a_statement_cannot_be_carried_into_a_later_tax_year(market, operator):
    last_year = date(timezone.localdate().year - 1, 3, 1)  # a statement of last year's March
    fields = _refused(lambda: _statement(operator, _individual(market.budi), document_date=last_year,
                                         valid_from=date(last_year.year + 1, 1, 1)))
    assert "valid_from" in fields


def test_the_turnover_limit_is_rp500_million_inclusive(market, operator):
    org = _individual(market.budi)
    fields = _refused(lambda: _statement(operator, org, declared_turnover=500_000_001))
    assert list(fields) == ["declared_turnover"]
    assert list(_refused(lambda: _statement(operator, org, declared_turnover=None))) == ["declared_turnover"]
    assert _statement(operator, org, declared_turnover=500_000_000).pph22_exempt


def test_a_business_cannot_claim_the_individual_statement_but_may_hold_a_certificate(market, operator):
    org = _business(market.budi)
    assert "basis" in _refused(lambda: _statement(operator, org))
    end = timezone.localdate() + timedelta(days=200)
    row = seller_tax_status_record(actor=operator, organisation=org, pph22_exempt=True, basis="certificate",
                                   certificate_number="KET-00123/SKB/WPJ.04/2026", valid_until=end)
    assert (row.basis, row.valid_from, row.valid_until, row.declared_turnover) == (
        "certificate", timezone.localdate(), end, None)


def test_a_certificate_needs_its_end_date_and_an_end_after_its_start(market, operator):
    org = _business(market.budi)
    today = timezone.localdate()

    def certificate(**extra):
        return seller_tax_status_record(actor=operator, organisation=org, pph22_exempt=True, basis="certificate",
                                        certificate_number="SKB-9", **extra)

    assert list(_refused(certificate)) == ["valid_until"]
    assert list(_refused(lambda: certificate(valid_from=today, valid_until=today - timedelta(days=1)))) == [
        "valid_until"]
    assert list(_refused(lambda: certificate(valid_from=today, valid_until=today,
                                             document_date=today + timedelta(days=1)))) == [
        "document_date"]


def test_an_exemption_needs_a_basis_and_a_number(market, operator):
    fields = _refused(lambda: seller_tax_status_record(actor=operator, organisation=market.budi, pph22_exempt=True,
                                                       valid_until=timezone.localdate()))
    assert set(fields) == {"basis", "certificate_number"}
    too_long = "X" * 101
    assert "certificate_number" in _refused(lambda: _statement(operator, _individual(market.budi),
                                                               certificate_number=too_long))


def test_withdrawal_is_always_allowed_and_the_audit_keeps_the_history(market, operator):
    org = _business(market.budi)
    seller_tax_status_record(actor=operator, organisation=org, pph22_exempt=True, basis="certificate",
                             certificate_number="SKB-1", valid_until=timezone.localdate() + timedelta(days=9))
    row = seller_tax_status_record(actor=operator, organisation=org, pph22_exempt=False)
    assert (row.pph22_exempt, row.basis, row.certificate_number, row.valid_until) == (False, "", "", None)
    assert not row.exempt_on(timezone.localdate())
    events = list(AuditEvent.objects.filter(action="seller.tax_status_recorded", subject_id=org.public_id)
                  .order_by("pk"))
    assert [e.before and e.before["basis"] for e in events] == [None, "certificate"]
    assert events[1].after["pph22_exempt"] is False and events[1].before == events[0].after


def test_a_seller_member_cannot_record_even_as_operator(market, make_user):
    from lapak.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        seller_tax_status_record(actor=market.budi_owner, organisation=market.budi, pph22_exempt=False)
    assert not SellerTaxStatus.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_first_recordings_at_once_are_one_after_the_other(racing_db, market, operator, make_user, monkeypatch):
    """Both start when no status row exists. Each pauses after reading the standing 'before' (the point where two
    unserialised writers would both read 'none'); the organisation lock makes the second wait, so its audit event
    starts from the first one's result and the history forms one chain."""
    other = make_user(email="pajak2@example.test", roles=["operator"])
    org = _business(market.budi)
    real_state = tax_status._state

    def slow_state(row):
        result = real_state(row)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(tax_status, "_state", slow_state)
    end = timezone.localdate() + timedelta(days=30)

    def record(actor, number):
        return lambda: seller_tax_status_record(actor=actor, organisation=org, pph22_exempt=True,
                                                basis="certificate", certificate_number=number, valid_until=end)

    outcomes = race(record(operator, "SKB-A"), record(other, "SKB-B"))
    assert all(isinstance(o, SellerTaxStatus) for o in outcomes), outcomes
    assert SellerTaxStatus.objects.count() == 1
    events = list(AuditEvent.objects.filter(action="seller.tax_status_recorded").order_by("pk"))
    assert len(events) == 2
    assert [e.before is None for e in events] == [True, False]  # only one of them was first
    assert events[1].before == events[0].after
    assert SellerTaxStatus.objects.get().certificate_number == events[1].after["certificate_number"]
