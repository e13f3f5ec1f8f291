"""The service figure: complaints, returns and refunds with their deadlines (ID-CON-2, ID-CON-3).

Openings count in the month a case opened, resolutions (within the deadline or late) in the month it was
resolved: both from the rollup (or, for "scratch", the orders selector). Cases still unresolved past their
deadline at the end of the range are read from the live tables in both modes: they are a state at one moment,
which monthly counters cannot hold, and open cases are few.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.market.orders.selectors_service_oversight import service_overdue, service_totals
from lapak.oversight.figures.base import Column, Figure, FigureQuery, FigureTable, register
from lapak.oversight.service.common import SATURATED, capped, month_label, people, query_span, zone_for
from lapak.oversight.service.models import ServiceMonth

KIND_NAMES = {"return": _("Returns"), "refund": _("Refunds"), "complaint": _("Complaints (returns desk)")}
COUNTS = ("opened", "resolved", "within_sla", "late")


def _as_of(query: FigureQuery) -> datetime:
    """The end of the range (the local midnight after `date_to`), or now if that is later."""
    zone = zone_for(query.jurisdiction)
    end = datetime.combine(query.date_to, datetime.min.time(), tzinfo=zone) + timedelta(days=1)
    return min(end, timezone.now())


def _subcells(query: FigureQuery) -> list[dict[str, Any]]:
    """One entry per (month if grouped by month, kind): counts and the people behind each measure (capped)."""
    by_month = "month" in query.by
    first, last, since, until = query_span(query)
    if query.source == "scratch":
        entries = [{"month": row["month"], "kind": row["kind"], **{c: row[c] for c in COUNTS},
                    "opened_people": capped(row["opened_buyers"]), "resolved_people": capped(row["resolved_buyers"])}
                   for row in service_totals(jurisdiction=query.jurisdiction, since=since, until=until,
                                             zone=zone_for(query.jurisdiction), by_month=by_month)]
    else:
        grouped: dict[tuple, dict[str, Any]] = {}
        for cell in ServiceMonth.objects.filter(jurisdiction=query.jurisdiction, month__gte=first,
                                                month__lte=last).order_by("month", "kind"):
            entry = grouped.setdefault((cell.month if by_month else None, cell.kind), {
                "month": cell.month if by_month else None, "kind": cell.kind, **{c: 0 for c in COUNTS},
                "opened_sets": [], "resolved_sets": []})
            for name in COUNTS:
                entry[name] += getattr(cell, name)
            entry["opened_sets"].append(cell.opened_buyers)
            entry["resolved_sets"].append(cell.resolved_buyers)
        entries = [{**{k: v for k, v in entry.items() if not k.endswith("_sets")},
                    "opened_people": people(entry["opened_sets"]), "resolved_people": people(entry["resolved_sets"])}
                   for entry in grouped.values()]
    by_key = {(entry["month"], entry["kind"]): entry for entry in entries}
    for row in service_overdue(jurisdiction=query.jurisdiction, since=since, until=until, as_of=_as_of(query),
                               zone=zone_for(query.jurisdiction), by_month=by_month):
        entry = by_key.setdefault((row["month"], row["kind"]), {
            "month": row["month"], "kind": row["kind"], **{c: 0 for c in COUNTS}, "opened_people": 0,
            "resolved_people": 0})
        entry["overdue"], entry["overdue_people"] = row["overdue"], capped(row["buyers"])
    return list(by_key.values())


def service_compute(query: FigureQuery) -> FigureTable:
    by = query.by
    rows: dict[tuple, dict[str, Any]] = {}
    for entry in _subcells(query):
        values = {"month": entry["month"], "kind": entry["kind"]}
        row = rows.setdefault(tuple(values[d] for d in by), {**{d: values[d] for d in by},
                                                             **{c: 0 for c in COUNTS}, "overdue": 0, "_buyers": 0})
        for name in (*COUNTS, "overdue"):
            row[name] += entry.get(name, 0)
        # At least this many buyers: the largest group behind any one measure of any one kind in the row.
        row["_buyers"] = max(row["_buyers"], entry["opened_people"], entry["resolved_people"],
                             entry.get("overdue_people", 0))
    result = sorted(rows.values(), key=lambda row: tuple(str(row[d]) for d in by))
    for row in result:
        row["within_share"] = round(row["within_sla"] / row["resolved"], 4) if row["resolved"] else None
        if "month" in row:
            row["month"] = month_label(row["month"])
        if "kind" in row:
            row["kind_name"] = str(KIND_NAMES[row["kind"]])
    resolved = sum(row["resolved"] for row in result)
    headline = []
    if resolved and any(row["_buyers"] >= SATURATED for row in result):
        within = sum(row["within_sla"] for row in result)
        headline.append((_("Resolved within the deadline"), f"{100 * within / resolved:.1f} %"))
    dims = {"month": [Column("month", _("Month"), "dimension")],
            "kind": [Column("kind", _("Kind code"), "dimension"), Column("kind_name", _("Kind"), "text")]}
    return FigureTable(
        columns=[*[column for d in by for column in dims[d]],
                 Column("opened", _("Opened")), Column("resolved", _("Resolved")),
                 Column("within_sla", _("Resolved within the deadline")), Column("late", _("Resolved late")),
                 Column("overdue", _("Still open past the deadline")),
                 Column("within_share", _("Share resolved within the deadline"), "share")],
        rows=result, headline=headline, chart=("kind_name", "within_share") if by == ("kind",) else None,
        method=_("Returns: a buyer's request to send goods back, resolved when it is closed (refund requested, "
                 "refused for good or withdrawn), due within 7 days of the request (ID-CON-2). Refunds: money owed "
                 "back to a buyer, resolved when paid back, due by its pay-by date (7 days, ID-CON-2). Complaints: "
                 "returns taken to Lapak's returns desk, resolved when Lapak decided or the buyer withdrew, due "
                 "within 48 hours. Openings count in the month opened, resolutions in the month resolved (local "
                 "time); 'still open past the deadline' counts cases opened in the range and unresolved at its "
                 "end (or now) after their deadline. Whole months touching the chosen dates."),
        notes=[_("Lapak has no separate complaint ticket: the complaint service (ID-CON-3) is the operators' "
                 "returns desk, so complaints are the returns that went to it."),
               _("A row is shown only if at least 10 buyers stand behind one of its measures.")])


register(Figure(
    key="service", title=_("Complaints, returns and refunds"),
    description=_("Complaints, returns and refunds opened and resolved, and how many met their deadline "
                  "(ID-CON-2, ID-CON-3)."),
    compute=service_compute, dimensions={"month": _("Month"), "kind": _("Kind")}, default_by=("month", "kind"),
    rule_ids=("ID-CON-2", "ID-CON-3"), order=63))
