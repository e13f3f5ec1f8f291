"""Re-deciding existing listings and sellers when what the rules would answer may have changed, and dry runs
of a draft rule version against them.

A request writes one queued `ReevaluationRun` per event with a registered subject source (subjects.py) in
the caller's transaction and enqueues its task after the commit. The run walks the subjects in batches by
primary key: the facts of a whole batch are read without locks, evaluated in memory against the rules in
force (one rule query per run, one `ReferenceView` per batch), and only the subjects whose answer changed
are handed back to their source, which locks that one row briefly, records a real decision and acts on it.
So a sweep never holds a lock across a batch, and checkout waits at most for one subject's re-decision.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.compliance.access import require_operator
from lapak.compliance.engine import Evaluation, rules_in_force
from lapak.compliance.models import Jurisdiction, Outcome, ReevaluationRun, RuleVersion, VersionStatus
from lapak.compliance.reference import RATE_GRACE, ReferenceView
from lapak.compliance.services import (
    DecisionResult,
    compliance_decide,
    compliance_decide_evaluated,
    compliance_evaluate,
)
from lapak.compliance.subjects import SubjectRow, subject_source
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
EXAMPLES = 10
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


def _enqueue(run_pk: int) -> None:
    from lapak.compliance.tasks import compliance_reevaluation_run  # the task module imports this one

    try:
        compliance_reevaluation_run.enqueue(run_id=run_pk)
    except Exception:
        # The run stays queued; the hourly boundary job enqueues queued runs again.
        logger.exception("Could not enqueue re-evaluation run %s; the hourly job will", run_pk)


def _queue(**fields: object) -> ReevaluationRun:
    run = ReevaluationRun.objects.create(status=QUEUED, **fields)
    transaction.on_commit(partial(_enqueue, run.pk))
    return run


def compliance_reevaluate_request(*, jurisdiction: str, events: list[str], cause: str, actor: str) -> None:
    """Ask for a batched re-decision of the subjects of `events` in `jurisdiction` after the commit of the
    caller's transaction (a rule version activated, a reference table changed, a date boundary passed).

    Guarantees: one queued run per event that has standing subjects (others are ignored), written in the
    caller's transaction, so a rolled-back change requests nothing; the task starts after the commit.
    """
    for event in dict.fromkeys(events):
        if subject_source(event) is None:
            continue
        _queue(jurisdiction=jurisdiction, event=event, cause=cause[:200], dry_run=False,
               on=timezone.localdate(), requested_by=actor[:100])


def rule_version_dry_run(*, version: RuleVersion, actor: object) -> list[ReevaluationRun]:
    """Run a draft version against the existing subjects of its rule's events, changing nothing but the runs'
    own counts: how many allowed now would be refused, how many refused now would be allowed, with examples.

    The version is tried on its first day (or today, if that has passed), with the reference data of that day.
    Guarantees: only an operator, only a draft; one audit event.
    """
    require_operator(actor)
    label = getattr(actor, "public_id", None) or str(actor)
    with transaction.atomic():
        version = RuleVersion.objects.select_related("rule").get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise Conflict(_("Only a draft version can be tried."), code="rule_version_not_draft")
        rule = version.rule
        on = max(timezone.localdate(), version.effective_from)
        runs = [_queue(jurisdiction=rule.jurisdiction, event=event, dry_run=True, candidate=version, on=on,
                       cause=f"dry run of {rule.rule_id} v{version.version}", requested_by=label)
                for event in rule.events if subject_source(event) is not None]
        audit_append(actor=label, action="compliance.rule_version.dry_run", subject_type="rule_version",
                     subject_id=f"{rule.rule_id}/v{version.version}", jurisdiction=rule.jurisdiction,
                     after={"runs": [r.public_id for r in runs], "on": on.isoformat()})
    return runs


def evaluate_rows(*, rows: list[SubjectRow], event: str, jurisdiction: str, rules: list,
                  reference: ReferenceView) -> list[Evaluation]:
    """What `compliance_evaluate` answers for each row, with the rules and reference data read once for the run
    (read per call, three queries a subject would dominate a sweep of a million)."""
    return [compliance_evaluate(event=event, jurisdiction=jurisdiction, facts=row.facts, on=reference.on,
                                reference=reference, rules=rules) for row in rows]


@dataclass
class _Sweep:
    """What a real run has read once and every re-decision of it reuses: the rules, the batch's reference data."""

    rules: list
    reference: ReferenceView


