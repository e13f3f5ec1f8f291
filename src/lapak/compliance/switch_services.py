"""Changing a kill switch or a pilot: validated, audited with the change, in force for the next decision."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.compliance.models import FeatureSwitch, Jurisdiction, SwitchState
from lapak.compliance.reevaluation import compliance_reevaluate_request
from lapak.compliance.switches import AUDIT_ACTION, AUDIT_SUBJECT, REDECIDES_LISTINGS, feature_known, switch_subject_id
from lapak.core.audit.services import audit_append
from lapak.core.errors import ValidationFailed
from lapak.core.ids import is_public_id

SELLER_PREFIX = "org"  # seller organisations' public ids (org_…); compliance names them without importing market
MAX_REASON = 1000
MAX_PILOT_SELLERS = 500


def switch_snapshot(switch: FeatureSwitch | None) -> dict:
    """What the audit log keeps of a switch; a missing row is "on" (its default)."""
    if switch is None:
        return {"state": SwitchState.ON.value, "pilot_sellers": [], "reason": "", "changed_by": "", "changed_at": None}
    return {"state": switch.state, "pilot_sellers": list(switch.pilot_sellers or []), "reason": switch.reason,
            "changed_by": switch.changed_by, "changed_at": switch.changed_at}


def switch_input_check(*, jurisdiction: str, feature: str, state: str, reason: str = "",
                       pilot_sellers: Iterable[str] | None = None) -> tuple[str, list[str]]:
    """The reason and the pilot's sellers as they will be stored; ValidationFailed naming every bad field."""
    errors: dict[str, list] = {}
    if not Jurisdiction.objects.filter(code=jurisdiction).exists():
        errors["jurisdiction"] = [_("There is no such jurisdiction.")]
    if not feature_known(feature):
        errors["feature"] = [_("There is no such feature. Use live_shopping, cross_border, first_party or "
                               "payment_method:<method>.")]
    if state not in SwitchState.values:
        errors["state"] = [_("Choose on, off or pilot.")]
    reason = (reason or "").strip()
    if state in (SwitchState.OFF, SwitchState.PILOT) and not reason:
        errors["reason"] = [_("Say why: the reason is shown to the sellers and buyers it affects.")]
    elif len(reason) > MAX_REASON:
        errors["reason"] = [_("At most %(n)d characters.") % {"n": MAX_REASON}]
    sellers: list[str] = []
    for value in pilot_sellers or []:
        value = str(value).strip()
        if value and value not in sellers:
            sellers.append(value)
    malformed = [s for s in sellers if not is_public_id(s, SELLER_PREFIX)]
    if state == SwitchState.PILOT and not sellers:
        errors["pilot_sellers"] = [_("A pilot needs at least one seller (an organisation id, org_…).")]
    elif malformed:
        errors["pilot_sellers"] = [_("Not a seller organisation id: %(ids)s.") % {"ids": ", ".join(malformed[:5])}]
    elif state != SwitchState.PILOT and sellers:
        errors["pilot_sellers"] = [_("Only a pilot has a list of sellers.")]
    elif len(sellers) > MAX_PILOT_SELLERS:
        errors["pilot_sellers"] = [_("At most %(n)d sellers in one pilot.") % {"n": MAX_PILOT_SELLERS}]
    if errors:
        raise ValidationFailed(fields=errors)
    return reason, sellers


def _locked(jurisdiction: str, feature: str) -> tuple[FeatureSwitch, bool]:
    """The switch row, locked; created ("on") first when missing. Two first changes racing both try to insert: the
    loser's savepoint rolls back and it locks the winner's row, so the changes are applied one after the other."""
    rows = FeatureSwitch.objects.select_for_update()
    row = rows.filter(jurisdiction=jurisdiction, feature=feature).first()
    if row is not None:
        return row, False
    try:
        with transaction.atomic():
            return FeatureSwitch.objects.create(jurisdiction=jurisdiction, feature=feature), True
    except IntegrityError:
        return rows.get(jurisdiction=jurisdiction, feature=feature), False


def compliance_switch_set(*, actor: str, jurisdiction: str, feature: str, state: str, reason: str = "",
                          pilot_sellers: Iterable[str] | None = None, now: datetime | None = None) -> FeatureSwitch:
    """Turn a feature of a jurisdiction on, off, or into a pilot for listed seller organisations.

    Guarantees: invalid input changes nothing (ValidationFailed naming each field: unknown jurisdiction or
    feature, a state other than on/off/pilot, no reason for off or pilot, a pilot without sellers or with
    malformed organisation ids); the row is changed under its lock, and one `compliance.switch.changed` audit
    event with the state before and after is written in the same transaction, so concurrent changes apply one
    after the other and each event's "before" is the previous one's "after". Nothing caches switches: the next
    decision reads the new state. A change of cross-border or first-party asks for a re-evaluation of listings.
    """
    reason, sellers = switch_input_check(jurisdiction=jurisdiction, feature=feature, state=state, reason=reason,
                               pilot_sellers=pilot_sellers)
    with transaction.atomic():
        switch, created = _locked(jurisdiction, feature)
        before = switch_snapshot(None if created else switch)
        switch.state, switch.pilot_sellers, switch.reason = state, sellers, reason
        switch.changed_by, switch.changed_at = actor, now or timezone.now()
        switch.save()
        audit_append(actor=actor, action=AUDIT_ACTION, subject_type=AUDIT_SUBJECT,
                     subject_id=switch_subject_id(jurisdiction, feature), jurisdiction=jurisdiction,
                     before=before, after=switch_snapshot(switch))
        if feature in REDECIDES_LISTINGS and (before["state"], before["pilot_sellers"]) != (state, sellers):
            compliance_reevaluate_request(jurisdiction=jurisdiction, events=["listing.publish"],
                                          cause=f"switch:{feature}:{state}", actor=actor)
    return switch
