"""Versions of a rule: an operator drafts one (parameters checked by the rule's evaluator), may try it as a dry
run (reevaluation.py), then activates or withdraws it. The active set of a rule never changes partly: each
change runs in one transaction under the rule's row lock and is audited."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticError

from lapak.compliance.access import require_operator
from lapak.compliance.evaluators import EVALUATORS
from lapak.compliance.models import Rule, RuleVersion, VersionStatus
from lapak.compliance.reevaluation import compliance_reevaluate_request
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, ValidationFailed

NOTE_MAX = 2000


def actor_name(actor: object) -> str:
    return getattr(actor, "public_id", None) or str(actor)


def _pydantic_message(error: Mapping) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This parameter is required.")
    if kind == "extra_forbidden":
        return _("This rule has no such parameter.")
    return _("The value is not valid (%(detail)s).") % {"detail": error.get("msg", "")}


def rule_parameters_check(rule: Rule, raw: object) -> dict:
    """The parameters as the rule's evaluator accepts them, or ValidationFailed with `parameters.<name>` fields."""
    if not isinstance(raw, dict):
        raise ValidationFailed(_("The parameters are not valid."),
                               fields={"parameters": [_("The parameters must be a JSON object.")]})
    evaluator = EVALUATORS.get(rule.evaluator)
    if evaluator is None:  # a pack names an evaluator this code does not have: nothing can be checked
        raise ValidationFailed(fields={"parameters": [_("This rule's evaluator is unknown.")]})
    try:
        evaluator.parameters(raw)
    except PydanticError as exc:
        fields: dict[str, list[str]] = {}
        for error in exc.errors():
            name = ".".join(["parameters", *(str(part) for part in error.get("loc", ()))])
            fields.setdefault(name, []).append(_pydantic_message(error))
        raise ValidationFailed(_("The parameters are not valid."), fields=fields) from None
    return raw


def _dates_check(rule: Rule, effective_from: date | None, effective_until: date | None) -> None:
    fields: dict[str, list[str]] = {}
    if effective_from is None:
        fields["effective_from"] = [_("Give the first day the version is in force.")]
    elif effective_from < timezone.localdate():
        fields["effective_from"] = [_("A new version cannot start in the past.")]
    elif effective_from < rule.effective_from:
        fields["effective_from"] = [_("The rule itself is in force only from %(day)s.") % {
            "day": rule.effective_from.isoformat()}]
    if effective_until is not None and effective_from is not None and effective_until < effective_from:
        fields["effective_until"] = [_("The last day cannot be before the first.")]
    elif effective_until is not None and rule.effective_until and effective_until > rule.effective_until:
        fields["effective_until"] = [_("The rule itself is in force only until %(day)s.") % {
            "day": rule.effective_until.isoformat()}]
    if fields:
        raise ValidationFailed(_("The dates are not valid."), fields=fields)


def _snapshot(version: RuleVersion) -> dict:
    return {"version": version.version, "status": version.status, "parameters": version.parameters,
            "effective_from": version.effective_from.isoformat(),
            "effective_until": version.effective_until and version.effective_until.isoformat()}


def _audit(version: RuleVersion, verb: str, actor: str, before: dict | None, after: dict | None) -> None:
    audit_append(actor=actor, action=f"compliance.rule_version.{verb}", subject_type="rule_version",
                 subject_id=f"{version.rule.rule_id}/v{version.version}", jurisdiction=version.rule.jurisdiction,
                 before=before, after=after)


def rule_version_draft(*, rule: Rule, parameters: object, effective_from: date | None,
                       effective_until: date | None = None, note: str = "", actor: object) -> RuleVersion:
    """Create the next version of `rule` as a draft (in force nowhere until activated).

    Guarantees: only an operator; the parameters are a JSON object the rule's evaluator parses (else
    ValidationFailed naming `parameters.<name>`); the dates lie inside the rule's own and start no earlier
    than today; version numbers are unique per rule even when two drafts are made at once (rule row lock);
    one audit event.
    """
    require_operator(actor)
    parameters = rule_parameters_check(rule, parameters)
    _dates_check(rule, effective_from, effective_until)
    if len(note) > NOTE_MAX:
        raise ValidationFailed(fields={"note": [_("The note is too long.")]})
    with transaction.atomic():
        locked = Rule.objects.select_for_update().get(pk=rule.pk)
        number = (locked.versions.aggregate(n=Max("version"))["n"] or 0) + 1
        version = RuleVersion.objects.create(
            rule=locked, version=number, parameters=parameters, effective_from=effective_from,
            effective_until=effective_until, note=note.strip(), status=VersionStatus.DRAFT,
            created_by=actor_name(actor))
        _audit(version, "draft", actor_name(actor), None, _snapshot(version))
    return version