def reevaluation_decide(*, run: ReevaluationRun, subject_type: str, subject_id: str, facts: dict,
                        party: str) -> DecisionResult:
    """Decide a subject of a run for real and record it, as `compliance_decide` does, but with the rules and
    reference data the run already holds (a sweep re-deciding thousands of subjects would otherwise read them
    again for each). Call it with the subject locked and `facts` read under the lock. Outside a walk (or on
    another day than the run's) it is `compliance_decide`."""
    sweep = getattr(run, "sweep", None)
    if sweep is None or run.dry_run or run.on != timezone.localdate():
        return compliance_decide(event=run.event, jurisdiction=run.jurisdiction, subject_type=subject_type,
                                 subject_id=subject_id, facts=facts, actor="system", party=party)
    row = SubjectRow(pk=0, subject_id=subject_id, facts=facts, party=party, allowed_now=True)
    [result] = evaluate_rows(rows=[row], event=run.event, jurisdiction=run.jurisdiction, rules=sweep.rules,
                             reference=sweep.reference)
    return compliance_decide_evaluated(event=run.event, jurisdiction=run.jurisdiction, subject_type=subject_type,
                                       subject_id=subject_id, facts=facts, actor="system", party=party, on=run.on,
                                       result=result)


def _example(row: SubjectRow, evaluation: Evaluation, change: str) -> dict:
    return {"subject_id": row.subject_id, "party": row.party, "change": change, "outcome": evaluation.outcome,
            "reasons": [{k: r.get(k, "") for k in ("rule_id", "version", "message_id", "message_en")}
                        for r in evaluation.reasons]}


def reevaluation_run_execute(*, run_id: int, batch_size: int = BATCH_SIZE) -> ReevaluationRun | None:
    """Walk a queued run's subjects to the end. Guarantees: a run is executed once (claimed by a conditional
    update, so a second delivery of the task does nothing); a dry run changes nothing else; a real run
    re-decides, through the subject's source, only the subjects whose answer changed; counts are saved after
    every batch; an error marks the run failed and is raised."""
    if not ReevaluationRun.objects.filter(pk=run_id, status=QUEUED).update(status=RUNNING, started_at=timezone.now()):
        return None
    run = ReevaluationRun.objects.select_related("candidate__rule").get(pk=run_id)
    try:
        with _relaxed_commits():
            _walk(run, batch_size)
    except Exception:
        ReevaluationRun.objects.filter(pk=run.pk).update(status=FAILED, finished_at=timezone.now())
        raise
    run.status, run.finished_at = DONE, timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run


@contextmanager
def _relaxed_commits() -> Iterator[None]:
    """On PostgreSQL, the run's many small commits do not wait for the disk (synchronous_commit off, this session
    only): a crash may lose the last fraction of a second of them, but each lost commit takes its decision, audit
    event and outbox event with it, the database stays consistent, and the next run re-decides those subjects."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _rate_grace(run: ReevaluationRun) -> timedelta:
    """A dry run of a version that starts weeks ahead uses today's rates: those days' are not published yet."""
    ahead = run.on - timezone.localdate()
    return RATE_GRACE + ahead if run.dry_run and ahead > timedelta(0) else RATE_GRACE


def _walk(run: ReevaluationRun, batch_size: int) -> None:
    source = subject_source(run.event)
    if source is None or not Jurisdiction.objects.filter(code=run.jurisdiction).exists():
        return
    rules = rules_in_force(jurisdiction=run.jurisdiction, event=run.event, on=run.on, candidate=run.candidate)
    after = 0
    while rows := source.batches(run.jurisdiction, after, batch_size):
        after = rows[-1].pk
        rows = [row for row in rows if row.facts is not None]
        reference = ReferenceView(jurisdiction=run.jurisdiction, on=run.on, rate_grace=_rate_grace(run))
        run.sweep = _Sweep(rules=rules, reference=reference)
        results = evaluate_rows(rows=rows, event=run.event, jurisdiction=run.jurisdiction, rules=rules,
                                reference=reference)
        for row, result in zip(rows, results, strict=True):
            allowed = result.outcome == Outcome.ALLOW
            if row.allowed_now == allowed:
                continue
            if allowed:
                run.restored += 1  # counted only: the seller resubmits or resumes, and is decided then
                change = "allowed"
            elif run.dry_run or source.apply(row.subject_id, result, run):
                run.changed += 1
                change = "refused"
            else:
                continue
            if len(run.examples) < EXAMPLES:
                run.examples.append(_example(row, result, change))
        run.examined += len(rows)
        run.save(update_fields=["examined", "changed", "restored", "examples"])


def reevaluation_runs_requeue(*, older_than_minutes: int = 30) -> int:
    """Enqueue again the runs still queued after a while (their task was lost before it started)."""
    stale = list(ReevaluationRun.objects.filter(
        status=QUEUED, started_at__lt=timezone.now() - timedelta(minutes=older_than_minutes),
    ).values_list("pk", flat=True))
    for pk in stale:
        _enqueue(pk)
    return len(stale)
