"""Compliance records as the oversight portal reads them: plain values, never models. Oversight reads compliance
only through this module, and compliance imports neither market nor oversight (ADR 0014).

Streams (`…_after`) hand a rollup the records stamped after its watermark, in (time, id) order, from the primary;
grouped counts compute the same figures from scratch over whole months. Both use these definitions, so the two
ways agree by construction:
- `decision_person`: who a decision is about;
- `decision_findings`: each rule version a decision evaluated, with that rule's own outcome ("n/a" when it did
  not apply), plus the findings no rule version carries (a kill switch, a missing rule pack);
- `cross_border_refusals`: the jurisdiction's cross-border rules (`<code>-XB-*`) that refused a listing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, router
from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncMonth

from lapak.compliance.models import Appeal, Decision, DecisionOverride, Jurisdiction, Rule
from lapak.compliance.services import REGULATED_EVENTS
from lapak.compliance.switches import AUDIT_ACTION, AUDIT_SUBJECT, feature_label, switch_board
from lapak.core.audit.models import AuditEvent

USER_PREFIX = "usr_"  # accounts' public ids: the user who acted, when a decision names no organisation
EXTRA_FINDING_PREFIXES = ("SWITCH:", "NO-PACK")
LISTING_SUBJECTS = ("product", "listing")
DECISION_EVENTS = tuple(sorted(REGULATED_EVENTS))  # every decision is about one (compliance_evaluate refuses others)
MonthSpan = tuple[date, datetime, datetime]  # a month's first day, and its start and end as instants


def decision_person(party: str, actor: str) -> str:
    """The party a decision is about: the seller organisation it names; else the user who acted (the buyer
    placing an order, the creator starting a live); "" when neither (a system job about no one)."""
    if party:
        return party
    return actor if actor.startswith(USER_PREFIX) else ""


def decision_findings(rule_versions: Sequence[Mapping], reasons: Sequence[Mapping]) -> list[tuple[str, str]]:
    found = [(str(v.get("rule_id", "")), str(v.get("outcome", ""))) for v in rule_versions]
    found += [(str(r.get("rule_id", "")), str(r.get("outcome", ""))) for r in reasons
              if str(r.get("rule_id", "")).startswith(EXTRA_FINDING_PREFIXES)]
    return found


def cross_border_refusals(*, jurisdiction: str, subject_type: str, outcome: str, reasons: Sequence[Mapping]
                          ) -> set[str]:
    if subject_type not in LISTING_SUBJECTS or outcome != "deny":
        return set()
    prefix = f"{jurisdiction}-XB-"
    return {str(r.get("rule_id")) for r in reasons
            if str(r.get("rule_id", "")).startswith(prefix) and r.get("outcome") == "deny"}


def jurisdiction_time_zone(code: str) -> str:
    """The zone whose calendar months a jurisdiction's figures use (the site's zone for an unknown one)."""
    found = Jurisdiction.objects.filter(code=code).values_list("time_zone", flat=True).first()
    return found or settings.TIME_ZONE


def switch_feature_name(feature: str) -> str:
    return feature_label(feature)  # in the active language


def rule_titles(*, jurisdiction: str) -> dict[str, tuple[str, str]]:
    """rule id -> (Indonesian title, English title), for the pack's rules."""
    return {rule_id: (title_id, title_en) for rule_id, title_id, title_en in
            Rule.objects.filter(jurisdiction=jurisdiction).values_list("rule_id", "title_id", "title_en")}


# --- Streams for the rollups --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionFact:
    id: int
    at: datetime
    jurisdiction: str
    event: str
    outcome: str
    person: str
    names_party: bool
    findings: tuple[tuple[str, str], ...]
    cross_border: tuple[str, ...]  # the rules that refused the listing
    subject_id: str


def _after(rows: Any, field: str, *, position: datetime | None, position_id: int, until: datetime, limit: int
           ) -> Any:
    rows = rows.using(router.db_for_write(rows.model)).filter(**{f"{field}__lt": until})
    if position is not None:
        # The redundant `>=` bounds the index range; the rest breaks ties at the watermark by id.
        rows = rows.filter(Q(**{f"{field}__gt": position}) | Q(**{field: position, "id__gt": position_id}),
                           **{f"{field}__gte": position})
    return rows.order_by(field, "id")[:limit]


