"""Live sessions: schedule, start (asked of the compliance engine), end, cancel, and suspension by the kill switch.

A live is only an announcement and a chat room with pinned products: the video comes from a streaming service
(an HLS address), and any live price or voucher is run by the marketplace's promotions (social shows the code).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from lapak.compliance.explain import reason_text
from lapak.compliance.services import DecisionResult, compliance_decide, compliance_keep_refusal
from lapak.compliance.switches import LIVE_SHOPPING, compliance_feature_enabled
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lapak.social.live_signal import live_changed
from lapak.social.models import Creator, LiveSession

VOUCHER_CODE = re.compile(r"[A-Za-z0-9-]{3,32}")  # the marketplace's voucher code format (promotions)
Status = LiveSession.Status
SCHEDULE_AHEAD = timedelta(days=366)  # how far ahead a live may be scheduled
SCHEDULE_PAST_SLACK = timedelta(minutes=5)  # a form filled in a few minutes ago still schedules "now"


class LiveRefused(PermissionDenied):
    """The compliance engine did not allow the live (the `live_shopping` switch, say); `fields` carry every reason
    in Bahasa Indonesia and in English."""

    code = "live_refused"
    default_message = _("This live cannot start under the platform's rules.")

    def __init__(self, *, decision: DecisionResult | None = None, reasons: list[dict] | None = None) -> None:
        self.reasons = list(decision.details if decision else reasons or [])
        super().__init__(fields={f"rules.{r['rule_id']}": [reason_text(r, "id"), reason_text(r, "en")]
                                 for r in self.reasons})
        self.decision = decision


def live_host_creator(*, account: str) -> Creator:
    """The account's creator profile, if it may host lives (its phone is verified); PermissionDenied otherwise."""
    creator = Creator.objects.filter(account=account).first()
    if creator is None or creator.phone_verified_at is None:
        raise PermissionDenied(_("Only creators with a verified phone number can host a live."),
                               code="creator_required")
    return creator


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _schedule_error(scheduled_for: datetime) -> str | None:
    """Why the start time cannot be stored, or None. Bounded both ways: a date near the calendar's ends cannot be
    shown in local time (WIB) without overflowing, on every page that lists the live."""
    now = timezone.now()
    try:
        moment = _aware(scheduled_for)
        too_early = moment < now - SCHEDULE_PAST_SLACK
        too_late = moment > now + SCHEDULE_AHEAD
        moment.astimezone(timezone.get_current_timezone())  # stored in UTC, shown in local time: both must fit
    except (OverflowError, ValueError):
        too_early, too_late = False, True
    if too_early:
        return _("Choose a time in the future.")
    if too_late:
        return _("Choose a time within one year from now.")
    return None


