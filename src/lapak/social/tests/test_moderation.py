"""Reports by viewers, takedowns and dismissals by operators (audited)."""

from __future__ import annotations

import pytest
from django.utils import translation

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lapak.social.models import Post, Report, Takedown
from lapak.social.selectors.posts import open_reports
from lapak.social.services.moderation import post_takedown, report_dismiss, report_file
from lapak.social.tests.support_posts import creator_for, published_post

pytestmark = pytest.mark.django_db(databases=["default", "social"])


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_one_report_per_person_per_post_with_a_known_reason(make_user):
    post = published_post(creator_for(make_user()))
    viewer = make_user()
    with pytest.raises(ValidationFailed) as caught:
        report_file(actor=viewer, post=post, reason="boring")
    assert list(caught.value.fields) == ["reason"]
    report = report_file(actor=viewer, post=post, reason="payment", note="ada QRIS di video")
    assert (report.status, report.reporter) == ("open", viewer.public_id)
    with pytest.raises(Conflict):
        report_file(actor=viewer, post=post, reason="spam")
    assert Report.objects.count() == 1


def test_unpublished_posts_cannot_be_reported(make_user):
    draft = published_post(creator_for(make_user()), status="draft")
    with pytest.raises(NotFound):
        report_file(actor=make_user(), post=draft, reason="spam")


def test_the_queue_is_open_reports_oldest_first(make_user):
    creator = creator_for(make_user())
    first, second = published_post(creator), published_post(creator)
    a = report_file(actor=make_user(), post=second, reason="spam")
    b = report_file(actor=make_user(), post=first, reason="hate")
    c = report_file(actor=make_user(), post=first, reason="other")
    report_dismiss(actor=make_user(roles=["operator"]), report=c)
    assert [r.public_id for r in open_reports()] == [a.public_id, b.public_id]


def test_a_takedown_hides_the_post_upholds_its_reports_and_is_audited(make_user):
    post = published_post(creator_for(make_user()))
    reports = [report_file(actor=make_user(), post=post, reason="payment") for _ in range(2)]
    operator = make_user(roles=["operator"])
    takedown = post_takedown(actor=operator, post=post, reason="payment", note="QRIS sticker at 0:03")
    post.refresh_from_db()
    assert post.status == Post.Status.TAKEN_DOWN
    assert (takedown.operator, takedown.reason, takedown.note) == (operator.public_id, "payment",
                                                                   "QRIS sticker at 0:03")
    for report in reports:
        report.refresh_from_db()
        assert (report.status, report.closed_by) == ("upheld", operator.public_id) and report.closed_at
    event = AuditEvent.objects.get(action="social.post.taken_down")
    assert (event.subject_id, event.actor, event.jurisdiction) == (post.public_id, operator.public_id, "ID")
    assert event.after["reports_upheld"] == 2 and event.after["note"] == "QRIS sticker at 0:03"
    with pytest.raises(Conflict):
        post_takedown(actor=operator, post=post, reason="payment", note="again")


def test_a_takedown_needs_an_operator_a_reason_and_a_note(make_user):
    post = published_post(creator_for(make_user()))
    for actor in (make_user(), make_user(roles=["regulator"], jurisdiction="ID"),
                  make_user(roles=["operator", "regulator"], jurisdiction="ID")):
        with pytest.raises(PermissionDenied):
            post_takedown(actor=actor, post=post, reason="spam", note="x")
    with pytest.raises(ValidationFailed) as caught:
        post_takedown(actor=make_user(roles=["operator"]), post=post, reason="", note="  ")
    assert set(caught.value.fields) == {"reason", "note"}
    post.refresh_from_db()
    assert post.status == "published" and Takedown.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="social.").exists()


def test_dismissing_a_report_is_audited_and_happens_once(make_user):
    post = published_post(creator_for(make_user()))
    report = report_file(actor=make_user(), post=post, reason="spam")
    with pytest.raises(PermissionDenied):
        report_dismiss(actor=make_user(), report=report)
    operator = make_user(roles=["operator"])
    report = report_dismiss(actor=operator, report=report, note="just a promo")
    assert report.status == "dismissed" and report.closed_by == operator.public_id
    event = AuditEvent.objects.get(action="social.report.dismissed")
    assert event.subject_id == report.public_id and event.after["post"] == post.public_id
    with pytest.raises(Conflict):
        report_dismiss(actor=operator, report=report)
    post.refresh_from_db()
    assert post.status == "published"