def decisions_after(*, event: str, position: datetime | None, position_id: int, until: datetime, limit: int
                    ) -> list[DecisionFact]:
    """Up to `limit` decisions of `event` stamped after (position, position_id) and before `until`, oldest first.
    Each event is a stream of its own, so the read walks the decisions' (event, decided_at) index."""
    rows = _after(Decision.objects.filter(event=event), "decided_at", position=position, position_id=position_id,
                  until=until, limit=limit).values_list(
        "id", "decided_at", "jurisdiction", "event", "outcome", "party", "actor", "subject_type", "subject_id",
        "rule_versions", "reasons")
    facts = []
    for pk, at, code, event, outcome, party, actor, subject_type, subject_id, versions, reasons in rows:
        facts.append(DecisionFact(
            id=pk, at=at, jurisdiction=code, event=event, outcome=outcome, person=decision_person(party, actor),
            names_party=bool(party), findings=tuple(decision_findings(versions or [], reasons or [])),
            cross_border=tuple(sorted(cross_border_refusals(jurisdiction=code, subject_type=subject_type,
                                                            outcome=outcome, reasons=reasons or []))),
            subject_id=subject_id))
    return facts


@dataclass(frozen=True)
class ActionFact:
    """An override ("status": "<outcome before>_to_<outcome after>") or an appeal filed or answered."""

    id: int
    at: datetime  # made, filed or answered
    filed_at: datetime
    jurisdiction: str
    status: str
    person: str


def overrides_after(*, position: datetime | None, position_id: int, until: datetime, limit: int
                    ) -> list[ActionFact]:
    rows = _after(DecisionOverride.objects, "created_at", position=position, position_id=position_id, until=until,
                  limit=limit).values_list("id", "created_at", "decision__jurisdiction", "decision__outcome",
                                           "outcome", "decision__party", "decision__actor")
    return [ActionFact(pk, at, at, code, f"{before}_to_{after}", decision_person(party, actor))
            for pk, at, code, before, after, party, actor in rows]


def appeals_filed_after(*, position: datetime | None, position_id: int, until: datetime, limit: int
                        ) -> list[ActionFact]:
    rows = _after(Appeal.objects, "filed_at", position=position, position_id=position_id, until=until,
                  limit=limit).values_list("id", "filed_at", "decision__jurisdiction", "party")
    return [ActionFact(pk, at, at, code, "open", decision_person(party, "")) for pk, at, code, party in rows]


def appeals_answered_after(*, position: datetime | None, position_id: int, until: datetime, limit: int
                           ) -> list[ActionFact]:
    rows = _after(Appeal.objects.filter(answered_at__isnull=False), "answered_at", position=position,
                  position_id=position_id, until=until, limit=limit
                  ).values_list("id", "answered_at", "filed_at", "decision__jurisdiction", "status", "party")
    return [ActionFact(pk, at, filed, code, status, decision_person(party, ""))
            for pk, at, filed, code, status, party in rows]


# --- Grouped counts, from scratch --------------------------------------------------------------------------


def override_groups(*, jurisdiction: str, months: Sequence[MonthSpan], zone: str) -> list[dict]:
    """Overrides of the jurisdiction's decisions made in `months`, counted per (month, from, to, person)."""
    rows = (DecisionOverride.objects.filter(decision__jurisdiction=jurisdiction, created_at__gte=months[0][1],
                                            created_at__lt=months[-1][2])
            .annotate(month=TruncMonth("created_at", tzinfo=ZoneInfo(zone), output_field=DateField()))
            .values("month", "decision__outcome", "outcome", "decision__party", "decision__actor")
            .annotate(n=Count("id")))
    return [{"month": row["month"], "before": row["decision__outcome"], "after": row["outcome"], "n": row["n"],
             "person": decision_person(row["decision__party"], row["decision__actor"])} for row in rows]


