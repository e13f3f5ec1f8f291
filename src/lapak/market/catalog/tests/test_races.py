"""Racing lifecycle steps on one product: exactly one wins, on a real database with threads."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from lapak.core.audit.models import AuditEvent
from lapak.market.catalog.errors import ListingTransitionNotAllowed
from lapak.market.catalog.models import ListingStatus as S
from lapak.market.catalog.models import Product
from lapak.market.catalog.services import listing_transition


def _race(product, actor, targets):
    barrier = threading.Barrier(len(targets))
    outcomes: list[str] = []

    def run(target):
        try:
            barrier.wait()
            listing_transition(product=product, actor=actor, to=target)
            outcomes.append(f"ok:{target}")
        except ListingTransitionNotAllowed:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_submits_publish_once(draft, owner):
    outcomes = _race(draft, owner, [S.SUBMITTED, S.SUBMITTED])
    assert outcomes == ["ok:submitted", "refused"]
    assert Product.objects.get(pk=draft.pk).status == S.ACTIVE
    assert AuditEvent.objects.filter(subject_id=draft.public_id).count() == 1


@pytest.mark.django_db(transaction=True)
def test_pause_against_remove_one_outcome(active, owner):
    outcomes = _race(active, owner, [S.PAUSED, S.REMOVED])
    # Serialised by the row lock: remove first leaves pause nothing to do (refused); pause first still allows
    # remove from paused. Either way the listing ends removed and each success wrote exactly one audit event.
    assert outcomes in (["ok:paused", "ok:removed"], ["ok:removed", "refused"])
    assert Product.objects.get(pk=active.pk).status == S.REMOVED
    successes = [o for o in outcomes if o.startswith("ok")]
    assert AuditEvent.objects.filter(subject_id=active.public_id).count() == 1 + len(successes)


@pytest.mark.django_db(transaction=True)
def test_two_pauses_pause_once(active, owner):
    assert _race(active, owner, [S.PAUSED, S.PAUSED]) == ["ok:paused", "refused"]
    assert AuditEvent.objects.filter(subject_id=active.public_id, action="catalog.listing.paused").count() == 1
