"""Reports by viewers and takedowns by operators, with reasons, audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.compliance.access import require_operator
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.social.models import Post, Report, Takedown
from lapak.social.services.engagement import participant_account
from lapak.social.services.posts import actor_label

NOTE_MAX = 500
TAKEDOWN_NOTE_MAX = 1000


def report_file(*, actor: object, post: Post, reason: str, note: str = "") -> Report:
    """A viewer reports a published post, once per post."""
    account = participant_account(actor)
    if post.status != Post.Status.PUBLISHED:
        raise NotFound(_("This post is not shown."))
    errors = {}
    if reason not in Report.Reason.values:
        errors["reason"] = [_("Choose a reason.")]
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [_("Write at most %(n)d characters.") % {"n": NOTE_MAX}]
    if errors:
        raise ValidationFailed(fields=errors)
    try:
        with transaction.atomic(using="social"):
            return Report.objects.create(post=post, reporter=account, reason=reason, note=note)
    except IntegrityError:
        raise Conflict(_("You have already reported this post."), code="already_reported") from None


def post_takedown(*, actor: object, post: Post, reason: str, note: str) -> Takedown:
    """An operator takes a post down. Guarantees: operators only; a reason and a note are required; the post is
    hidden, its open reports are closed as upheld, and the takedown is audited, all in one transaction."""
    require_operator(actor)
    errors = {}
    if reason not in Report.Reason.values:
        errors["reason"] = [_("Choose a reason.")]
    note = (note or "").strip()
    if not note or len(note) > TAKEDOWN_NOTE_MAX:
        errors["note"] = [_("Explain the takedown in 1 to %(n)d characters.") % {"n": TAKEDOWN_NOTE_MAX}]
    if errors:
        raise ValidationFailed(fields=errors)
    operator = actor_label(actor)
    with transaction.atomic(using="default"), transaction.atomic(using="social"):
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.status not in (Post.Status.PUBLISHED, Post.Status.DRAFT, Post.Status.REFUSED):
            raise Conflict(_("This post is no longer shown."), code="post_gone")
        before = locked.status
        locked.status = Post.Status.TAKEN_DOWN
        locked.save(update_fields=["status"])
        takedown = Takedown.objects.create(post=locked, operator=operator, reason=reason, note=note)
        upheld = Report.objects.filter(post=locked, status=Report.Status.OPEN).update(
            status=Report.Status.UPHELD, closed_at=timezone.now(), closed_by=operator)
        audit_append(actor=operator, action="social.post.taken_down", subject_type="post", subject_id=post.public_id,
                     jurisdiction=locked.creator.jurisdiction, before={"status": before},
                     after={"status": locked.status, "reason": reason, "note": note, "takedown": takedown.public_id,
                            "reports_upheld": upheld})
    return takedown


def report_dismiss(*, actor: object, report: Report, note: str = "") -> Report:
    """An operator dismisses an open report (the post stays); audited."""
    require_operator(actor)
    operator = actor_label(actor)
    with transaction.atomic(using="default"), transaction.atomic(using="social"):
        changed = Report.objects.filter(pk=report.pk, status=Report.Status.OPEN).update(
            status=Report.Status.DISMISSED, closed_at=timezone.now(), closed_by=operator)
        if not changed:
            raise Conflict(_("This report is already closed."), code="report_closed")
        audit_append(actor=operator, action="social.report.dismissed", subject_type="post_report",
                     subject_id=report.public_id, jurisdiction=report.post.creator.jurisdiction,
                     before={"status": "open"}, after={"status": "dismissed", "note": (note or "")[:500],
                                                       "post": report.post.public_id})
    report.refresh_from_db()
    return report
