"""The compliance figures: decisions by rule and outcome, overrides and appeals, cross-border refusals (and, in
`figures_switches.py`, the kill-switch and pilot history).

Each computes from the rollups (`query.source == "rollup"`) or from the compliance tables through
`lapak.compliance.selectors_oversight` ("scratch"), with the same rows. Every row carries `_sellers`: how many
distinct parties stand behind it, capped at 10 (seller organisations; for a decision that names none, the user
who acted, e.g. the buyer placing an order). A row with no party behind it at all (a system job about no one)
is about no person and carries none, so it is never suppressed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from lapak.compliance.selectors_oversight import (
    MonthSpan,
    appeal_groups,
    cross_border_counts,
    decision_counts,
    jurisdiction_time_zone,
    override_groups,
)
from lapak.oversight.figures.base import Column, Figure, FigureQuery, FigureTable, register
from lapak.oversight.privacy import apply_suppression
from lapak.oversight.rules import figures_switches, labels  # noqa: F401  (figures_switches registers itself)
from lapak.oversight.rules.models import AppealCell, CrossBorderRefusal, DecisionCell
from lapak.oversight.rules.periods import SATURATION, months_between, people_at_least

Groups = dict[tuple, dict[str, int]]


def _months(query: FigureQuery) -> list[MonthSpan]:
    return months_between(query.date_from, query.date_to, jurisdiction_time_zone(query.jurisdiction))


def _cells(model: type, query: FigureQuery, months: Sequence[MonthSpan]) -> Any:
    return model.objects.filter(jurisdiction=query.jurisdiction, month__gte=months[0][0], month__lte=months[-1][0])


def _group(items: Iterable[Any], key: Callable[[Any], tuple]) -> dict[tuple, list[Any]]:
    grouped: dict[tuple, list[Any]] = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped


_DIMENSION_COLUMNS: dict[str, list[Column]] = {
    "month": [Column("month", _("Month"), "dimension")],
    "event": [Column("event", _("Event"), "dimension"), Column("event_label", _("Event name"), "text")],
    "rule": [Column("rule", _("Rule"), "dimension"), Column("rule_title", _("Rule title"), "text")],
    "outcome": [Column("outcome", _("Outcome"), "dimension"), Column("outcome_label", _("Outcome name"), "text")],
    "kind": [Column("kind", _("Kind"), "dimension"), Column("kind_label", _("Kind name"), "text")],
    "status": [Column("status", _("Status"), "dimension"), Column("status_label", _("Status name"), "text")],
}


def _rows(query: FigureQuery, groups: Groups, measures: Sequence[str]) -> list[dict[str, Any]]:
    """Rows in dimension order, with each dimension's code and name, the measures and `_sellers`."""
    rule_name = labels.RuleNames(query.jurisdiction) if "rule" in query.by else None
    rows = []
    for key in sorted(groups, key=lambda k: tuple(str(part) for part in k)):
        row: dict[str, Any] = {}
        for dimension, value in zip(query.by, key, strict=True):
            if dimension == "month":
                row["month"] = labels.month_label(value)
            else:
                row[dimension] = value
            if dimension == "event":
                row["event_label"] = labels.label(labels.EVENTS, value)
            elif dimension == "rule":
                row["rule_title"] = rule_name(value)
            elif dimension == "outcome":
                row["outcome_label"] = labels.label(labels.OUTCOMES, value)
            elif dimension == "kind":
                row["kind_label"] = labels.label(labels.KINDS, value)
            elif dimension == "status":
                row["status_label"] = (labels.override_label(value) if "_to_" in value
                                       else labels.label(labels.APPEAL_STATUSES, value))
        row.update({name: groups[key][name] for name in measures})
        if groups[key]["people"]:
            row["_sellers"] = groups[key]["people"]
        rows.append(row)
    return rows


def _columns(query: FigureQuery, measures: Sequence[Column]) -> list[Column]:
    return [column for dimension in query.by for column in _DIMENSION_COLUMNS[dimension]] + list(measures)


