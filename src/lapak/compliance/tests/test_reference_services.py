"""Reference-data services: positive-list versions, KMK rates, certificate requirements; every change audited,
re-evaluation asked for, and a refused change writes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from lapak.compliance.models import CertificateRequirement, ExchangeRate, HsListVersion, VersionStatus
from lapak.compliance.reference import ReferenceView
from lapak.compliance.reference_services import (
    CertificateRow,
    HsEntryRow,
    RateRow,
    certificate_requirement_end,
    certificate_requirements_add,
    exchange_rates_add,
    hs_code_normalise,
    hs_list_version_activate,
    hs_list_version_create,
)
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict, NotFound, ValidationFailed

pytestmark = pytest.mark.django_db
ACTOR = "usr_ops"


@pytest.fixture(autouse=True)
def english():
    """The messages below are matched in English; the default language is Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture
def reevaluations(monkeypatch):
    """The re-evaluation requests made (the function is another part's; here only that it is asked)."""
    calls = []
    monkeypatch.setattr("lapak.compliance.reference_services.common.compliance_reevaluate_request",
                        lambda **kwargs: calls.append(kwargs))
    return calls


def draft(start=date(2026, 1, 1), until=None, codes=("4901.10.00", "49019990"), label="v", jurisdiction="ID"):
    return hs_list_version_create(jurisdiction=jurisdiction, label=label, source="Kepmendag 1998/2023",
                                  effective_from=start, effective_until=until,
                                  entries=[HsEntryRow(code, key=f"rows.{i}") for i, code in enumerate(codes)],
                                  actor=ACTOR)


def test_hs_codes_are_eight_digits_with_dots_stripped():
    assert hs_code_normalise(" 4901.10.00 ") == "49011000"
    assert hs_code_normalise("49011000") == "49011000"
    for bad in ("4901.10", "490110000", "4901-10-00", "4901.1O.00", "", "４９０１１０００"):
        assert hs_code_normalise(bad) is None


def test_a_draft_is_created_with_its_codes_and_audited():
    version = draft()
    assert version.status == VersionStatus.DRAFT
    assert sorted(version.entries.values_list("hs_code", flat=True)) == ["49011000", "49019990"]
    event = AuditEvent.objects.get(action="compliance.hs_list.create")
    assert event.after["codes"] == ["49011000", "49019990"] and event.jurisdiction == "ID"


def test_bad_rows_are_all_reported_and_nothing_is_written():
    with pytest.raises(ValidationFailed) as caught:
        draft(codes=("4901.10.00", "4901.10", "49011000", "12345678901"))
    assert set(caught.value.fields) == {"rows.1.hs_code", "rows.2.hs_code", "rows.3.hs_code"}
    assert "already on the list" in caught.value.fields["rows.2.hs_code"][0]
    assert not HsListVersion.objects.exists() and not AuditEvent.objects.exists()


def test_a_version_needs_codes_a_known_jurisdiction_and_a_sane_range():
    with pytest.raises(ValidationFailed) as caught:
        draft(codes=(), start=date(2026, 2, 1), until=date(2026, 1, 31), jurisdiction="XX")
    assert set(caught.value.fields) == {"rows", "jurisdiction", "effective_until"}


def test_activation_puts_the_list_in_force_and_asks_for_reevaluation(reevaluations):
    version = draft(start=date(2026, 1, 1))
    assert ReferenceView("ID", date(2026, 3, 1)).positive_list() is None
    hs_list_version_activate(public_id=version.public_id, actor=ACTOR)
    assert ReferenceView("ID", date(2026, 3, 1)).positive_list().codes == {"49011000", "49019990"}
    assert ReferenceView("ID", date(2025, 12, 31)).positive_list() is None
    assert reevaluations == [{"jurisdiction": "ID", "events": ["listing.publish"], "actor": ACTOR,
                              "cause": "positive list v activated from 2026-01-01"}]
    assert AuditEvent.objects.filter(action="compliance.hs_list.activate", subject_id=version.public_id).exists()


def test_a_later_version_closes_the_open_ended_one_the_day_before():
    first = draft(start=date(2026, 1, 1), label="first")
    hs_list_version_activate(public_id=first.public_id, actor=ACTOR)
    second = draft(start=date(2026, 7, 1), codes=("85234914",), label="second")
    hs_list_version_activate(public_id=second.public_id, actor=ACTOR)
    first.refresh_from_db()
    assert first.effective_until == date(2026, 6, 30)
    assert ReferenceView("ID", date(2026, 6, 30)).positive_list().label == "first"
    assert ReferenceView("ID", date(2026, 7, 1)).positive_list().codes == {"85234914"}
    closed = AuditEvent.objects.get(action="compliance.hs_list.close")
    assert (closed.before["effective_until"], closed.after["effective_until"]) == (None, "2026-06-30")


