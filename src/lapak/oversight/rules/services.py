"""Keeping the compliance rollups current: fold in what was recorded since the watermark, never rescan.

Each refresh works in chunks of CHUNK source rows, one transaction per chunk: lock the watermark(s), read the
rows stamped after them and before the horizon in (time, id) order, add them into the cells, advance. Cells are
written only by a transaction holding their rollup's watermark lock, so two refreshes never fold a row twice and
a cell can be read, added to and written back. Both refreshes are idempotent: with nothing new they fold nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from lapak.compliance.selectors_oversight import (
    DECISION_EVENTS,
    appeals_answered_after,
    appeals_filed_after,
    decisions_after,
    overrides_after,
)
from lapak.oversight.models import RollupWatermark
from lapak.oversight.rollups import register_rollup, rollup_horizon, watermark_advance, watermark_lock
from lapak.oversight.rules.models import AppealCell, CrossBorderRefusal, DecisionCell
from lapak.oversight.rules.periods import Zones, month_of, people_merge

DECISIONS = "oversight_rules.decisions"
# One stream, and watermark, per regulated event: a decision read walks the (event, decided_at) index.
DECISION_STREAMS = tuple(f"{DECISIONS}:{event}" for event in DECISION_EVENTS)
OVERRIDES, APPEALS_FILED, APPEALS_ANSWERED = (
    "oversight_rules.overrides", "oversight_rules.appeals_filed", "oversight_rules.appeals_answered")
APPEALS = "oversight_rules.appeals"  # the rollup of the three streams above
CHUNK = 2000


@dataclass
class _Delta:
    count: int = 0
    without_party: int = 0
    people: set[str] = field(default_factory=set)
    open_people: Counter = field(default_factory=Counter)

    def add(self, person: str, n: int = 1) -> None:
        self.count += n
        if person:
            self.people.add(person)


def _stored(model: type, keys: Iterable[tuple], fields: tuple[str, ...]) -> dict[tuple, object]:
    keys = list(keys)
    rows = model.objects.filter(jurisdiction__in={k[1] for k in keys}, month__in={k[0] for k in keys})
    return {tuple(getattr(row, name) for name in fields): row for row in rows}


# --- Decisions and cross-border refusals ----------------------------------------------------------------------

_CELL_KEY = ("month", "jurisdiction", "event", "rule_id", "outcome")
_REFUSAL_KEY = ("month", "jurisdiction", "rule_id", "subject_id", "person")


def decisions_refresh() -> int:
    """Fold every decision recorded before the horizon and not folded yet; returns how many were folded."""
    until, total = rollup_horizon(), 0
    while True:
        folded, more = _decisions_chunk(until)
        total += folded
        if not more:
            return total


def _decisions_chunk(until: datetime) -> tuple[int, bool]:
    with transaction.atomic():
        marks = [watermark_lock(name) for name in DECISION_STREAMS]  # always locked in this order
        streams = [decisions_after(event=event, position=mark.position, position_id=mark.position_id, until=until,
                                   limit=CHUNK) for event, mark in zip(DECISION_EVENTS, marks, strict=True)]
        zones, cells, refusals = Zones(), defaultdict(_Delta), Counter()
        for fact in (fact for facts in streams for fact in facts):
            month = month_of(fact.at, zones[fact.jurisdiction])
            head = (month, fact.jurisdiction, fact.event)
            overall = cells[(*head, "", fact.outcome)]
            overall.add(fact.person)
            overall.without_party += not fact.names_party
            for rule_id, outcome in fact.findings:
                cells[(*head, rule_id, outcome)].add(fact.person)
            for rule_id in fact.cross_border:
                refusals[(month, fact.jurisdiction, rule_id, fact.subject_id, fact.person)] += 1
        _store_decision_cells(cells)
        _store_refusals(refusals)
        for mark, facts in zip(marks, streams, strict=True):
            if facts:
                watermark_advance(mark, position=facts[-1].at, position_id=facts[-1].id, folded=len(facts))
        return sum(len(facts) for facts in streams), any(len(facts) == CHUNK for facts in streams)


def _store_decision_cells(cells: dict[tuple, _Delta]) -> None:
    stored = _stored(DecisionCell, cells, _CELL_KEY)
    changed, new = [], []
    for key, delta in cells.items():
        row = stored.get(key) or DecisionCell(**dict(zip(_CELL_KEY, key, strict=True)))
        row.decisions += delta.count
        row.without_party += delta.without_party
        row.people = people_merge(list(row.people), delta.people)
        (new if row.pk is None else changed).append(row)
    DecisionCell.objects.bulk_update(changed, ["decisions", "without_party", "people"], batch_size=500)
    DecisionCell.objects.bulk_create(new, batch_size=500)


def _store_refusals(refusals: Counter) -> None:
    if not refusals:
        return
    stored = _stored(CrossBorderRefusal, refusals, _REFUSAL_KEY)
    changed, new = [], []
    for key, n in refusals.items():
        row = stored.get(key) or CrossBorderRefusal(**dict(zip(_REFUSAL_KEY, key, strict=True)))
        row.decisions += n
        (new if row.pk is None else changed).append(row)
    CrossBorderRefusal.objects.bulk_update(changed, ["decisions"], batch_size=500)
    CrossBorderRefusal.objects.bulk_create(new, batch_size=500)


def decisions_rebuild() -> int:
    """Empty the decision rollups and fold every decision again."""
    with transaction.atomic():
        marks = [watermark_lock(name) for name in DECISION_STREAMS]
        DecisionCell.objects.all().delete()
        CrossBorderRefusal.objects.all().delete()
        for mark in marks:
            _rewind(mark)
    return decisions_refresh()


def _rewind(mark: RollupWatermark) -> None:
    # Rewound under its lock rather than deleted, so a refresh queued on the lock finds the row and starts over.
    mark.position, mark.position_id, mark.rows_folded, mark.updated_at = None, 0, 0, timezone.now()
    mark.save(update_fields=["position", "position_id", "rows_folded", "updated_at"])


# --- Overrides and appeals ----------------------------------------------------------------------------------

_APPEAL_KEY = ("month", "jurisdiction", "kind", "status")
_STREAMS = (OVERRIDES, APPEALS_FILED, APPEALS_ANSWERED)  # also the order their watermarks are locked in


def appeals_refresh() -> int:
    """Fold the overrides made, appeals filed and appeals answered since the watermarks; returns how many."""
    until, total = rollup_horizon(), 0
    while True:
        folded, more = _appeals_chunk(until)
        total += folded
        if not more:
            return total


def _appeals_chunk(until: datetime) -> tuple[int, bool]:
    with transaction.atomic():
        marks = [watermark_lock(name) for name in _STREAMS]
        read = {"until": until, "limit": CHUNK}
        overrides = overrides_after(position=marks[0].position, position_id=marks[0].position_id, **read)
        filed = appeals_filed_after(position=marks[1].position, position_id=marks[1].position_id, **read)
        # An answer moves an appeal out of its filing month's "open" cell, so answers wait until every appeal
        # filed before the horizon is folded (an answer always comes after its filing).
        answered = [] if len(filed) == CHUNK else appeals_answered_after(
            position=marks[2].position, position_id=marks[2].position_id, **read)
        zones, cells = Zones(), defaultdict(_Delta)
        for item in overrides:
            month = month_of(item.at, zones[item.jurisdiction])
            cells[(month, item.jurisdiction, AppealCell.Kind.OVERRIDE, item.status)].add(item.person)
        for item in filed:
            _open(cells, item, zones, +1)
        for item in answered:
            _open(cells, item, zones, -1)
            cells[(month_of(item.filed_at, zones[item.jurisdiction]), item.jurisdiction, AppealCell.Kind.APPEAL,
                   item.status)].add(item.person)
        _store_appeal_cells(cells)
        for mark, items in zip(marks, (overrides, filed, answered), strict=True):
            if items:
                watermark_advance(mark, position=items[-1].at, position_id=items[-1].id, folded=len(items))
        more = CHUNK in (len(overrides), len(filed), len(answered))
        return len(overrides) + len(filed) + len(answered), more


def _open(cells: dict[tuple, _Delta], item: object, zones: Zones, n: int) -> None:
    month: date = month_of(item.filed_at, zones[item.jurisdiction])
    delta = cells[(month, item.jurisdiction, AppealCell.Kind.APPEAL, "open")]
    delta.count += n
    if item.person:
        delta.open_people[item.person] += n


def _store_appeal_cells(cells: dict[tuple, _Delta]) -> None:
    if not cells:
        return
    stored = _stored(AppealCell, cells, _APPEAL_KEY)
    changed, new = [], []
    for key, delta in cells.items():
        row = stored.get(key) or AppealCell(**dict(zip(_APPEAL_KEY, key, strict=True)))
        row.count += delta.count
        row.people = people_merge(list(row.people), delta.people)
        if delta.open_people:
            counts = Counter(row.open_people) + Counter()  # a copy without zero entries
            counts.update(delta.open_people)
            row.open_people = {person: n for person, n in sorted(counts.items()) if n > 0}
        (new if row.pk is None else changed).append(row)
    AppealCell.objects.bulk_update(changed, ["count", "people", "open_people"], batch_size=500)
    AppealCell.objects.bulk_create(new, batch_size=500)


def appeals_rebuild() -> int:
    """Empty the override and appeal rollup and fold every override and appeal again."""
    with transaction.atomic():
        marks = [watermark_lock(name) for name in _STREAMS]
        AppealCell.objects.all().delete()
        for mark in marks:
            _rewind(mark)
    return appeals_refresh()


register_rollup(DECISIONS, refresh=decisions_refresh, rebuild=decisions_rebuild)
register_rollup(APPEALS, refresh=appeals_refresh, rebuild=appeals_rebuild)
