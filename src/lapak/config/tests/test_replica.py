"""The read replica router: reads inside `replica_reads()` go to the replica, writes and social never do.

The suite's replica is a database of its own (test_settings.py), so a row written there alone shows where a
read went: the primary does not have it.
"""

from __future__ import annotations

import threading

import pytest
from django.db import router
from django.test import override_settings

from lapak.config.db_router import REPLICA_ALIAS, ReplicaRouter, replica_reads, replica_reads_active
from lapak.oversight.models import RollupWatermark
from lapak.social.models import Creator

ON = override_settings(OVERSIGHT_READ_REPLICA=True)


def _on_replica_only(name: str) -> None:
    RollupWatermark.objects.using(REPLICA_ALIAS).create(name=name)


@ON
@pytest.mark.django_db(databases={"default", "replica"})
def test_a_read_inside_the_context_sees_the_replica_and_outside_the_primary():
    _on_replica_only("replica-only")
    assert not RollupWatermark.objects.filter(name="replica-only").exists()
    with replica_reads():
        assert RollupWatermark.objects.filter(name="replica-only").exists()
        assert list(RollupWatermark.objects.values_list("name", flat=True)) == ["replica-only"]
    assert not RollupWatermark.objects.filter(name="replica-only").exists()


@ON
@pytest.mark.django_db(databases={"default", "replica"})
def test_writes_inside_the_context_go_to_the_primary():
    with replica_reads():
        RollupWatermark.objects.create(name="written-inside")
        mark = RollupWatermark.objects.using("default").get(name="written-inside")
        mark.rows_folded = 7
        mark.save()
        assert router.db_for_write(RollupWatermark) == "default"
    assert RollupWatermark.objects.get(name="written-inside").rows_folded == 7
    assert not RollupWatermark.objects.using(REPLICA_ALIAS).filter(name="written-inside").exists()


@ON
@pytest.mark.django_db(databases={"default", "replica"})
def test_locking_reads_inside_the_context_go_to_the_primary():
    RollupWatermark.objects.create(name="primary-only")
    with replica_reads():
        assert not RollupWatermark.objects.filter(name="primary-only").exists()
        assert RollupWatermark.objects.select_for_update().get(name="primary-only").name == "primary-only"
        mark, created = RollupWatermark.objects.get_or_create(name="primary-only")
        assert not created and mark._state.db == "default"


@ON
@pytest.mark.django_db(databases={"default", "replica"})
def test_a_row_read_from_the_replica_is_saved_to_the_primary():
    # A real replica is a copy: the same row has the same id on both. The stand-in is a separate database whose
    # sequences run their own way (PostgreSQL never rewinds them), so the test gives the row its id.
    RollupWatermark.objects.create(pk=424242, name="both", rows_folded=1)
    RollupWatermark.objects.using(REPLICA_ALIAS).create(pk=424242, name="both", rows_folded=1)
    with replica_reads():
        mark = RollupWatermark.objects.get(name="both")
        assert mark._state.db == REPLICA_ALIAS
    mark.rows_folded = 2
    mark.save()
    assert RollupWatermark.objects.using("default").get(name="both").rows_folded == 2
    assert RollupWatermark.objects.using(REPLICA_ALIAS).get(name="both").rows_folded == 1


@ON
@pytest.mark.django_db(databases={"default", "replica", "social"})
def test_social_reads_stay_on_the_social_database():
    with replica_reads():
        assert router.db_for_read(Creator) == "social"
        assert Creator.objects.count() == 0  # a query that would fail on the replica, which has no social tables
    assert router.db_for_read(Creator) == "social"


@override_settings(OVERSIGHT_READ_REPLICA=False)
@pytest.mark.django_db(databases={"default", "replica"})
def test_the_switch_off_keeps_reads_on_the_primary():
    _on_replica_only("replica-only")
    with replica_reads():
        assert not replica_reads_active()
        assert not RollupWatermark.objects.filter(name="replica-only").exists()


@ON
def test_without_a_replica_alias_reads_stay_on_the_primary(settings):
    databases = {alias: config for alias, config in settings.DATABASES.items() if alias != REPLICA_ALIAS}
    with pytest.warns(UserWarning, match="DATABASES"), override_settings(DATABASES=databases), replica_reads():
        assert not replica_reads_active()
        assert router.db_for_read(RollupWatermark) == "default"


@ON
def test_the_context_nests_and_is_left_even_on_error():
    with pytest.raises(RuntimeError), replica_reads():
        with replica_reads():
            assert router.db_for_read(RollupWatermark) == REPLICA_ALIAS
        assert router.db_for_read(RollupWatermark) == REPLICA_ALIAS
        raise RuntimeError
    assert router.db_for_read(RollupWatermark) == "default"


@ON
def test_the_context_belongs_to_its_thread():
    seen: list[str] = []
    inside, done = threading.Event(), threading.Event()

    def other_thread() -> None:
        inside.wait(5)
        seen.append(router.db_for_read(RollupWatermark))
        done.set()

    thread = threading.Thread(target=other_thread)
    thread.start()
    with replica_reads():
        inside.set()
        done.wait(5)
        assert router.db_for_read(RollupWatermark) == REPLICA_ALIAS
    thread.join()
    assert seen == ["default"]


def test_migrate_runs_on_the_replica_only_where_the_settings_allow_it():
    replica = ReplicaRouter()
    with override_settings(REPLICA_MIGRATE=True):
        assert router.allow_migrate(REPLICA_ALIAS, "oversight")
        assert router.allow_migrate(REPLICA_ALIAS, "orders")
        assert not router.allow_migrate(REPLICA_ALIAS, "social")
    with override_settings(REPLICA_MIGRATE=False):  # production: the replica's schema comes by replication
        assert not router.allow_migrate(REPLICA_ALIAS, "oversight")
        assert not router.allow_migrate(REPLICA_ALIAS, "orders")
    assert replica.allow_migrate("default", "orders") is None
    assert router.allow_migrate("default", "orders") and router.allow_migrate("social", "social")


@pytest.mark.parametrize(("replica_url", "expected"), [
    ("", "no-replica True False"),
    ("postgres://u:p@10.0.0.2:5432/shop", "shop True False"),
])
def test_the_production_settings_add_a_replica_only_when_one_is_given(tmp_path, replica_url, expected):
    from lapak.config.tests.test_settings import run_django

    code = ("from django.conf import settings as s; "
            "print(s.DATABASES.get('replica', {}).get('NAME', 'no-replica'), s.OVERSIGHT_READ_REPLICA, "
            "s.REPLICA_MIGRATE)")
    env = {"DEBUG": "1", "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/shop", "LAPAK_VAR_DIR": str(tmp_path),
           "REPLICA_DATABASE_URL": replica_url}
    result = run_django(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