@pytest.mark.parametrize(("start", "until"), [
    (date(2026, 1, 1), None),  # the same first day: nothing to close, a clash
    (date(2025, 6, 1), date(2026, 1, 1)),  # an earlier version ending inside the active one
    (date(2025, 6, 1), None),  # open-ended and earlier: it would cover the active one
])
def test_overlapping_an_active_version_is_refused(start, until, reevaluations):
    active = draft(start=date(2026, 1, 1), label="active")
    hs_list_version_activate(public_id=active.public_id, actor=ACTOR)
    other = draft(start=start, until=until, label="other")
    with pytest.raises(Conflict, match="overlap the active version “active”"):
        hs_list_version_activate(public_id=other.public_id, actor=ACTOR)
    other.refresh_from_db()
    active.refresh_from_db()
    assert other.status == VersionStatus.DRAFT and active.effective_until is None
    assert len(reevaluations) == 1


def test_a_closed_active_version_does_not_block_a_later_one_nor_another_jurisdiction():
    closed = draft(start=date(2026, 1, 1), until=date(2026, 6, 30), label="closed")
    hs_list_version_activate(public_id=closed.public_id, actor=ACTOR)
    hs_list_version_activate(public_id=draft(start=date(2026, 7, 1)).public_id, actor=ACTOR)
    hs_list_version_activate(public_id=draft(start=date(2026, 1, 1), jurisdiction="GB").public_id, actor=ACTOR)
    assert HsListVersion.objects.filter(status=VersionStatus.ACTIVE).count() == 3


def test_only_a_draft_can_be_activated():
    version = draft()
    hs_list_version_activate(public_id=version.public_id, actor=ACTOR)
    with pytest.raises(Conflict, match="Only a draft"):
        hs_list_version_activate(public_id=version.public_id, actor=ACTOR)
    unknown = "hsl_" + "0" * 26
    for bad in (str(version.pk), unknown, version.public_id.lower(), version.public_id.replace("hsl_", "crq_"), "",
                "hsl_\x00", version.public_id + "0" * 100):
        with pytest.raises(NotFound):
            hs_list_version_activate(public_id=bad, actor=ACTOR)


def rate(currency="USD", value="16250.5", start=date(2026, 12, 2), until=date(2026, 12, 8), key="rows.2"):
    return RateRow(currency, Decimal(value), start, until, "KMK 60/KM.10/2026", key)


def test_rates_are_added_audited_and_read_for_their_week(reevaluations):
    exchange_rates_add(rows=[rate(), rate(start=date(2026, 12, 9), until=date(2026, 12, 15), value="16300")],
                       actor=ACTOR)
    assert ReferenceView("ID", date(2026, 12, 8)).rate("USD").idr_per_unit == Decimal("16250.5")
    assert ReferenceView("ID", date(2026, 12, 9)).rate("USD").idr_per_unit == Decimal("16300")
    # A week not loaded yet is bridged by the last rate for up to two weeks after it ended, then no rate.
    assert ReferenceView("ID", date(2026, 12, 16)).rate("USD").valid_from == date(2026, 12, 9)
    assert ReferenceView("ID", date(2026, 12, 30)).rate("USD") is None
    assert AuditEvent.objects.filter(action="compliance.rate.add").count() == 2
    assert [c["jurisdiction"] for c in reevaluations] == ["ID"]  # the rupiah jurisdictions only


@pytest.mark.parametrize(("row", "column"), [
    (rate(value="0"), "idr_per_unit"),
    (rate(value="-1"), "idr_per_unit"),
    (rate(value="1.00001"), "idr_per_unit"),
    (rate(currency="usd"), "currency"),
    (rate(currency="IDR"), "currency"),
    (rate(until=date(2026, 12, 1)), "valid_until"),
])
def test_bad_rates_are_refused(row, column):
    with pytest.raises(ValidationFailed) as caught:
        exchange_rates_add(rows=[row], actor=ACTOR)
    assert list(caught.value.fields) == [f"rows.2.{column}"]
    assert not ExchangeRate.objects.exists()


