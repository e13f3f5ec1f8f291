"""Kill switches and pilots: which features a jurisdiction has suspended (or runs for listed sellers only), read
fresh for every decision, and the findings a suspended feature adds to a decision.

The features are data here, not imported from the marketplace (compliance never imports market): the three
business features, and `payment_method:<method>` or `payment_method:<method>_<bank or wallet>` for a payment
method. The list below is what the console offers; any well-formed `payment_method:` name is accepted, so a
method payments adds later can be switched before this list learns its label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapak.compliance.models import FeatureSwitch, SwitchState
from lapak.compliance.reference import ReferenceView
from lapak.core.audit.models import AuditEvent

LIVE_SHOPPING, CROSS_BORDER, FIRST_PARTY = "live_shopping", "cross_border", "first_party"
PAYMENT_METHOD = "payment_method:"
PAYMENT_METHOD_NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)?")
MAX_FEATURE_LENGTH = 40  # FeatureSwitch.feature
AUDIT_ACTION, AUDIT_SUBJECT = "compliance.switch.changed", "feature_switch"
# Changing these changes what listing.publish answers for existing listings: a re-evaluation is asked for.
REDECIDES_LISTINGS = frozenset({CROSS_BORDER, FIRST_PARTY})

_PAYMENT_LABELS: dict[str, str | Promise] = {
    "qris": _("QRIS"), "va": _("Every bank virtual account"), "va_bca": _("BCA virtual account"),
    "va_bni": _("BNI virtual account"), "va_bri": _("BRI virtual account"),
    "va_cimb": _("CIMB Niaga virtual account"), "va_permata": _("Permata virtual account"),
    "va_mandiri": _("Mandiri bill payment"), "ewallet": _("Every e-wallet"), "ewallet_gopay": "GoPay",
    "ewallet_shopeepay": "ShopeePay", "card": _("Credit and debit cards"), "cod": _("Cash on delivery"),
}
FEATURES: dict[str, str | Promise] = {
    LIVE_SHOPPING: _("Live shopping"),
    CROSS_BORDER: _("Direct cross-border listings and orders"),
    FIRST_PARTY: _("First-party retail (the platform or an affiliate selling)"),
    **{f"{PAYMENT_METHOD}{name}": label for name, label in _PAYMENT_LABELS.items()},
}


def feature_known(feature: str) -> bool:
    """A feature the console and the engine understand: one of the named ones, or a well-formed payment method."""
    if feature in FEATURES:
        return True
    name = feature.removeprefix(PAYMENT_METHOD)
    return (name != feature and len(feature) <= MAX_FEATURE_LENGTH
            and PAYMENT_METHOD_NAME.fullmatch(name) is not None)


def feature_label(feature: str) -> str:
    """The feature's name for people, in the active language."""
    if feature in FEATURES:
        label = FEATURES[feature]
        if feature.startswith(PAYMENT_METHOD):
            return str(_("Payment method: %(name)s") % {"name": label})
        return str(label)
    return feature


@dataclass(frozen=True)
class Availability:
    enabled: bool
    state: str
    reason: str = ""  # why not, in the active language; "" when enabled


def switch_availability(switch: FeatureSwitch | None, *, feature: str,
                        sellers: Iterable[str | None] = ()) -> Availability:
    """What a switch row means for a use by `sellers` (all must be allowed): no row or "on" is on; "off" is off;
    "pilot" is on only when every seller named is on the pilot list (and off when no seller is named)."""
    if switch is None or switch.state == SwitchState.ON:
        return Availability(True, SwitchState.ON)
    label = feature_label(feature)
    if switch.state == SwitchState.PILOT:
        listed = set(switch.pilot_sellers or [])
        wanted = [s for s in sellers if s]
        if wanted and all(s in listed for s in wanted):
            return Availability(True, SwitchState.PILOT)
        return Availability(False, SwitchState.PILOT, str(
            _("%(feature)s runs as a pilot for selected sellers only (%(reason)s).")
            % {"feature": label, "reason": switch.reason}))
    return Availability(False, SwitchState.OFF, str(
        _("%(feature)s is suspended by the platform (%(reason)s).") % {"feature": label, "reason": switch.reason}))


def switches_of(*, jurisdiction: str, features: Iterable[str] | None = None) -> dict[str, FeatureSwitch]:
    """The stored switches of a jurisdiction (all, or those of `features`), read now: one query, no cache."""
    rows = FeatureSwitch.objects.filter(jurisdiction=jurisdiction)
    if features is not None:
        rows = rows.filter(feature__in=list(features))
    return {row.feature: row for row in rows}


def compliance_feature_enabled(*, jurisdiction: str, feature: str, seller: str | None = None) -> tuple[bool, str]:
    """Whether `feature` may be used in `jurisdiction` (by `seller`, an organisation public id) right now, and why
    not in the active language. No row means on; a pilot lets only its listed sellers in."""
    found = switch_availability(switches_of(jurisdiction=jurisdiction, features=[feature]).get(feature),
                                feature=feature, sellers=[seller])
    return found.enabled, found.reason