def _clean(*, title: str, description: str, scheduled_for: datetime, stream_url: str, voucher_code: str,
           campaign: str) -> dict:
    errors: dict[str, list] = {}
    title, description = title.strip(), description.strip()
    if not title:
        errors["title"] = [_("Give the live a title.")]
    elif len(title) > 120:
        errors["title"] = [_("At most 120 characters.")]
    if len(description) > 1000:
        errors["description"] = [_("At most 1,000 characters.")]
    if error := _schedule_error(scheduled_for):
        errors["scheduled_for"] = [error]
    else:
        scheduled_for = _aware(scheduled_for)
    stream_url = stream_url.strip()
    if stream_url and (not stream_url.startswith("https://") or len(stream_url) > 500 or " " in stream_url):
        errors["stream_url"] = [_("Give the https:// address of the HLS stream from your streaming service.")]
    voucher_code = voucher_code.strip().upper()
    if voucher_code and not VOUCHER_CODE.fullmatch(voucher_code):
        errors["voucher_code"] = [_("A voucher code has 3 to 32 letters, digits or dashes.")]
    campaign = campaign.strip()
    if campaign and not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", campaign):
        errors["campaign"] = [_("A campaign name has up to 40 letters, digits, dashes or underscores.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return {"title": title, "description": description, "scheduled_for": scheduled_for, "stream_url": stream_url,
            "voucher_code": voucher_code, "campaign": campaign}


def _audit(live: LiveSession, *, actor: str, action: str, before: dict | None, decision: str = "") -> None:
    after = {"status": live.status, "title": live.title, "scheduled_for": live.scheduled_for}
    if decision:
        after["decision"] = decision
    audit_append(actor=actor, action=f"social.live.{action}", subject_type="live", subject_id=live.public_id,
                 jurisdiction=live.creator.jurisdiction, before=before, after=after)


def live_schedule(*, actor: str, title: str, scheduled_for: datetime, description: str = "", stream_url: str = "",
                  voucher_code: str = "", campaign: str = "") -> LiveSession:
    """Schedule a live hosted by the actor's creator profile (phone verified). Guarantees: the fields are valid
    (a voucher code is checked for its format only: the marketplace runs it) and the change is audited."""
    creator = live_host_creator(account=actor)
    values = _clean(title=title, description=description, scheduled_for=scheduled_for, stream_url=stream_url,
                    voucher_code=voucher_code, campaign=campaign)
    with transaction.atomic(using="social"), transaction.atomic(using="default"):
        live = LiveSession.objects.create(creator=creator, **values)
        _audit(live, actor=actor, action="scheduled", before=None)
    return live


def _locked_own(*, actor: str, live_id: str) -> LiveSession:
    live = (LiveSession.objects.select_for_update(of=("self",)).select_related("creator")
            .filter(public_id=live_id).first())
    if live is None or live.creator.account != actor:
        raise NotFound(_("There is no such live."))
    return live


def _decide_start(live: LiveSession, *, actor: str) -> DecisionResult:
    creator = live.creator
    return compliance_decide(
        event="content.publish", jurisdiction=creator.jurisdiction, subject_type="live", subject_id=live.public_id,
        facts={"kind": "live", "seller": creator.seller_org, "embeds_payment": False, "embeds_checkout": False,
               "payment_links": []}, actor=actor)


def live_start(*, actor: str, live_id: str) -> LiveSession:
    """Put the host's scheduled live on air. Guarantees: the compliance engine allowed it (`content.publish`, kind
    live; the `live_shopping` kill switch refuses) and the decision is kept, also a refusal, in which case nothing
    else changes (LiveRefused carries the reasons in both languages); only the host starts it, once."""
    try:
        with transaction.atomic(using="social"), transaction.atomic(using="default"):
            live = _locked_own(actor=actor, live_id=live_id)
            if live.status != Status.SCHEDULED:
                raise Conflict(_("Only a scheduled live can start."), code="live_not_scheduled")
            live_host_creator(account=actor)
            decision = _decide_start(live, actor=actor)
            if not decision.allowed:
                raise LiveRefused(decision=decision)
            before = {"status": live.status}
            live.status, live.started_at, live.decision = Status.LIVE, timezone.now(), decision.decision_id
            live.save(update_fields=["status", "started_at", "decision"])
            _audit(live, actor=actor, action="started", before=before, decision=decision.decision_id)
    except LiveRefused as refused:
        compliance_keep_refusal(refused.decision)
        raise
    live_changed(live.pk)
    return live


def live_end(*, actor: str, live_id: str, replay_url: str = "") -> LiveSession:
    """End the host's live: the chat closes and the replay (chat, pins timeline, optional replay address) opens.
    Pins still shown are closed at the end time."""
    replay_url = replay_url.strip()
    if replay_url and (not replay_url.startswith("https://") or len(replay_url) > 500):
        raise ValidationFailed(fields={"replay_url": [_("Give an https:// address.")]})
    with transaction.atomic(using="social"), transaction.atomic(using="default"):
        live = _locked_own(actor=actor, live_id=live_id)
        if live.status != Status.LIVE:
            raise Conflict(_("Only a live on air can end."), code="live_not_on_air")
        before = {"status": live.status}
        live.status, live.ended_at = Status.ENDED, timezone.now()
        live.replay_url = replay_url or live.replay_url
        live.save(update_fields=["status", "ended_at", "replay_url"])
        live.pins.filter(unpinned_at=None).update(unpinned_at=live.ended_at)
        _audit(live, actor=actor, action="ended", before=before)
    live_changed(live.pk)
    return live


def live_cancel(*, actor: str, live_id: str) -> LiveSession:
    """Cancel the host's live before it starts."""
    with transaction.atomic(using="social"), transaction.atomic(using="default"):
        live = _locked_own(actor=actor, live_id=live_id)
        if live.status != Status.SCHEDULED:
            raise Conflict(_("Only a scheduled live can be cancelled."), code="live_not_scheduled")
        before = {"status": live.status}
        live.status = Status.CANCELLED
        live.save(update_fields=["status"])
        _audit(live, actor=actor, action="cancelled", before=before)
    live_changed(live.pk)
    return live


def live_switch_check(live: LiveSession) -> None:
    """Refuse (LiveRefused) any action in a live whose jurisdiction has switched live shopping off since it
    started: read fresh, one query on the compliance tables."""
    creator = live.creator
    enabled, _why = compliance_feature_enabled(jurisdiction=creator.jurisdiction, feature=LIVE_SHOPPING,
                                              seller=creator.seller_org or None)
    if not enabled:
        texts = {}
        for language in ("id", "en"):
            with translation.override(language):
                texts[language] = compliance_feature_enabled(
                    jurisdiction=creator.jurisdiction, feature=LIVE_SHOPPING, seller=creator.seller_org or None)[1]
        raise LiveRefused(reasons=[{"rule_id": f"SWITCH:{LIVE_SHOPPING}", "message_id": texts["id"],
                                    "message_en": texts["en"], "remedy_id": "", "remedy_en": ""}])


def live_suspend(*, live_pk: int, actor: str = "system:live-switch") -> bool:
    """Stop a live on air because live shopping is switched off where its host is: status suspended, open pins
    closed, audited. Idempotent (True only for the call that stopped it); a live still allowed is left alone."""
    with transaction.atomic(using="social"), transaction.atomic(using="default"):
        live = LiveSession.objects.select_for_update(of=("self",)).select_related("creator").filter(
            pk=live_pk, status=Status.LIVE).first()
        if live is None:
            return False
        if _switch_allows(live):
            return False
        live.status, live.ended_at = Status.SUSPENDED, timezone.now()
        live.save(update_fields=["status", "ended_at"])
        live.pins.filter(unpinned_at=None).update(unpinned_at=live.ended_at)
        _audit(live, actor=actor, action="suspended", before={"status": Status.LIVE})
    live_changed(live.pk)
    return True


def _switch_allows(live: LiveSession) -> bool:
    try:
        live_switch_check(live)
    except LiveRefused:
        return False
    return True


def lives_suspend_switched_off() -> list[str]:
    """Suspend every live on air whose jurisdiction (or pilot) no longer allows live shopping; their ids."""
    stopped = []
    for pk, public_id in LiveSession.objects.filter(status=Status.LIVE).values_list("pk", "public_id"):
        if live_suspend(live_pk=pk):
            stopped.append(public_id)
    return stopped
