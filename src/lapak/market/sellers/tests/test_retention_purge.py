"""The retention purge: kept records are erased after their `retain_until`, never on or before it (ID-REC-1)."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from lapak.core.audit.models import AuditEvent
from lapak.core.tasks.periodic import periodic_jobs
from lapak.market.sellers.models import (
    ApplicationDocument,
    ApplicationTransition,
    BankAccount,
    ConsentRecord,
    SellerApplication,
    SellerOrganisation,
)
from lapak.market.sellers.services import (
    application_decide,
    application_review_start,
    application_submit,
    data_deletion_execute,
    data_deletion_request,
    seller_apply,
)
from lapak.market.sellers.services.retention import (
    ERASED,
    PURGE_ACTION,
    _applications_purge,
    applications_due,
    retention_purge,
)
from lapak.market.sellers.tests.test_no_plaintext import dump_rows

# Values used nowhere else in the suite, so a hit in a dump can only come from this module's data.
NIK = "3171016304870005"  # a woman born 23 April 1987
NIK_MASK = "3171••••••••0005"
ACCOUNT = "5566778899001"
ACCOUNT_MASK = "•••••••••9001"
NAME = "Ratna Kusumawati"
HOLDER = "RATNA KUSUMAWATI"


def at(day: date) -> datetime:
    """Noon, local time, on `day`."""
    return timezone.make_aware(datetime.combine(day, time(12)))


def counts(report) -> dict:
    return {k: v for k, v in report.as_dict().items() if k not in ("dry_run", "batches")}


def nothing() -> dict:
    return dict.fromkeys(("applications", "documents", "identity_claims", "transition_notes", "bank_accounts",
                          "consent_records"), 0)


def erase(build, people, owner=None):
    """A verified seller (NAME, NIK, ACCOUNT) whose deletion request has been carried out; returns the application."""
    owner = owner or people.owner
    application = build.verified(owner=owner, nik=NIK, full_name=NAME, holder=HOLDER, account=ACCOUNT, sex="F",
                                 birth=date(1987, 4, 23))
    ApplicationTransition.objects.filter(application=application).update(note=f"Checked KTP of {NAME}")
    data_deletion_execute(request=data_deletion_request(user=owner), actor=people.operator)
    application.refresh_from_db()
    return application


def purge_events():
    return AuditEvent.objects.filter(action=PURGE_ACTION)


@pytest.mark.django_db
def test_nothing_is_purged_on_or_before_retain_until_and_everything_kept_is_the_day_after(build, people):
    application = erase(build, people)
    account = BankAccount.objects.get(organisation=application.organisation)
    kept_hashes = (application.nik_hash, account.number_hash)
    assert application.nik_encrypted and all(kept_hashes) and application.nik_masked == NIK_MASK
    trade_until, financial_until = application.retain_until, account.retain_until
    assert financial_until > trade_until > timezone.localdate()
    notes = ApplicationTransition.objects.filter(application=application).count()
    before = dump_rows()

    for day in (trade_until - timedelta(days=1), trade_until):
        assert counts(retention_purge(now=at(day))) == nothing()
    assert dump_rows() == before and not purge_events().exists()

    report = retention_purge(now=at(trade_until + timedelta(days=1)))
    assert counts(report) == {**nothing(), "applications": 1, "transition_notes": notes, "consent_records": 3}
    application.refresh_from_db()
    assert (application.nik_encrypted, application.nik_hash, application.nik_masked) == (None, "", ERASED)
    assert application.full_name == ERASED and application.passport_masked == ""  # none held: none to mark
    assert (application.status, application.organisation_id, application.retain_until) == (
        "verified", account.organisation_id, trade_until)  # the skeleton stays
    assert set(ApplicationTransition.objects.filter(application=application).values_list("note", flat=True)) == {
        ERASED}
    assert not ConsentRecord.objects.filter(user=people.owner).exists()
    account.refresh_from_db()
    assert account.number_encrypted is not None  # a financial record: kept 10 years

    assert counts(retention_purge(now=at(financial_until))) == nothing()
    report = retention_purge(now=at(financial_until + timedelta(days=1)))
    assert counts(report) == {**nothing(), "bank_accounts": 1}
    account.refresh_from_db()
    assert (account.number_encrypted, account.number_hash, account.number_masked, account.holder_name) == (
        None, "", ERASED, ERASED)
    assert (account.bank_code, account.status) == ("BCA", "verified")


@pytest.mark.django_db
def test_after_the_purge_no_table_holds_the_kept_number_account_or_name(build, people):
    application = erase(build, people)
    account = BankAccount.objects.get(organisation=application.organisation)
    secrets = [NIK, NIK_MASK, application.nik_hash, ACCOUNT, ACCOUNT_MASK, account.number_hash, NAME, HOLDER]
    found = dump_rows()
    assert [s for s in secrets if s in found] == [NIK_MASK, application.nik_hash, ACCOUNT_MASK,
                                                   account.number_hash, NAME, HOLDER]  # the dump sees them

    retention_purge(now=at(account.retain_until + timedelta(days=1)))

    found = dump_rows()
    assert [s for s in secrets if s in found] == []
    assert [s for s in ("Kusumawati", "KUSUMAWATI") if s in found] == []
    assert SellerOrganisation.objects.filter(pk=application.organisation_id).exists()  # what orders point at


@pytest.mark.django_db
def test_a_dry_run_changes_nothing_and_counts_what_the_real_run_then_does(build, people):
    application = erase(build, people)
    after_all = at(BankAccount.objects.get(organisation=application.organisation).retain_until + timedelta(days=1))
    notes = ApplicationTransition.objects.filter(application=application).count()
    before = dump_rows()

    dry = retention_purge(now=after_all, dry_run=True)

    assert dump_rows() == before and not purge_events().exists()
    assert dry.dry_run and counts(dry) == {**nothing(), "applications": 1, "transition_notes": notes,
                                           "bank_accounts": 1, "consent_records": 3}
    assert counts(retention_purge(now=after_all)) == counts(dry)


@pytest.mark.django_db
def test_a_second_run_erases_nothing_and_writes_no_event(build, people):
    application = erase(build, people)
    after_all = at(BankAccount.objects.get(organisation=application.organisation).retain_until + timedelta(days=1))
    retention_purge(now=after_all)
    before, events = dump_rows(), purge_events().count()

    again = retention_purge(now=after_all)

    assert counts(again) == nothing() and again.batches == 0
    assert dump_rows() == before and purge_events().count() == events == 3


@pytest.mark.django_db
def test_one_audit_event_per_batch_holding_counts_only(build, people, make_user):
    first = erase(build, people)
    second_owner = make_user(email="second@example.test")
    second = build.verified(owner=second_owner, nik="3171011003800007", shop="Toko Dua", account="1122334455")
    data_deletion_execute(request=data_deletion_request(user=second_owner), actor=None)
    after_trade = at(first.retain_until + timedelta(days=1))

    report = retention_purge(now=after_trade, batch_size=1)

    assert report.applications == 2
    events = list(purge_events().order_by("id"))
    by_table = [(e.subject_id, e.after["applications"]) for e in events if e.subject_id == "sellers.sellerapplication"]
    assert by_table == [("sellers.sellerapplication", 1), ("sellers.sellerapplication", 1)]
    assert {e.actor for e in events} == {"system:retention_purge"}
    assert all(isinstance(v, int) for e in events for v in e.after.values())
    assert sum(e.after.get("consent_records", 0) for e in events) == report.consent_records == 6
    assert report.batches == len(events)
    second.refresh_from_db()
    assert second.nik_masked == ERASED


@pytest.mark.django_db
def test_a_rejected_applicants_decision_record_loses_its_masks_and_names(build, people):
    application = build.in_review(nik=NIK, full_name=NAME, holder=HOLDER, account=ACCOUNT, sex="F",
                                  birth=date(1987, 4, 23))
    application_decide(application=application, actor=people.operator, decision="rejected",
                       reason_codes=["fraud_suspected"])
    data_deletion_execute(request=data_deletion_request(user=people.owner), actor=None)
    application.refresh_from_db()
    assert (application.nik_encrypted, application.nik_masked, application.full_name) == (None, NIK_MASK, NAME)

    retention_purge(now=at(application.retain_until + timedelta(days=1)))

    application.refresh_from_db()
    assert (application.nik_masked, application.full_name, application.status) == (ERASED, ERASED, "rejected")


@pytest.mark.django_db
def test_kept_business_documents_are_erased_with_their_application(build, people):
    application = application_submit(application=build.business(), actor=people.owner)
    application = application_review_start(application=application, actor=people.operator)
    application = application_decide(application=application, actor=people.operator, decision="verified")
    data_deletion_execute(request=data_deletion_request(user=people.owner), actor=people.operator)
    deed = ApplicationDocument.objects.get(application=application, kind="deed")
    assert deed.content_encrypted is not None and deed.erased_at is None  # kept: a trade record
    application.refresh_from_db()

    report = retention_purge(now=at(application.retain_until + timedelta(days=1)))

    assert (report.applications, report.documents) == (1, 1)
    deed.refresh_from_db()
    assert deed.content_encrypted is None and deed.erased_at is not None and deed.size_bytes > 0
    application.refresh_from_db()
    assert (application.company_name, application.responsible_person_name) == (ERASED, ERASED)
    assert (application.nib_hash, application.npwp_encrypted, application.responsible_nik_masked) == ("", None, ERASED)


@pytest.mark.django_db
def test_consent_records_stay_when_the_person_applied_again_after_the_deletion(build, people):
    application = erase(build, people)
    seller_apply(actor=people.owner, seller_type="individual", shop_name="Toko Baru")

    report = retention_purge(now=at(application.retain_until + timedelta(days=1)))

    assert report.applications == 1 and report.consent_records == 0
    assert ConsentRecord.objects.filter(user=people.owner).count() == 3


@pytest.mark.django_db
def test_rows_found_before_another_run_purged_them_are_rechecked_under_the_lock(build, people):
    application = erase(build, people)
    now = at(application.retain_until + timedelta(days=1))
    stale = list(applications_due(timezone.localdate(now)).values_list("pk", flat=True))
    assert stale == [application.pk]
    retention_purge(now=now)
    events = purge_events().count()

    late = _applications_purge(stale, now=now, today=timezone.localdate(now), dry_run=False)

    assert late == {"applications": 0, "documents": 0, "identity_claims": 0, "transition_notes": 0}
    assert purge_events().count() == events


@pytest.mark.django_db(transaction=True)
def test_two_purges_at_once_erase_each_row_once(racing_db, build, people, make_user):
    owners = [people.owner, make_user(email="race2@example.test"), make_user(email="race3@example.test")]
    niks = [NIK, "3171011003800007", "3171011104810008"]
    applications = [build.verified(owner=o, nik=n, shop=f"Toko {i}", account=f"99887766{i}")
                    for i, (o, n) in enumerate(zip(owners, niks, strict=True))]
    for owner in owners:
        data_deletion_execute(request=data_deletion_request(user=owner), actor=None)
    until = SellerApplication.objects.get(pk=applications[0].pk).retain_until
    now = at(until + timedelta(days=1))
    barrier = threading.Barrier(2)
    reports: list = []

    def run():
        try:
            barrier.wait(timeout=10)
            reports.append(retention_purge(now=now, batch_size=1))
        except Exception as exc:  # asserted on below
            reports.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(not isinstance(r, Exception) for r in reports), reports
    assert sum(r.applications for r in reports) == 3
    assert sum(e.after.get("applications", 0) for e in purge_events()) == 3
    assert not applications_due(until + timedelta(days=1)).exists()


@pytest.mark.django_db
def test_the_command_prints_counts_and_its_dry_run_changes_nothing(build, people):
    application = erase(build, people)
    SellerApplication.objects.filter(pk=application.pk).update(retain_until=timezone.localdate() - timedelta(days=1))
    before = dump_rows()

    out = StringIO()
    call_command("retention_purge", "--dry-run", stdout=out)
    assert "dry run" in out.getvalue() and "applications: 1" in out.getvalue()
    assert dump_rows() == before

    out = StringIO()
    call_command("retention_purge", stdout=out)
    assert "applications: 1" in out.getvalue() and "bank_accounts: 0" in out.getvalue()
    assert SellerApplication.objects.get(pk=application.pk).nik_masked == ERASED


def test_the_daily_job_is_registered():
    from lapak.market.sellers.tasks import retention_purge_task

    jobs = {job.name: job for job in periodic_jobs()}
    assert jobs["sellers.retention_purge"].every == timedelta(days=1)
    assert jobs["sellers.retention_purge"].task is retention_purge_task


@pytest.mark.django_db
def test_the_task_runs_the_purge(build, people):
    from lapak.market.sellers.tasks import retention_purge_task

    application = erase(build, people)
    SellerApplication.objects.filter(pk=application.pk).update(retain_until=timezone.localdate() - timedelta(days=1))

    result = retention_purge_task.enqueue()

    assert result.return_value["applications"] == 1
    assert SellerApplication.objects.get(pk=application.pk).full_name == ERASED