def appeal_groups(*, jurisdiction: str, months: Sequence[MonthSpan], zone: str) -> list[dict]:
    """Appeals filed in `months` against the jurisdiction's decisions, per (filing month, status now, party)."""
    rows = (Appeal.objects.filter(decision__jurisdiction=jurisdiction, filed_at__gte=months[0][1],
                                  filed_at__lt=months[-1][2])
            .annotate(month=TruncMonth("filed_at", tzinfo=ZoneInfo(zone), output_field=DateField()))
            .values("month", "status", "party").annotate(n=Count("id")))
    return [{"month": row["month"], "status": row["status"], "n": row["n"],
             "person": decision_person(row["party"], "")} for row in rows]


def switch_changes(*, jurisdiction: str, start: datetime, end: datetime) -> list[dict]:
    """Every audited change of the jurisdiction's switches in [start, end), oldest first: when, which feature,
    the state before and after, the pilot's size after, the reason, and whether an operator or a system job made it."""
    events = (AuditEvent.objects.filter(action=AUDIT_ACTION, subject_type=AUDIT_SUBJECT, jurisdiction=jurisdiction,
                                        occurred_at__gte=start, occurred_at__lt=end)
              .order_by("occurred_at", "id").values_list("occurred_at", "subject_id", "actor", "before", "after"))
    changes = []
    for at, subject, actor, before, after in events:
        before, after = before or {}, after or {}
        feature = subject.partition(":")[2]
        changes.append({
            "at": at, "feature": feature, "feature_label": feature_label(feature),
            "before": before.get("state", "on"), "after": after.get("state", "on"),
            "pilot_after": len(after.get("pilot_sellers") or []),
            "reason": after.get("reason", ""),
            # Only operators may change a switch (console and API); a job acts under a system label.
            "by": "operator" if actor.startswith(USER_PREFIX) else "system",
        })
    return changes


def switches_now(*, jurisdiction: str) -> list[tuple[str, str, str]]:
    # (feature, its name, its state now) for every feature of the jurisdiction
    return [(row.feature, row.label, row.state) for row in switch_board(jurisdiction=jurisdiction)]


# Decisions hold their findings as JSON arrays, so counting per rule expands them in SQL: each vendor's way of
# turning a JSON array into rows, and of reading a key of one element. Everything else is plain SQL, every value
# a parameter; months are bucketed by comparing with their boundaries, which reads the same on both vendors.
_JSON = {"postgresql": ("jsonb_array_elements", "{0}.value ->> '{1}'"),
         "sqlite": ("json_each", "json_extract({0}.value, '$.{1}')")}


def _sql_parts(months: Sequence[MonthSpan], jurisdiction: str) -> tuple[Any, dict[str, str], list[Any]]:
    """The connection, the SQL fragments, and the parameters of the month bucket, person and filter, in order."""
    connection = connections[router.db_for_read(Decision)]
    adapt = connection.ops.adapt_datetimefield_value
    each, key = _JSON[connection.vendor]
    parts = {
        "table": connection.ops.quote_name(Decision._meta.db_table),
        "month": "CASE " + " ".join("WHEN d.decided_at < %s THEN %s" for _ in months) + " END",
        "person": "CASE WHEN d.party <> '' THEN d.party WHEN substr(d.actor, 1, 4) = %s THEN d.actor END",
        "where": "d.jurisdiction = %s AND d.event IN ({events}) AND d.decided_at >= %s AND d.decided_at < %s".format(
            events=", ".join("%s" for _ in DECISION_EVENTS)),
        "each": each, "rule": key.format("e", "rule_id"), "outcome": key.format("e", "outcome"),
    }
    head = [value for first, _start, end in months for value in (adapt(end), first.isoformat())]
    head += [USER_PREFIX, jurisdiction, *DECISION_EVENTS, adapt(months[0][1]), adapt(months[-1][2])]
    return connection, parts, head


def _sql(template: str, **parts: str) -> str:
    # The templates and fragments are constants of this module; every value is a query parameter.
    return template.format(**parts)


_OVERALL = ("SELECT {month} AS month, d.event AS event, d.outcome AS outcome, {person} AS person, "
            "CASE WHEN d.party = '' THEN 1 ELSE 0 END AS no_party FROM {table} d WHERE {where}")
