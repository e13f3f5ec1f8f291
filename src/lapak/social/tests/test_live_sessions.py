"""Scheduling, starting (asked of compliance; the live_shopping kill switch refuses), ending, cancelling, and the
suspension of a live on air once the switch is turned off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.compliance.models import Decision
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lapak.social.models import LivePin, LiveSession
from lapak.social.services.live import LiveRefused, live_cancel, live_end, live_start, lives_suspend_switched_off
from lapak.social.services.live_chat import chat_post
from lapak.social.services.live_pins import live_pin
from lapak.social.tasks_live import live_suspend_switched_off
from lapak.social.tests.live_support import (  # noqa: F401
    BOTH,
    account,
    catalogue_fixture,
    creator,
    on_air,
    people_fixture,
    scheduled,
    switch_live_shopping,
)

pytestmark = pytest.mark.django_db(databases=BOTH)


def test_a_verified_creator_schedules_and_the_voucher_code_is_checked_for_its_format_only(people):
    live = scheduled(people["host"], voucher_code="live-batik", stream_url="https://cdn.example/live.m3u8")
    assert live.status == "scheduled" and live.voucher_code == "LIVE-BATIK"
    assert AuditEvent.objects.filter(action="social.live.scheduled", subject_id=live.public_id).count() == 1
    with pytest.raises(ValidationFailed) as refused:
        scheduled(people["host"], voucher_code="no spaces!", title=" ", stream_url="http://plain.example/x.m3u8",
                  scheduled_for=timezone.now() - timedelta(days=1))
    assert set(refused.value.fields) == {"voucher_code", "title", "stream_url", "scheduled_for"}
    assert LiveSession.objects.count() == 1


def test_only_a_creator_with_a_verified_phone_schedules(people):
    unverified = account("new@example.test")
    creator(unverified, handle="baru", verified=False)
    for user in (unverified, people["viewer"]):
        with pytest.raises(PermissionDenied):
            scheduled(user)
    assert LiveSession.objects.count() == 0


def test_starting_is_decided_by_compliance_and_recorded(people):
    live = on_air(people["host"])
    assert live.status == "live" and live.started_at is not None
    decision = Decision.objects.get(public_id=live.decision)
    assert decision.event == "content.publish" and decision.subject_id == live.public_id
    assert decision.outcome == "allow" and decision.evidence["kind"] == "live"


def test_the_kill_switch_refuses_the_start_with_reasons_in_both_languages(people):
    live = scheduled(people["host"])
    switch_live_shopping("off", reason="Kerusuhan di Jakarta")
    with pytest.raises(LiveRefused) as refused:
        live_start(actor=people["host"].public_id, live_id=live.public_id)
    messages = refused.value.fields["rules.SWITCH:live_shopping"]
    assert len(messages) == 2 and all("Kerusuhan di Jakarta" in m for m in messages)
    assert messages[0] != messages[1]  # Bahasa Indonesia, then English
    live.refresh_from_db()
    assert live.status == "scheduled" and live.started_at is None
    kept = Decision.objects.get(subject_id=live.public_id)  # the refusal stays on record
    assert kept.outcome == "deny"
    switch_live_shopping("on")
    assert live_start(actor=people["host"].public_id, live_id=live.public_id).status == "live"


def test_only_the_host_starts_ends_or_cancels(people):
    live = scheduled(people["host"])
    for action in (live_start, live_cancel):
        with pytest.raises(NotFound):
            action(actor=people["rival"].public_id, live_id=live.public_id)
    live.refresh_from_db()
    assert live.status == "scheduled"
    live_cancel(actor=people["host"].public_id, live_id=live.public_id)
    with pytest.raises(Conflict):
        live_start(actor=people["host"].public_id, live_id=live.public_id)


def test_ending_closes_pins_and_keeps_the_replay_address(people, catalogue):
    live = on_air(people["host"])
    live_pin(actor=people["host"].public_id, live_id=live.public_id, product_id=catalogue.add())
    with pytest.raises(ValidationFailed):
        live_end(actor=people["host"].public_id, live_id=live.public_id, replay_url="javascript:alert(1)")
    ended = live_end(actor=people["host"].public_id, live_id=live.public_id, replay_url="https://cdn.example/r.mp4")
    assert ended.status == "ended" and ended.replay_url == "https://cdn.example/r.mp4"
    assert not LivePin.objects.filter(live=live, unpinned_at=None).exists()
    with pytest.raises(Conflict):
        chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id, body="halo")


def test_a_switch_turned_off_during_a_live_refuses_chat_and_pins_and_the_job_suspends_it(people, catalogue):
    live = on_air(people["host"])
    british = account("gb@example.test")
    creator(british, handle="london", jurisdiction="GB")
    elsewhere = on_air(british, title="London live")
    switch_live_shopping("off", reason="Pemeliharaan")  # in ID only
    with pytest.raises(LiveRefused):
        chat_post(account=people["viewer"].public_id, author_name="Budi", live_id=live.public_id, body="halo")
    with pytest.raises(LiveRefused):
        live_pin(actor=people["host"].public_id, live_id=live.public_id, product_id=catalogue.add())
    assert not LivePin.objects.exists()
    stopped = live_suspend_switched_off.enqueue().return_value  # the periodic job (immediate backend in tests)
    assert stopped == [live.public_id]
    elsewhere.refresh_from_db()
    assert elsewhere.status == "live"  # the switch is per jurisdiction
    live.refresh_from_db()
    assert live.status == "suspended" and live.ended_at is not None
    assert AuditEvent.objects.filter(action="social.live.suspended", subject_id=live.public_id).count() == 1
    assert lives_suspend_switched_off() == []  # idempotent


def test_the_job_leaves_lives_alone_while_the_switch_is_on(people):
    live = on_air(people["host"])
    assert lives_suspend_switched_off() == []
    live.refresh_from_db()
    assert live.status == "live"