def _overlaps(a_from: date, a_until: date | None, b_from: date, b_until: date | None) -> bool:
    return (b_until is None or a_from <= b_until) and (a_until is None or b_from <= a_until)


def rule_version_activate(*, version: RuleVersion, actor: object) -> RuleVersion:
    """Put a draft version in force for its dates.

    Guarantees: only an operator and only a draft; the rule's row is locked first, so of two activations
    racing for overlapping dates exactly one succeeds and the other gets Conflict; a version whose dates
    overlap another active version of the rule is refused, except that an active predecessor with no end
    that starts earlier is closed the day before this one starts; the change and the closing are audited in
    the same transaction; re-evaluation of the rule's events is requested for after the commit when the
    version is in force already.
    """
    require_operator(actor)
    label = actor_name(actor)
    with transaction.atomic():
        rule = Rule.objects.select_for_update().get(pk=version.rule_id)
        locked = RuleVersion.objects.select_related("rule").get(pk=version.pk)
        if locked.status != VersionStatus.DRAFT:
            raise Conflict(_("Only a draft version can be activated; this one is “%(status)s”.") % {
                "status": locked.get_status_display()}, code="rule_version_not_draft")
        _dates_check(rule, locked.effective_from, locked.effective_until)
        others = list(rule.versions.filter(status=VersionStatus.ACTIVE).exclude(pk=locked.pk).order_by("version"))
        closing = [v for v in others if v.effective_until is None and v.effective_from < locked.effective_from]
        clashes = [v for v in others if v not in closing and _overlaps(
            locked.effective_from, locked.effective_until, v.effective_from, v.effective_until)]
        if clashes:
            raise Conflict(_("The dates overlap those of an active version."), code="rule_version_overlap", fields={
                "effective_from": [_("Version %(n)s is in force from %(start)s until %(end)s.") % {
                    "n": v.version, "start": v.effective_from.isoformat(),
                    "end": v.effective_until.isoformat() if v.effective_until else _("further notice")}
                    for v in clashes]})
        for predecessor in closing:
            before = _snapshot(predecessor)
            predecessor.effective_until = locked.effective_from - timedelta(days=1)
            predecessor.save(update_fields=["effective_until"])
            _audit(predecessor, "close", label, before, _snapshot(predecessor))
        before = _snapshot(locked)
        locked.status, locked.activated_by, locked.activated_at = VersionStatus.ACTIVE, label, timezone.now()
        locked.save(update_fields=["status", "activated_by", "activated_at"])
        _audit(locked, "activate", label, before, _snapshot(locked))
        if locked.effective_from <= timezone.localdate():
            # A version starting later is picked up by the daily date-boundary job on its first day.
            compliance_reevaluate_request(jurisdiction=rule.jurisdiction, events=list(rule.events),
                                          cause=f"rule {rule.rule_id} v{locked.version} activated", actor=label)
    return locked


def rule_version_withdraw(*, version: RuleVersion, actor: object) -> RuleVersion:
    """Withdraw a draft (it stays on record, in force nowhere). Guarantees: only an operator, only a draft
    (an active version is ended by activating its successor); one audit event."""
    require_operator(actor)
    with transaction.atomic():
        Rule.objects.select_for_update().get(pk=version.rule_id)
        locked = RuleVersion.objects.select_related("rule").get(pk=version.pk)
        if locked.status != VersionStatus.DRAFT:
            raise Conflict(_("Only a draft version can be withdrawn; this one is “%(status)s”.") % {
                "status": locked.get_status_display()}, code="rule_version_not_draft")
        before = _snapshot(locked)
        locked.status = VersionStatus.WITHDRAWN
        locked.save(update_fields=["status"])
        _audit(locked, "withdraw", actor_name(actor), before, _snapshot(locked))
    return locked