def test_overlapping_rates_are_refused_in_the_rows_and_against_stored_ones():
    exchange_rates_add(rows=[rate()], actor=ACTOR)
    with pytest.raises(ValidationFailed) as caught:
        exchange_rates_add(rows=[rate(start=date(2026, 12, 8), until=date(2026, 12, 14), key="rows.2"),
                                 rate(start=date(2026, 12, 20), until=date(2026, 12, 26), key="rows.3"),
                                 rate(start=date(2026, 12, 26), until=date(2027, 1, 1), key="rows.4"),
                                 rate(currency="CNY", start=date(2026, 12, 8), until=date(2026, 12, 14), key="rows.5")],
                           actor=ACTOR)
    assert set(caught.value.fields) == {"rows.2.valid_from", "rows.4.valid_from"}
    assert "rows.3" in caught.value.fields["rows.4.valid_from"][0]
    assert ExchangeRate.objects.count() == 1


def cert(slug="makanan-ringan", kind="halal", start=date(2026, 10, 17), until=None, key="rows.2", jurisdiction="ID"):
    return CertificateRow(jurisdiction, slug, kind, start, until, "PP 42/2024", key)


def test_certificate_requirements_are_added_ended_and_read_by_day(reevaluations):
    (req,) = certificate_requirements_add(rows=[cert()], actor=ACTOR)
    assert ReferenceView("ID", date(2026, 10, 16)).certificates_required("makanan-ringan") == set()
    assert ReferenceView("ID", date(2026, 10, 17)).certificates_required("makanan-ringan") == {"halal"}
    certificate_requirement_end(public_id=req.public_id, effective_until=date(2027, 1, 31), actor=ACTOR)
    assert ReferenceView("ID", date(2027, 2, 1)).certificates_required("makanan-ringan") == set()
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == [
        "compliance.certificate_requirement.add", "compliance.certificate_requirement.end"]
    assert len(reevaluations) == 2


def test_bad_and_overlapping_certificate_requirements_are_refused():
    certificate_requirements_add(rows=[cert(until=date(2026, 12, 31))], actor=ACTOR)
    with pytest.raises(ValidationFailed) as caught:
        certificate_requirements_add(rows=[
            cert(start=date(2026, 12, 1), key="rows.2"),
            cert(kind="sertifikat", key="rows.3"),
            cert(slug="Bad Slug!", key="rows.4"),
            cert(start=date(2027, 1, 1), key="rows.5"),
            cert(start=date(2027, 2, 1), key="rows.6"),
            cert(start=date(2027, 1, 1), until=date(2026, 1, 1), kind="sni", key="rows.7"),
        ], actor=ACTOR)
    assert set(caught.value.fields) == {"rows.2.effective_from", "rows.3.kind", "rows.4.category_slug",
                                        "rows.6.effective_from", "rows.7.effective_until"}
    assert CertificateRequirement.objects.count() == 1


def test_ending_cannot_precede_the_start_nor_overlap_a_later_requirement():
    first, later = certificate_requirements_add(rows=[
        cert(until=date(2026, 12, 31)), cert(start=date(2027, 3, 1), key="rows.3")], actor=ACTOR)
    with pytest.raises(ValidationFailed) as caught:
        certificate_requirement_end(public_id=first.public_id, effective_until=date(2026, 1, 1), actor=ACTOR)
    assert list(caught.value.fields) == ["effective_until"]
    with pytest.raises(ValidationFailed) as caught:
        certificate_requirement_end(public_id=first.public_id, effective_until=date(2027, 3, 1), actor=ACTOR)
    assert "overlap" in caught.value.fields["effective_until"][0]
    first.refresh_from_db()
    assert first.effective_until == date(2026, 12, 31)
    with pytest.raises(NotFound):
        certificate_requirement_end(public_id=later.public_id.replace("crq_", "hsl_"), effective_until=date(2027, 1, 1),
                                    actor=ACTOR)


def test_an_activation_queues_a_real_reevaluation_run_in_the_same_transaction():
    from django.db import transaction

    from lapak.compliance.models import ReevaluationRun

    version = draft()
    with pytest.raises(RuntimeError), transaction.atomic():
        hs_list_version_activate(public_id=version.public_id, actor=ACTOR)
        raise RuntimeError("rolled back")
    assert not ReevaluationRun.objects.exists()
    hs_list_version_activate(public_id=version.public_id, actor=ACTOR)
    run = ReevaluationRun.objects.get()
    assert (run.jurisdiction, run.event, run.cause) == ("ID", "listing.publish",
                                                        "positive list v activated from 2026-01-01")