_FINDINGS = ("SELECT {month} AS month, d.event AS event, {rule} AS rule, {outcome} AS outcome, {person} AS person "
             "FROM {table} d, {each}(d.rule_versions) e WHERE {where} UNION ALL "
             "SELECT {month} AS month, d.event AS event, {rule} AS rule, {outcome} AS outcome, {person} AS person "
             "FROM {table} d, {each}(d.reasons) e WHERE {where} AND ({extra})")
_REFUSALS = ("SELECT DISTINCT d.id AS id, {month} AS month, {rule} AS rule, d.subject_id AS subject_id, "
             "{person} AS person FROM {table} d, {each}(d.reasons) e WHERE {where} AND d.outcome = 'deny' "
             "AND d.subject_type IN (%s, %s) AND substr({rule}, 1, {prefix_length}) = %s AND {outcome} = 'deny'")


def _grouped(connection: Any, inner: str, params: list, by: Sequence[str], measures: str, names: Sequence[str]
             ) -> list[dict]:
    columns = ", ".join(f"f.{name}" for name in by)
    group = f" GROUP BY {columns}" if by else ""
    select = f"{columns}, {measures}" if by else measures
    with connection.cursor() as cursor:
        cursor.execute(_sql("SELECT {select} FROM ({inner}) f{group}", select=select, inner=inner, group=group),
                       params)
        rows = [dict(zip([*by, *names], row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        if "month" in row:
            row["month"] = date.fromisoformat(str(row["month"])[:10])
        row.update({name: int(row[name] or 0) for name in names})  # PostgreSQL sums bigints as numeric
    return [row for row in rows if row[names[0]]]


def _per_person(inner: str, by: Sequence[str], sums: str = "") -> str:
    # Counting distinct people per group in two steps (group by person first, then count the groups) lets
    # PostgreSQL aggregate in parallel and by hashing; COUNT(DISTINCT …) sorts every group instead.
    columns = "".join(f"f.{name}, " for name in by)
    return _sql("SELECT {columns}f.person AS person, COUNT(*) AS n{sums} FROM ({inner}) f GROUP BY {columns}f.person",
                columns=columns, sums=sums, inner=inner)


def decision_counts(*, jurisdiction: str, months: Sequence[MonthSpan], by: Sequence[str]) -> list[dict]:
    """Decisions made in `months`, grouped by `by` (of month, event, rule, outcome): `decisions`, `people`
    (distinct `decision_person`s) and `without_party`. Grouped by rule, a decision counts once per finding, under
    that finding's outcome; otherwise once, under its own outcome."""
    connection, parts, head = _sql_parts(months, jurisdiction)
    if "rule" not in by:
        inner = _per_person(_sql(_OVERALL, **parts), by, ", SUM(f.no_party) AS no_party")
        return _grouped(connection, inner, head, by, "SUM(f.n), COUNT(f.person), SUM(f.no_party)",
                        ("decisions", "people", "without_party"))
    extra = " OR ".join(f"substr({parts['rule']}, 1, {len(prefix)}) = %s" for prefix in EXTRA_FINDING_PREFIXES)
    inner = _per_person(_sql(_FINDINGS, extra=extra, **parts), by)
    return _grouped(connection, inner, [*head, *head, *EXTRA_FINDING_PREFIXES], by, "SUM(f.n), COUNT(f.person)",
                    ("decisions", "people"))


def cross_border_counts(*, jurisdiction: str, months: Sequence[MonthSpan], by: Sequence[str]) -> list[dict]:
    """Listing decisions refused in `months` by the jurisdiction's cross-border rules, grouped by `by` (of month,
    rule): `decisions` (a decision refused by two such rules counts under each), distinct `listings`, `people`."""
    connection, parts, head = _sql_parts(months, jurisdiction)
    prefix = f"{jurisdiction}-XB-"
    return _grouped(connection, _sql(_REFUSALS, prefix_length=str(len(prefix)), **parts),
                    [*head, *LISTING_SUBJECTS, prefix], by,
                    "COUNT(*), COUNT(DISTINCT f.subject_id), COUNT(DISTINCT f.person)",
                    ("decisions", "listings", "people"))