def _visible(query: FigureQuery, groups: Groups, columns: list[Column], measures: Sequence[str]) -> list[tuple]:
    """The groups whose rows the table will show: suppression run on a copy, secondary suppression included."""
    keys = sorted(groups, key=lambda k: tuple(str(part) for part in k))
    table = apply_suppression(FigureTable(columns=columns, rows=_rows(query, groups, measures)))
    return [key for key, row in zip(keys, table.rows, strict=True) if not row["suppressed"]]


def _shown_total(groups: Groups, measure: str, visible: list[tuple]) -> str:
    # Only rows that stay visible count (secondary suppression too), so the headline cannot be used to recover a
    # suppressed cell.
    total = sum(groups[key][measure] for key in visible)
    return number_format(total, force_grouping=True)


# --- Decisions by rule and outcome ----------------------------------------------------------------------------

_CELL_FIELD = {"month": "month", "event": "event", "rule": "rule_id", "outcome": "outcome"}


def _decision_groups(query: FigureQuery, months: Sequence[MonthSpan]) -> Groups:
    by = query.by
    if query.source == "scratch":
        return {tuple(row[d] for d in by): {"decisions": row["decisions"], "without_party": row.get("without_party", 0),
                                            "people": min(row["people"], SATURATION)}
                for row in decision_counts(jurisdiction=query.jurisdiction, months=months, by=by)}
    cells = _cells(DecisionCell, query, months)
    cells = cells.exclude(rule_id="") if "rule" in by else cells.filter(rule_id="")
    grouped = _group(cells, lambda cell: tuple(getattr(cell, _CELL_FIELD[d]) for d in by))
    return {key: {"decisions": sum(c.decisions for c in found),
                  "without_party": 0 if "rule" in by else sum(c.without_party for c in found),
                  "people": people_at_least(c.people for c in found)}
            for key, found in grouped.items()}


def decisions_figure(query: FigureQuery) -> FigureTable:
    groups = _decision_groups(query, _months(query))
    per_rule = "rule" in query.by
    columns = _columns(query, [Column("decisions", _("Decisions"), "count")])
    visible = _visible(query, groups, columns, ["decisions"])
    headline = [(_("Rule findings in the rows shown") if per_rule else _("Decisions in the rows shown"),
                 _shown_total(groups, "decisions", visible))]
    if not per_rule:
        headline.append((_("Of which naming no seller organisation"), _shown_total(groups, "without_party", visible)))
    return FigureTable(
        columns=columns,
        rows=_rows(query, groups, ["decisions"]),
        method=_("Every decision the compliance engine recorded in the jurisdiction, by calendar month (the "
                 "jurisdiction's time zone). Grouped by rule, a decision counts once under each rule version it "
                 "evaluated (and each kill switch that refused it), with that rule's own outcome — \"did not "
                 "apply\" included; otherwise once, under its overall outcome."),
        notes=[_("Rows with fewer than 10 parties behind them are suppressed. A party is the seller organisation "
                 "a decision is about; an order placement or a live session names no organisation, and there the "
                 "user who acted (the buyer, the creator) counts instead. Decisions about no one (a system job) "
                 "are counted and never suppressed.")],
        headline=headline,
    )


# --- Overrides and appeals ------------------------------------------------------------------------------------

def _appeal_groups(query: FigureQuery, months: Sequence[MonthSpan]) -> Groups:
    index = {"month": 0, "kind": 1, "status": 2}
    if query.source == "scratch":
        zone = jurisdiction_time_zone(query.jurisdiction)
        items = [(r["month"], "override", f"{r['before']}_to_{r['after']}", r["n"], [r["person"]] if r["person"]
                  else []) for r in override_groups(jurisdiction=query.jurisdiction, months=months, zone=zone)]
        items += [(r["month"], "appeal", r["status"], r["n"], [r["person"]] if r["person"] else [])
                  for r in appeal_groups(jurisdiction=query.jurisdiction, months=months, zone=zone)]
    else:
        items = [(c.month, c.kind, c.status, c.count, list(c.open_people) if c.status == "open" else c.people)
                 for c in _cells(AppealCell, query, months)]
    grouped = _group(items, lambda item: tuple(item[index[d]] for d in query.by))
    groups = {key: {"count": sum(item[3] for item in found), "people": people_at_least(item[4] for item in found)}
              for key, found in grouped.items()}
    return {key: group for key, group in groups.items() if group["count"]}


