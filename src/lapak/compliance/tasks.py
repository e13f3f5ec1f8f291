"""Compliance's tasks: executing a re-evaluation run, and the date-boundary job that requests one when a rule,
a rule version, a positive list, a certificate requirement, a dated rule parameter (ID-PRD-2's halal dates)
or a weekly exchange rate starts or stops applying today."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from lapak.compliance.evaluators import EVALUATORS
from lapak.compliance.models import (
    CertificateRequirement,
    HsListVersion,
    Jurisdiction,
    ReevaluationRun,
    Rule,
    RuleVersion,
    VersionStatus,
)
from lapak.compliance.reevaluation import (
    compliance_reevaluate_request,
    reevaluation_run_execute,
    reevaluation_runs_requeue,
)
from lapak.compliance.reference import in_force
from lapak.core.tasks.periodic import periodic

LISTING = "listing.publish"
BOUNDARY_ACTOR = "system:date-boundary"


@task
def compliance_reevaluation_run(run_id: int) -> dict:
    run = reevaluation_run_execute(run_id=run_id)
    if run is None:
        return {"run": run_id, "skipped": True}
    return {"run": run.public_id, "examined": run.examined, "changed": run.changed, "restored": run.restored}


def _starts_or_ends(on: date, start: str = "effective_from", end: str = "effective_until") -> Q:
    return Q(**{start: on}) | Q(**{end: on - timedelta(days=1)})


def _dated_parameters(version: RuleVersion, on: date) -> bool:
    """Whether a parameter of the version is a date that is today (ID-PRD-2: micro and small from …)."""
    evaluator = EVALUATORS.get(version.rule.evaluator)
    if evaluator is None:
        return False
    params = evaluator.parameters(version.parameters)
    return any(isinstance(value, date) and value == on for value in params.model_dump().values())


def compliance_boundaries(*, on: date) -> dict[str, set[str]]:
    """The jurisdictions whose answers may change today because something dated starts or ends, with the
    events concerned."""
    found: dict[str, set[str]] = defaultdict(set)
    for rule in Rule.objects.filter(_starts_or_ends(on)):
        found[rule.jurisdiction].update(rule.events)
    versions = RuleVersion.objects.filter(status=VersionStatus.ACTIVE).select_related("rule")
    for version in versions.filter(_starts_or_ends(on)):
        found[version.rule.jurisdiction].update(version.rule.events)
    for version in versions.filter(in_force(on)):
        if _dated_parameters(version, on):
            found[version.rule.jurisdiction].update(version.rule.events)
    for model in (HsListVersion, CertificateRequirement):
        rows = model.objects.filter(_starts_or_ends(on))
        if model is HsListVersion:
            rows = rows.filter(status=VersionStatus.ACTIVE)
        for jurisdiction in rows.values_list("jurisdiction", flat=True).distinct():
            found[jurisdiction].add(LISTING)
    # A new weekly rate is not a boundary: the rupiah floor is checked at the rate in force when a listing is
    # decided (published, edited, resumed), and the FOB value in dollars does not move with the rate.
    return dict(found)


def compliance_date_boundaries_request(*, on: date | None = None) -> list[ReevaluationRun]:
    """Request the day's boundary re-evaluations once: a second call on the same day requests nothing more
    (the jurisdiction's row is locked while its runs of the day are looked for and written)."""
    on = on or timezone.localdate()
    cause = f"date boundary {on.isoformat()}"
    created: list[ReevaluationRun] = []
    for jurisdiction, events in sorted(compliance_boundaries(on=on).items()):
        with transaction.atomic():
            if not Jurisdiction.objects.select_for_update().filter(code=jurisdiction).exists():
                continue
            done = set(ReevaluationRun.objects.filter(jurisdiction=jurisdiction, cause=cause, dry_run=False)
                       .values_list("event", flat=True))
            before = set(ReevaluationRun.objects.values_list("pk", flat=True).filter(cause=cause))
            compliance_reevaluate_request(jurisdiction=jurisdiction, events=sorted(events - done), cause=cause,
                                          actor=BOUNDARY_ACTOR)
            created += list(ReevaluationRun.objects.filter(cause=cause).exclude(pk__in=before))
    return created


# Hourly, though it acts once a day: a scheduler that was down at midnight still catches the day's boundaries.
@periodic(every=timedelta(hours=1), name="compliance.date_boundaries")
@task
def compliance_date_boundaries() -> dict:
    runs = compliance_date_boundaries_request()
    return {"requested": [r.public_id for r in runs], "requeued": reevaluation_runs_requeue()}
