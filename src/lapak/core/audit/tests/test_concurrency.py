"""Races on purpose, with threads on a real database (each thread has its own connection)."""

import threading

import pytest
from django.db import connection, transaction

from lapak.core.audit import merkle
from lapak.core.audit.key_registry import AuditKeyError, signing_key_register
from lapak.core.audit.keys import signing_key_generate
from lapak.core.audit.models import AuditEvent, PublicKey, TreeHead
from lapak.core.audit.rotation import signing_key_rotate
from lapak.core.audit.sealing import audit_seal
from lapak.core.audit.services import audit_append
from lapak.core.audit.tests.threads import join, run_in_threads
from lapak.core.audit.verification import audit_log_verify

pytestmark = pytest.mark.usefixtures("racing_db")


def assert_every_event_sealed_once(count):
    indices = list(AuditEvent.objects.order_by("leaf_index").values_list("leaf_index", flat=True))
    assert indices == list(range(count))
    sizes = list(TreeHead.objects.order_by("id").values_list("tree_size", flat=True))
    assert sizes == sorted(set(sizes))  # each head strictly larger than the one before
    hashes = [bytes.fromhex(h) for h in AuditEvent.objects.order_by("leaf_index").values_list("leaf_hash", flat=True)]
    for head in TreeHead.objects.all():
        assert head.root_hash == merkle.root(hashes[: head.tree_size]).hex()
    report = audit_log_verify()
    assert report.ok, [p.message for p in report.problems]


def test_two_sealers_at_once_seal_each_event_exactly_once(append_events):
    append_events(300)
    barrier, results = threading.Barrier(2), []

    def sealer():
        barrier.wait()
        results.append(audit_seal(batch_size=20))

    join(*run_in_threads(sealer, sealer))
    assert sum(r["sealed"] for r in results) == 300
    assert TreeHead.objects.count() == 15
    assert_every_event_sealed_once(300)
    assert PublicKey.objects.count() == 1  # both registered the key on first use; one row


def test_a_second_sealer_waits_for_the_first_to_commit(append_events):
    append_events(5)
    audit_seal()  # the state row now exists, so only its lock can make the second sealer wait
    append_events(10, start=5)
    first_sealed, release, second_result = threading.Event(), threading.Event(), []

    def first():
        with transaction.atomic():  # keeps the seal's lock until this outer transaction commits
            audit_seal()
            first_sealed.set()
            assert release.wait(30)

    def second():
        assert first_sealed.wait(30)
        second_result.append(audit_seal())

    threads, errors = run_in_threads(first, second)
    assert first_sealed.wait(30)
    threads[1].join(timeout=1.0)
    assert threads[1].is_alive(), "the second sealer did not wait for the first one's lock"
    release.set()
    join(threads, errors)
    assert second_result[0]["sealed"] == 0
    assert TreeHead.objects.count() == 2
    assert_every_event_sealed_once(15)


def test_appends_racing_with_seals_are_all_sealed_once():
    writers, per_writer = 4, 40
    appending_done = threading.Event()
    finished = []

    def appender(n):
        def run():
            for i in range(per_writer):
                with transaction.atomic():  # each event in its own business transaction
                    audit_append(actor=f"usr_{n}", action="order.place", subject_type="order", subject_id=f"o{n}-{i}")
            finished.append(n)
            if len(finished) == writers:
                appending_done.set()

        return run

    def sealer():
        while not appending_done.is_set():
            audit_seal(batch_size=7)

    join(*run_in_threads(sealer, *(appender(n) for n in range(writers))))
    audit_seal()
    assert_every_event_sealed_once(writers * per_writer)


def test_two_processes_registering_the_same_key_at_once_make_one_row():
    key, _ = signing_key_generate()
    barrier, rows = threading.Barrier(2), []

    def register():
        barrier.wait()
        rows.append(signing_key_register(key).pk)

    join(*run_in_threads(register, register))
    assert PublicKey.objects.count() == 1
    assert rows[0] == rows[1]


def test_two_keys_racing_to_register_on_a_fresh_log_leave_one_active_key():
    barrier, outcomes = threading.Barrier(2), []

    def register():
        key, _ = signing_key_generate()
        barrier.wait()
        try:
            signing_key_register(key)
            outcomes.append("registered")
        except AuditKeyError:
            outcomes.append("refused")

    join(*run_in_threads(register, register))
    assert sorted(outcomes) == ["refused", "registered"]
    assert PublicKey.objects.filter(retired_at__isnull=True).count() == 1


def test_a_rotation_racing_with_a_sealer_on_the_old_key_never_interleaves_the_keys(append_events):
    old, _ = signing_key_generate()
    new, _ = signing_key_generate()
    append_events(5)
    audit_seal(key=old)
    barrier, outcomes = threading.Barrier(2), []

    def old_sealer():
        barrier.wait()
        for _ in range(20):  # keeps trying while the rotation runs; refused once the old key is retired
            append_events(1, start=100)
            try:
                audit_seal(key=old)
            except AuditKeyError:
                outcomes.append("refused")
                return

    def rotate():
        barrier.wait()
        signing_key_rotate(new_key=new, current_key=old)

    join(*run_in_threads(old_sealer, rotate))
    # The old sealer may have finished all its rounds before the rotation began; with an event waiting, a
    # seal on the retired key must be refused whichever way the race went.
    append_events(1, start=200)
    with pytest.raises(AuditKeyError, match="retired"):
        audit_seal(key=old)
    signers = list(TreeHead.objects.order_by("tree_size").values_list("key_id", flat=True))
    switch = signers.index(new.key_id)
    assert set(signers[:switch]) == {old.key_id} and set(signers[switch:]) == {new.key_id}
    audit_seal(key=new)
    assert_every_event_sealed_once(AuditEvent.objects.count())


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL lets a lower id commit after a higher one, and appends run beside a seal")


@pytest.mark.postgres_only
def test_an_event_committed_late_with_a_lower_id_is_sealed_next_time(postgres_only):
    appended, release, late = threading.Event(), threading.Event(), []

    def slow_business_transaction():
        with transaction.atomic():
            late.append(audit_append(actor="system", action="slow", subject_type="s", subject_id="1"))
            appended.set()
            assert release.wait(30)

    threads, errors = run_in_threads(slow_business_transaction)
    assert appended.wait(30)
    early = audit_append(actor="system", action="fast", subject_type="s", subject_id="2")
    assert audit_seal()["sealed"] == 1
    release.set()
    join(threads, errors)
    audit_seal()
    assert late[0].pk < early.pk
    assert AuditEvent.objects.get(pk=early.pk).leaf_index == 0
    assert AuditEvent.objects.get(pk=late[0].pk).leaf_index == 1
    assert_every_event_sealed_once(2)


@pytest.mark.postgres_only
def test_appends_do_not_wait_for_a_seal_in_progress(postgres_only, append_events):
    append_events(3)
    sealing, release = threading.Event(), threading.Event()

    def long_seal():
        with transaction.atomic():
            audit_seal()
            sealing.set()
            assert release.wait(30)

    threads, errors = run_in_threads(long_seal)
    try:
        assert sealing.wait(30)
        with transaction.atomic():  # would block here if appends took the sealer's lock
            audit_append(actor="system", action="during.seal", subject_type="s", subject_id="x")
        assert threads[0].is_alive()
    finally:
        release.set()
    join(threads, errors)
    audit_seal()
    assert_every_event_sealed_once(4)
