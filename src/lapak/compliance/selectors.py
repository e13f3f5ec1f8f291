"""Reading recorded decisions, their overrides and appeals: for the affected party, operators and regulators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from lapak.compliance.access import readable_jurisdictions
from lapak.compliance.models import Appeal, AppealStatus, Decision, Jurisdiction, Outcome
from lapak.core.errors import NotFound

APPEALABLE = frozenset({Outcome.DENY, Outcome.REVIEW})


@dataclass(frozen=True)
class DecisionFilters:
    """What a console or API reader narrows the decisions by; empty values mean "any"."""

    jurisdiction: str = ""
    event: str = ""
    outcome: str = ""
    rule_id: str = ""
    party: str = ""
    subject_type: str = ""
    subject_id: str = ""
    since: date | None = None
    until: date | None = None
    appeal: str = ""  # an appeal status ("open": the operators' queue)


def _decisions() -> QuerySet[Decision]:
    return Decision.objects.select_related("override", "appeal").order_by("-decided_at", "-pk")


def decisions_search(*, jurisdictions: list[str] | None, filters: DecisionFilters) -> QuerySet[Decision]:
    """Decisions newest first, within `jurisdictions` (None: every one), narrowed by `filters`.

    The rule filter matches decisions where that rule gave a reason (a deny or review finding), which is what a
    reader looking for "refusals under ID-XB-1" means; the stored JSON is compared as text, which is the same
    on SQLite and PostgreSQL because both print it with ", " and ": " separators."""
    rows = _decisions()
    if jurisdictions is not None:
        rows = rows.filter(jurisdiction__in=jurisdictions)
    f = filters
    exact = {"jurisdiction": f.jurisdiction, "event": f.event, "outcome": f.outcome, "party": f.party,
             "subject_type": f.subject_type, "subject_id": f.subject_id}
    rows = rows.filter(**{name: value for name, value in exact.items() if value})
    if f.appeal:
        rows = rows.filter(appeal__status=f.appeal)
    if f.since is not None:
        rows = rows.filter(decided_at__date__gte=f.since)
    if f.until is not None:
        rows = rows.filter(decided_at__date__lte=f.until)
    if f.rule_id:
        needle = '"rule_id": "' + f.rule_id.replace('"', "") + '"'
        rows = rows.annotate(reasons_text=Cast("reasons", TextField())).filter(reasons_text__contains=needle)
    return rows


def decisions_for_reader(*, user: object, filters: DecisionFilters) -> QuerySet[Decision]:
    """What an operator (everything) or a regulator (their jurisdictions) may list; nothing for anyone else."""
    return decisions_search(jurisdictions=readable_jurisdictions(user), filters=filters)


def decisions_for_party(*, party: str, outcome: str = "") -> QuerySet[Decision]:
    """A seller organisation's decisions (by its public id), newest first. The caller checks membership."""
    if not party:
        return Decision.objects.none()
    return decisions_search(jurisdictions=None, filters=DecisionFilters(party=party, outcome=outcome))


def decisions_for_subject(*, subject_type: str, subject_id: str) -> QuerySet[Decision]:
    return decisions_search(jurisdictions=None, filters=DecisionFilters(subject_type=subject_type,
                                                                        subject_id=subject_id))


def decision_get(*, public_id: str) -> Decision:
    """One decision with its override and appeal; NotFound otherwise."""
    decision = _decisions().filter(public_id=str(public_id)[:64]).first()
    if decision is None:
        raise NotFound(_("There is no such decision."), code="decision_not_found")
    return decision


def decision_for_reader(*, user: object, public_id: str) -> Decision:
    """The decision if `user` may read it (an operator, or a regulator of its jurisdiction); NotFound otherwise,
    so a regulator cannot learn that another jurisdiction's decision exists."""
    decision = decision_get(public_id=public_id)
    jurisdictions = readable_jurisdictions(user)
    if jurisdictions is not None and decision.jurisdiction not in jurisdictions:
        raise NotFound(_("There is no such decision."), code="decision_not_found")
    return decision


def decision_for_party(*, party: str, public_id: str) -> Decision:
    """The decision if it is about `party`; NotFound otherwise (another shop's decisions are not confirmed)."""
    decision = decision_get(public_id=public_id)
    if not party or decision.party != party:
        raise NotFound(_("There is no such decision."), code="decision_not_found")
    return decision


def decision_is_latest(decision: Decision) -> bool:
    """Whether no later decision was recorded about the same subject (an override of an older one is history)."""
    later = Decision.objects.filter(subject_type=decision.subject_type, subject_id=decision.subject_id,
                                    event=decision.event, decided_at__gt=decision.decided_at)
    return not later.exists()


def effective_outcome(decision: Decision) -> str:
    """The outcome that stands: an operator's override, else the recorded one."""
    override = override_of(decision)
    return override.outcome if override is not None else decision.outcome


def override_of(decision: Decision) -> object | None:
    return decision.override if _has(decision, "override") else None


def appeal_of(decision: Decision) -> Appeal | None:
    return decision.appeal if _has(decision, "appeal") else None


def decision_appealable(decision: Decision) -> bool:
    """A deny or review that no operator has overridden and that has not been appealed yet."""
    return decision.outcome in APPEALABLE and override_of(decision) is None and appeal_of(decision) is None


def _has(decision: Decision, relation: str) -> bool:
    try:
        getattr(decision, relation)
    except ObjectDoesNotExist:
        return False
    return True


def appeals_search(*, jurisdictions: list[str] | None, status: str = "") -> QuerySet[Appeal]:
    """Appeals, oldest open first when filtering by "open" (the queue), else newest first."""
    rows = Appeal.objects.select_related("decision", "decision__override")
    if jurisdictions is not None:
        rows = rows.filter(decision__jurisdiction__in=jurisdictions)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("filed_at", "pk") if status == AppealStatus.OPEN else rows.order_by("-filed_at", "-pk")


def appeals_for_reader(*, user: object, status: str = "") -> QuerySet[Appeal]:
    return appeals_search(jurisdictions=readable_jurisdictions(user), status=status)


def appeal_get(*, public_id: str) -> Appeal:
    appeal = Appeal.objects.select_related("decision").filter(public_id=str(public_id)[:64]).first()
    if appeal is None:
        raise NotFound(_("There is no such appeal."), code="appeal_not_found")
    return appeal


def jurisdiction_codes() -> list[str]:
    """Every jurisdiction's code, sorted."""
    return list(Jurisdiction.objects.order_by("code").values_list("code", flat=True))
