"""The kill-switch and pilot history: every change of a jurisdiction's switches in the range, oldest first.

An event list, not people data: rows carry no `_sellers` and are never suppressed. Who changed a switch is
given as a role (an operator, or the system), never as a person. The switch changes are read from the audit log
(one `compliance.switch.changed` event per change, with the state before and after) in both modes: it is small,
and no rollup could be faster than reading it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from lapak.compliance.selectors_oversight import jurisdiction_time_zone, switch_changes, switches_now
from lapak.oversight.figures.base import Column, Figure, FigureQuery, FigureTable, register

STATES = {"on": _("On"), "off": _("Off (suspended)"), "pilot": _("Pilot (listed sellers only)")}
CHANGES = {
    "turned_off": _("Turned off"), "turned_on": _("Turned on again"), "pilot_started": _("Pilot started"),
    "pilot_ended_on": _("Pilot ended: on for every seller"), "pilot_ended_off": _("Pilot ended: turned off"),
    "pilot_changed": _("Pilot's sellers changed"), "restated": _("Reason changed"),
}
ROLES = {"operator": _("Platform operator"), "system": _("System")}


def change_kind(before: str, after: str) -> str:
    if before == "pilot" and after != "pilot":
        return f"pilot_ended_{after}"
    if after == "pilot":
        return "pilot_changed" if before == "pilot" else "pilot_started"
    if after != before:
        return "turned_off" if after == "off" else "turned_on"
    return "restated"


def switches_figure(query: FigureQuery) -> FigureTable:
    zone = ZoneInfo(jurisdiction_time_zone(query.jurisdiction))
    start = datetime.combine(query.date_from, time(), zone)
    end = datetime.combine(query.date_to + timedelta(days=1), time(), zone)
    rows = []
    for change in switch_changes(jurisdiction=query.jurisdiction, start=start, end=end):
        kind = change_kind(change["before"], change["after"])
        rows.append({
            "at": f"{change['at'].astimezone(zone):%Y-%m-%d %H:%M}", "feature": change["feature"],
            "feature_label": change["feature_label"], "change": kind, "change_label": str(CHANGES[kind]),
            "state_before": str(STATES.get(change["before"], change["before"])),
            "state_after": str(STATES.get(change["after"], change["after"])),
            "pilot_sellers": change["pilot_after"], "by": str(ROLES[change["by"]]), "reason": change["reason"],
        })
    board = switches_now(jurisdiction=query.jurisdiction)
    off = [label for _feature, label, state in board if state == "off"]
    pilots = [label for _feature, label, state in board if state == "pilot"]
    notes = [_("Switches that exist (on unless listed below): %(features)s.")
             % {"features": ", ".join(label for _feature, label, _state in board)}]
    if off:
        notes.append(_("Off now: %(features)s.") % {"features": ", ".join(off)})
    if pilots:
        notes.append(_("Running as a pilot now: %(features)s.") % {"features": ", ".join(pilots)})
    return FigureTable(
        columns=[Column("at", _("When (local time)"), "text"), Column("feature", _("Feature"), "dimension"),
                 Column("feature_label", _("Feature name"), "text"), Column("change", _("Change"), "dimension"),
                 Column("change_label", _("Change name"), "text"), Column("state_before", _("Before"), "text"),
                 Column("state_after", _("After"), "text"),
                 Column("pilot_sellers", _("Sellers in the pilot"), "count"), Column("by", _("Changed by"), "text"),
                 Column("reason", _("Reason given"), "text")],
        rows=rows,
        method=_("Every change of a kill switch or pilot in the jurisdiction in the date range, oldest first, as "
                 "recorded in the audit log with the state before and after and the operator's reason. Who made a "
                 "change is shown as a role, never as a person. Read from the audit log in both modes."),
        notes=notes,
        headline=[(_("Changes in the range"), number_format(len(rows), force_grouping=True)),
                  (_("Features off now"), number_format(len(off))),
                  (_("Pilots running now"), number_format(len(pilots)))],
        privacy="aggregate",
    )


register(Figure(
    key="switches", title=_("Kill-switch and pilot history"),
    description=_("When each feature was suspended, restored or run as a pilot, by whom (as a role) and why."),
    compute=switches_figure, order=63))