@dataclass(frozen=True)
class SwitchRow:
    jurisdiction: str
    feature: str
    label: str
    state: str
    reason: str = ""
    pilot_sellers: tuple[str, ...] = ()
    changed_by: str = ""
    changed_at: datetime | None = None  # None: never changed (on by default)


def switch_board(*, jurisdiction: str) -> list[SwitchRow]:
    """Every feature of a jurisdiction with its state now: the known features (on unless a row says otherwise)
    and any other stored switch, in the order of FEATURES."""
    stored = switches_of(jurisdiction=jurisdiction)
    names = list(FEATURES) + sorted(set(stored) - set(FEATURES))
    rows = []
    for feature in names:
        row = stored.get(feature)
        if row is None:
            rows.append(SwitchRow(jurisdiction, feature, feature_label(feature), SwitchState.ON.value))
        else:
            rows.append(SwitchRow(jurisdiction, feature, feature_label(feature), row.state, row.reason,
                                  tuple(row.pilot_sellers or ()), row.changed_by, row.changed_at))
    return rows


def switch_subject_id(jurisdiction: str, feature: str) -> str:
    return f"{jurisdiction}:{feature}"


def switch_history(*, jurisdiction: str, feature: str | None = None, limit: int = 100) -> list[AuditEvent]:
    """The audited changes of a jurisdiction's switches (or of one), newest first, from the audit log."""
    events = AuditEvent.objects.filter(action=AUDIT_ACTION, subject_type=AUDIT_SUBJECT, jurisdiction=jurisdiction)
    if feature is not None:
        events = events.filter(subject_id=switch_subject_id(jurisdiction, feature))
    return list(events.order_by("-occurred_at", "-id")[:limit])


# --- Findings for decisions -----------------------------------------------------------------------------------


def _uses(event: str, facts: Mapping) -> dict[str, list[Mapping]]:
    """Feature -> the parts of the facts (the listing, each order line, the content) that use it."""
    parts: list[Mapping]
    if event == "listing.publish":
        parts = [facts]
    elif event == "checkout.place":
        parts = [line for line in facts.get("lines") or [] if isinstance(line, Mapping)]
    elif event == "content.publish":
        return {LIVE_SHOPPING: [facts]} if facts.get("kind") == "live" else {}
    else:
        return {}
    uses: dict[str, list[Mapping]] = {}
    for part in parts:
        if part.get("origin") == "cross_border_direct":
            uses.setdefault(CROSS_BORDER, []).append(part)
        if part.get("seller_type") == "first_party":
            uses.setdefault(FIRST_PARTY, []).append(part)
    return uses


_TITLE = {SwitchState.OFF: _("Suspended: %(feature)s"), SwitchState.PILOT: _("Pilot only: %(feature)s")}
_MESSAGE = {
    SwitchState.OFF: _("The platform has suspended %(feature)s in this market for now. The operator's reason: "
                       "%(reason)s"),
    SwitchState.PILOT: _("%(feature)s runs as a pilot in this market, for selected sellers only. The operator's "
                         "reason: %(reason)s"),
}
_REMEDY = {
    SwitchState.OFF: _("Nothing needs to change on your side; this is allowed again when the suspension is lifted."),
    SwitchState.PILOT: _("Ask the platform to join the pilot, or wait until the feature is open to every seller."),
}


def _reason(feature: str, switch: FeatureSwitch, refused: list[Mapping]) -> dict:
    texts: dict[str, dict[str, str]] = {}
    for language in ("id", "en"):
        with translation.override(language):
            values = {"feature": feature_label(feature), "reason": switch.reason}
            texts[language] = {"title": str(_TITLE[switch.state]) % values,
                               "message": str(_MESSAGE[switch.state]) % values,
                               "remedy": str(_REMEDY[switch.state])}
    evidence = {"feature": feature, "state": switch.state, "changed_at": switch.changed_at.isoformat()}
    products = sorted({str(p["product"]) for p in refused if p.get("product")})
    if products:
        evidence["products"] = products
    return {"rule_id": f"SWITCH:{feature}", "version": 0, "outcome": "deny",
            "title_id": texts["id"]["title"], "title_en": texts["en"]["title"], "legal_basis": "",
            "message_id": texts["id"]["message"], "message_en": texts["en"]["message"],
            "remedy_id": texts["id"]["remedy"], "remedy_en": texts["en"]["remedy"], "evidence": evidence}


def switch_reasons(*, event: str, facts: Mapping, reference: ReferenceView) -> list[dict]:
    """Reasons (in the shape of rule reasons, rule id `SWITCH:<feature>`) a switched-off feature adds: one per
    feature, denying, when the listing, an order line or the content uses a feature that is off, or in pilot
    for a seller not on its list. The switches are read through `reference` (once per decision, never cached
    across decisions), so a change takes effect with the next decision."""
    reasons = []
    for feature, parts in _uses(event, facts).items():
        switch = reference.switch(feature)
        refused = [p for p in parts if not switch_availability(
            switch, feature=feature, sellers=[p.get("seller")]).enabled]
        if refused and switch is not None:
            # Only an order names its refused lines; a listing or a post is the subject itself.
            reasons.append(_reason(feature, switch, refused if event == "checkout.place" else []))
    return reasons
