"""A mixed compliance history recorded through the real engine and services, at chosen moments (freezegun), for
the compliance figures' tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import combinations

from freezegun import freeze_time

from lapak.compliance.decision_services import appeal_answer, decision_appeal, decision_override
from lapak.compliance.models import Decision
from lapak.compliance.services import compliance_decide
from lapak.compliance.switch_services import compliance_switch_set
from lapak.compliance.tests import support
from lapak.compliance.tests.decision_support import FIRST_PARTY
from lapak.core.ids import new_public_id
from lapak.oversight.figures.base import FIGURES, FigureQuery

FROM, TO = date(2026, 8, 1), date(2026, 11, 30)
SEPTEMBER = datetime(2026, 9, 10, 3, 0, tzinfo=UTC)
OCTOBER = datetime(2026, 10, 12, 3, 0, tzinfo=UTC)
# 18:00 UTC on 31 August is 01:00 on 1 September in Jakarta: a September decision.
EDGE = datetime(2026, 8, 31, 18, 0, tzinfo=UTC)
AUGUST = datetime(2026, 8, 20, 3, 0, tzinfo=UTC)
NOVEMBER = datetime(2026, 11, 5, 3, 0, tzinfo=UTC)


def record(at: datetime, *, event: str = "listing.publish", facts: dict, party: str = "", actor: str = "usr_seller",
           subject_id: str | None = None, subject_type: str = "product", jurisdiction: str = "ID") -> Decision:
    with freeze_time(at):
        result = compliance_decide(event=event, jurisdiction=jurisdiction, subject_type=subject_type,
                                   subject_id=subject_id or new_public_id("prd"), facts=facts, actor=actor,
                                   party=party, on=support.ON)
    return Decision.objects.get(public_id=result.decision_id)


def listing(at: datetime, party: str, **facts) -> Decision:
    return record(at, facts=support.listing(seller=party, **facts), party=party)


def refused_cross_border(at: datetime, party: str, subject_id: str | None = None) -> Decision:
    decision = record(at, facts=support.cross_border(seller=party, fob_value_usd_cents=9_999), party=party,
                      subject_id=subject_id)
    assert decision.outcome == "deny" and "ID-XB-1" in {r["rule_id"] for r in decision.reasons}
    return decision


def checkout(at: datetime, buyer: str, seller: str) -> Decision:
    return record(at, event="checkout.place", facts=support.placement(support.line(seller=seller)), actor=buyer,
                  subject_type="order", subject_id=new_public_id("ord"))


@dataclass
class History:
    sellers: list[str] = field(default_factory=list)
    refusals: list[Decision] = field(default_factory=list)


def mixed_history(operator: object) -> History:
    """Twelve sellers' allowed listings in September, three sellers' cross-border refusals (one listing refused
    twice), a first-party refusal, a kill-switch refusal, orders, a decision about no one, a GB decision, and
    overrides and appeals (upheld, overturned, still open)."""
    history = History(sellers=[new_public_id("org") for _ in range(12)])
    for index, seller in enumerate(history.sellers):
        listing(EDGE if index == 0 else SEPTEMBER, seller)
    listing(AUGUST, history.sellers[0])
    twice = new_public_id("prd")
    history.refusals = [refused_cross_border(SEPTEMBER, history.sellers[0], twice),
                        refused_cross_border(OCTOBER, history.sellers[0], twice),
                        refused_cross_border(SEPTEMBER, history.sellers[1]),
                        refused_cross_border(OCTOBER, history.sellers[2])]
    first_party = record(OCTOBER, facts={**FIRST_PARTY, "jurisdiction": "ID", "seller": history.sellers[3]},
                         party=history.sellers[3])
    assert first_party.outcome == "deny"
    with freeze_time(OCTOBER):
        compliance_switch_set(actor="usr_op", jurisdiction="ID", feature="cross_border", state="off", reason="Test")
    switched = record(OCTOBER, facts=support.cross_border(seller=history.sellers[4]), party=history.sellers[4])
    assert "SWITCH:cross_border" in {r["rule_id"] for r in switched.reasons}
    with freeze_time(OCTOBER):
        compliance_switch_set(actor="usr_op", jurisdiction="ID", feature="cross_border", state="on")
    checkout(OCTOBER, "usr_buyer1", history.sellers[5])
    checkout(OCTOBER, "usr_buyer2", history.sellers[5])
    record(OCTOBER, event="escrow.release", actor="system", subject_type="seller_order",
           facts=support.escrow(ends=OCTOBER, at=OCTOBER), subject_id="so_T")
    record(SEPTEMBER, facts=support.gb_listing(seller="org_GB"), party="org_GB", jurisdiction="GB")
    with freeze_time(OCTOBER):
        decision_override(decision=history.refusals[2], actor=operator, outcome="allow", reason="Checked by hand")
    with freeze_time(SEPTEMBER):
        upheld = decision_appeal(decision=history.refusals[0], party=history.sellers[0], text="Please", filed_by="u")
        overturned = decision_appeal(decision=first_party, party=history.sellers[3], text="Mistake", filed_by="u")
    with freeze_time(OCTOBER):
        appeal_answer(appeal=upheld, actor=operator, status="upheld", answer="The floor applies.")
        appeal_answer(appeal=overturned, actor=operator, status="overturned", answer="We were wrong.")
        decision_appeal(decision=history.refusals[3], party=history.sellers[2], text="Again", filed_by="u")
    return history


def compute(key: str, by: tuple[str, ...], source: str, *, jurisdiction: str = "ID") -> list[dict]:
    query = FigureQuery(jurisdiction=jurisdiction, date_from=FROM, date_to=TO, by=by, source=source)
    return FIGURES[key].compute(query).rows


def groupings(dimensions: tuple[str, ...]) -> list[tuple[str, ...]]:
    found = [combo for size in range(len(dimensions) + 1) for combo in combinations(dimensions, size)]
    return [*found, tuple(reversed(dimensions))]