def appeals_figure(query: FigureQuery) -> FigureTable:
    groups = _appeal_groups(query, _months(query))
    columns = _columns(query, [Column("count", _("Number"), "count")])
    visible = _visible(query, groups, columns, ["count"])
    return FigureTable(
        columns=columns,
        rows=_rows(query, groups, ["count"]),
        method=_("Overrides are counted in the month an operator made them, by the outcome they replaced and the "
                 "one they set (an appeal overturned is also an override to allow). Appeals are counted in the "
                 "month they were filed, under their status now: open, decision upheld or decision overturned."),
        notes=[_("Rows with fewer than 10 parties (seller organisations) behind them are suppressed.")],
        headline=[(_("Overrides and appeals in the rows shown"), _shown_total(groups, "count", visible))],
    )


# --- Cross-border listings refused ----------------------------------------------------------------------------

def _refusal_groups(query: FigureQuery, months: Sequence[MonthSpan]) -> Groups:
    by = query.by
    if query.source == "scratch":
        return {tuple(row[d] for d in by): {"decisions": row["decisions"], "listings": row["listings"],
                                            "people": min(row["people"], SATURATION)}
                for row in cross_border_counts(jurisdiction=query.jurisdiction, months=months, by=by)}
    field = {"month": "month", "rule": "rule_id"}
    grouped = _group(_cells(CrossBorderRefusal, query, months), lambda r: tuple(getattr(r, field[d]) for d in by))
    return {key: {"decisions": sum(r.decisions for r in found), "listings": len({r.subject_id for r in found}),
                  "people": min(len({r.person for r in found if r.person}), SATURATION)}
            for key, found in grouped.items()}


def cross_border_figure(query: FigureQuery) -> FigureTable:
    groups = _refusal_groups(query, _months(query))
    columns = _columns(query, [Column("decisions", _("Refusals"), "count"),
                               Column("listings", _("Listings refused"), "count")])
    visible = _visible(query, groups, columns, ["decisions", "listings"])
    return FigureTable(
        columns=columns,
        rows=_rows(query, groups, ["decisions", "listings"]),
        method=_("Decisions on listings refused (deny) where a cross-border rule of the jurisdiction (%(prefix)s*) "
                 "was itself a reason to refuse, by calendar month. A decision refused by two such rules counts "
                 "under each; a listing refused again counts once per row in \"listings refused\".")
        % {"prefix": f"{query.jurisdiction}-XB-"},
        notes=[_("Rows with fewer than 10 sellers behind them are suppressed.")],
        headline=[(_("Refusals in the rows shown"), _shown_total(groups, "decisions", visible))],
    )


register(Figure(
    key="decisions", title=_("Compliance decisions by rule and outcome"),
    description=_("What the rule engine decided each month: decisions by outcome, and each rule's findings."),
    compute=decisions_figure, dimensions={"month": _("Month"), "rule": _("Rule"), "outcome": _("Outcome"),
                                          "event": _("Event")},
    default_by=("month", "outcome"), order=60))
register(Figure(
    key="appeals", title=_("Overrides and appeals"),
    description=_("Decisions overridden by operators, and sellers' appeals with their answers, by month."),
    compute=appeals_figure, dimensions={"month": _("Month"), "kind": _("Kind"), "status": _("Status")},
    default_by=("month", "kind", "status"), order=61))
register(Figure(
    key="cross-border-refused", title=_("Cross-border listings refused, by rule"),
    description=_("Direct cross-border listings refused by the price floor, HS code and foreign-merchant rules."),
    compute=cross_border_figure, dimensions={"month": _("Month"), "rule": _("Rule")}, default_by=("rule",),
    rule_ids=("ID-XB-1", "ID-XB-2", "ID-XB-3"), order=62))
