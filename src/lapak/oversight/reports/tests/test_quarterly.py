"""The quarterly statistical report (ID-REC-2) through the API: every field of the definition list, with the
values of the small market in support.py, small counts as "<10", anchored to the latest signed tree head."""

from __future__ import annotations

import csv
import io
import json

import pytest

from lapak.core.audit.models import AuditEvent, TreeHead
from lapak.oversight.reports.fields import FIELDS, SECTIONS
from lapak.oversight.reports.services import workforce_record
from lapak.oversight.selectors import figure_read

pytestmark = pytest.mark.django_db
URL = "/api/v1/oversight/reports/quarterly"


def _get(api_client, bearer, user, **params):
    return api_client.get(URL, params, **bearer(user))


def _fields(body: dict) -> dict[str, dict]:
    return {field["key"]: field for section in body["sections"] for field in section["fields"]}


def _by_dimension(field: dict) -> dict[str, object]:
    return {value["dimensions"].get("province", ""): value["value"] for value in field["values"]}


def test_json_carries_every_field_with_the_markets_values(api_client, bearer, regulator, operator, market):
    workforce_record(actor=operator, jurisdiction="ID", quarter=market.quarter.label, employees=412)
    body = _get(api_client, bearer, regulator, quarter=market.quarter.label).json()
    fields = _fields(body)
    assert list(fields) == [field.key for field in FIELDS]  # every field, in the definition's order
    assert [section["key"] for section in body["sections"]] == [section.key for section in SECTIONS]
    for definition in FIELDS:
        assert fields[definition.key]["unit"] == definition.unit
        assert fields[definition.key]["definition"] == str(definition.definition)
    assert fields["company_name"]["values"][0]["value"] == "PT Lapak Demo Indonesia (demo)"
    assert fields["company_nib"]["available"] and fields["company_address"]["available"]
    assert fields["employees"]["values"][0]["value"] == 412
    # Revenue: 11 sellers' releases stand behind it, so it is shown.
    assert fields["commission_charged"]["values"][0]["value"] == market.commission_charged
    assert fields["commission_returned"]["values"][0]["value"] == 200
    assert fields["revenue_net"]["values"][0]["value"] == market.commission_charged - 200
    assert fields["voucher_rounding"]["values"][0]["value"] == 0
    # People: 25 sellers, 20 buyers; Jawa Timur's 3 sellers are "<10" and Jawa Barat's 10 go with them
    # (secondary suppression: otherwise 25 - 12 - 10 would give Jawa Timur away).
    assert fields["sellers_with_sales"]["values"][0]["value"] == 25
    assert fields["buyers"]["values"][0]["value"] == 20
    assert _by_dimension(fields["sellers_by_province"]) == {"31": 12, "32": None, "35": "<10"}
    assert _by_dimension(fields["buyers_by_province"]) == {"32": 12, "35": "<10", "31": "<10"}
    by_name = {v["dimensions"]["province_name"] for v in fields["sellers_by_province"]["values"]}
    assert by_name == set(_province_names().values())
    # The figures say what figure_read says to the same reader, and the GMV is the market's.
    assert fields["gmv_total"]["values"][0]["value"] == market.gmv
    assert fields["orders_total"]["values"][0]["value"] == 25
    params = {"jurisdiction": "ID", "from": body["header"]["from"], "to": body["header"]["to"], "by": "category"}
    direct = figure_read(user=regulator, key="sales", params=params, channel="api").table.rows
    assert [v["value"] for v in fields["gmv_by_category"]["values"]] == [row["gmv"] for row in direct]
    # The list of what is missing is exactly the fields said to be unavailable, in order.
    assert body["unavailable"] == [{"section": d.section, "field": d.key, "reason": fields[d.key]["reason"]}
                                   for d in FIELDS if not fields[d.key]["available"]]
    assert "Pembeli" not in json.dumps(body) and "@example.test" not in json.dumps(body)  # nobody's identity


def test_header_anchors_the_report_in_the_signed_log(api_client, bearer, regulator, market):
    head = TreeHead.objects.order_by("-tree_size").first()
    header = _get(api_client, bearer, regulator, quarter=market.quarter.label).json()["header"]
    assert header["jurisdiction"] == "ID" and header["quarter"] == market.quarter.label
    assert header["complete"] is True and header["report"] == "ID-REC-2"
    assert (header["audit_tree_size"], header["audit_root_hash"]) == (head.tree_size, head.root_hash)
    assert header["audit_signature"] == head.signature and header["generated_at"]


def test_workforce_not_entered_is_said_to_be_unavailable(api_client, bearer, regulator, market):
    body = _get(api_client, bearer, regulator, quarter=market.quarter.label).json()
    employees = _fields(body)["employees"]
    assert not employees["available"] and employees["values"] == []
    assert "headcount" in employees["reason"]
    assert {"section": "workforce", "field": "employees", "reason": employees["reason"]} in body["unavailable"]
    workforce = next(s for s in body["sections"] if s["key"] == "workforce")
    assert workforce["available"] is False


def test_csv_is_long_format_with_the_header_block_and_every_field(api_client, bearer, regulator, market):
    response = _get(api_client, bearer, regulator, quarter=market.quarter.label, format="csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert f"lapak-ID-{market.quarter.label}-statistics.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == ["section", "field", "dimension", "value", "unit", "note", "label"]
    header = {row["field"]: row["value"] for row in rows if row["section"] == "header"}
    assert header["jurisdiction"] == "ID" and header["quarter"] == market.quarter.label
    assert header["audit_tree_size"] == str(TreeHead.objects.order_by("-tree_size").first().tree_size)
    body_rows = [row for row in rows if row["section"] != "header"]
    assert {row["field"] for row in body_rows} == {field.key for field in FIELDS}
    cells = {(row["field"], row["dimension"]): row for row in body_rows}
    assert cells[("sellers_with_sales", "")]["value"] == "25"
    # The province names are the region table's: another test may have loaded the official ones first.
    names = _province_names()
    assert cells[("buyers_by_province", f"province=35 ({names['35']})")]["value"] == "<10"
    assert cells[("buyers_by_province", f"province=35 ({names['35']})")]["note"] == "suppressed"
    assert cells[("sellers_by_province", f"province=32 ({names['32']})")]["value"] == ""  # secondary suppression
    assert cells[("sellers_by_province", f"province=31 ({names['31']})")]["value"] == "12"
    assert cells[("revenue_net", "")]["value"] == str(market.commission_charged - 200)
    assert cells[("revenue_net", "")]["unit"] == "IDR"
    employees = cells[("employees", "")]
    assert employees["value"] == "" and employees["note"].startswith("unavailable")


def test_every_report_request_is_logged_before_it_is_answered(api_client, bearer, regulator, market):
    def logged() -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(action="oversight.query", subject_id="report:quarterly"))

    _get(api_client, bearer, regulator, quarter=market.quarter.label)
    _get(api_client, bearer, regulator, quarter=market.quarter.label, format="csv")
    events = logged()
    assert len(events) == 2
    assert {e.after["params"]["format"] for e in events} == {"json", "csv"}
    assert all(e.actor == regulator.public_id and e.jurisdiction == "ID" for e in events)
    # The figures behind it are logged as the regulator's own queries, channel "report".
    figure_events = AuditEvent.objects.filter(action="oversight.query", subject_id="figure:sales")
    assert figure_events.exists()
    assert all(e.after["params"]["channel"] == "report" for e in figure_events)


def _province_names() -> dict[str, str]:
    from lapak.regions.models import Region

    return dict(Region.objects.filter(code__in=["31", "32", "35"]).values_list("code", "name"))
