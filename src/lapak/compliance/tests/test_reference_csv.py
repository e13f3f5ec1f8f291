"""CSV imports of reference tables: a good file is imported whole; each kind of bad file is refused with row-level
errors and writes nothing (the active rule set never changes partly); the command and the sample files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from lapak.compliance import reference_csv as imports
from lapak.compliance.management.commands.compliance_import import SAMPLE_POSITIVE_LIST, SAMPLE_RATES
from lapak.compliance.models import CertificateRequirement, ExchangeRate, HolidayChange, HsListVersion, VersionStatus
from lapak.compliance.reference import ReferenceView
from lapak.compliance.reference_services import MAX_ROWS
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db
ACTOR = "usr_ops"
RATES = "currency,idr_per_unit,valid_from,valid_until,source\n"


def hs(data, **overrides):
    params = {"jurisdiction": "ID", "label": "2026-H1", "source": "Kepmendag 1998/2023",
              "effective_from": date(2026, 1, 1), "actor": ACTOR}
    return imports.hs_list_import(data=data, **{**params, **overrides})


def nothing_written():
    return not (HsListVersion.objects.exists() or ExchangeRate.objects.exists()
                or CertificateRequirement.objects.exists() or HolidayChange.objects.exists()
                or AuditEvent.objects.exists())


def refused(call, *args, **kwargs) -> dict:
    with pytest.raises(ValidationFailed) as caught:
        call(*args, **kwargs)
    assert nothing_written()
    return caught.value.fields


def test_a_good_positive_list_file_becomes_a_draft():
    version = hs("\ufeffHS_Code,Description\n4901.10.00,Books\n\n85234914,\"Software, recorded\"\n".encode())
    assert version.status == VersionStatus.DRAFT
    assert dict(version.entries.values_list("hs_code", "description")) == {
        "49011000": "Books", "85234914": "Software, recorded"}


@pytest.mark.parametrize(("data", "fields"), [
    (b"", {"file"}),
    (b"  \n\n", {"file"}),
    (b"hs_code,description\n", {"file"}),
    (b"code,description\n49011000,Books\n", {"file"}),
    (b"hs_code,colour\n49011000,red\n", {"file"}),
    (b"hs_code,hs_code\n49011000,49011000\n", {"file"}),
    ("hs_code\n4901\u00a0\n".encode("latin-1"), {"file"}),
    (b"hs_code,description\n49011000,Books\n4901.10,Short\n49011000,Again\n490110001,Long\n",
     {"rows.3.hs_code", "rows.4.hs_code", "rows.5.hs_code"}),
    (b"hs_code,description\n49011000,Books,extra\n49019990\n", {"rows.2.__all__", "rows.3.__all__"}),
    (b'hs_code,description\n49011000,"unterminated\n', {"file"}),
])
def test_bad_positive_list_files_write_nothing(data, fields):
    assert set(refused(hs, data)) == fields


def test_a_row_error_names_the_row_and_the_problem_in_the_language_asked():
    with translation.override("en"):
        fields = refused(hs, b"hs_code\n49011000\n4901.10\n")
    assert fields == {"rows.3.hs_code": ["An HS code has exactly eight digits (dots allowed): “4901.10” has not."]}
    with translation.override("id"):
        fields = refused(hs, b"hs_code\n4901.10\n")
    assert list(fields) == ["rows.2.hs_code"]


def test_size_caps():
    with translation.override("en"):  # the messages are matched in English; the default language is Indonesian
        assert "rows" in refused(hs, "hs_code\n" + "49011000\n" * (MAX_ROWS + 1))["file"][0]
        assert "KB" in refused(hs, b"hs_code\n" + b"x" * (1024 * 1024))["file"][0]


def test_a_good_rates_file_is_imported_whole():
    rows = imports.exchange_rates_import(
        data=RATES + 'USD,"16,250.50",2026-12-02,2026-12-08,KMK 60/2026\nCNY,2290,2026-12-02,2026-12-08,KMK 60/2026\n',
        actor=ACTOR)
    assert len(rows) == 2
    assert ReferenceView("ID", date(2026, 12, 5)).rate("USD").idr_per_unit == Decimal("16250.50")


@pytest.mark.parametrize(("body", "fields"), [
    ("USD,0,2026-12-02,2026-12-08,KMK\n", {"rows.2.idr_per_unit"}),
    ("USD,-5,2026-12-02,2026-12-08,KMK\n", {"rows.2.idr_per_unit"}),
    ("USD,abc,2026-12-02,2026-12-08,KMK\n", {"rows.2.idr_per_unit"}),
    ("USD,NaN,2026-12-02,2026-12-08,KMK\n", {"rows.2.idr_per_unit"}),
    ("USD,16000,02/12/2026,2026-12-08,KMK\n", {"rows.2.valid_from"}),
    ("USD,16000,2026-12-02,2026-13-01,KMK\n", {"rows.2.valid_until"}),
    ("USD,16000,2026-12-02,2026-12-08,\n", {"rows.2.source"}),
    ("USD,16000,2026-12-02,2026-12-08,KMK\nUSD,16100,2026-12-08,2026-12-14,KMK\n", {"rows.3.valid_from"}),
    ("USD,16000,2026-12-02,2026-12-08,KMK\nUSD,0,2026-12-09,2026-12-15,KMK\nXX,1,2026-12-02,2026-12-08,KMK\n",
     {"rows.3.idr_per_unit", "rows.4.currency"}),
])
def test_bad_rates_files_write_nothing(body, fields):
    assert set(refused(imports.exchange_rates_import, data=RATES + body, actor=ACTOR)) == fields


def test_certificates_and_holidays_files():
    imports.certificate_requirements_import(
        data="category_slug,kind,effective_from,effective_until,source\nmakanan-ringan,HALAL,2026-10-17,,PP 42/2024\n"
             "kosmetik,bpom,2020-01-01,,Peraturan BPOM\n", jurisdiction="ID", actor=ACTOR)
    assert ReferenceView("ID", date(2026, 10, 17)).certificates_required("makanan-ringan") == {"halal"}
    imports.holiday_changes_import(data="day,change,name\n2026-12-24,add,Cuti bersama Natal\n",
                                   jurisdiction="ID", actor=ACTOR)
    assert HolidayChange.objects.get().is_holiday


def test_bad_certificates_and_holidays_files_write_nothing():
    fields = refused(imports.certificate_requirements_import,
                     data="category_slug,kind,effective_from\nmakanan-ringan,halal,2026-10-17\n"
                          "makanan-ringan,halal,2027-01-01\nkosmetik,iso,2026-01-01\nkosmetik,sni,soon\n",
                     jurisdiction="ID", actor=ACTOR)
    assert set(fields) == {"rows.3.effective_from", "rows.4.kind", "rows.5.effective_from"}
    fields = refused(imports.holiday_changes_import,
                     data="day,change,name\n2026-12-24,add,Cuti\n2026-12-25,add,Natal\n2026-12-28,move,X\n"
                          "2026-12-29,remove,Not one\n2026-12-24,add,Twice\n", jurisdiction="ID", actor=ACTOR)
    assert set(fields) == {"rows.3.day", "rows.4.change", "rows.5.day", "rows.6.day"}
    assert set(refused(imports.holiday_changes_import, data="day,change,name\n2026-12-24,add,X\n",
                       jurisdiction="ZZ", actor=ACTOR)) == {"rows.2.jurisdiction"}


def test_the_sample_files_import_cleanly():
    version = hs(SAMPLE_POSITIVE_LIST.read_bytes(), source="")
    assert version.entries.count() == 23 and "illustrative" in version.source and "JDIH" in version.source
    rows = imports.exchange_rates_import(data=SAMPLE_RATES.read_bytes(), actor=ACTOR)
    assert {r.currency for r in rows} == {"USD", "CNY"}
    for day in (date(2026, 1, 1), date(2026, 6, 15), date(2026, 12, 31)):
        view = ReferenceView("ID", day)
        assert Decimal(15000) < view.rate("USD").idr_per_unit < Decimal(18000)
        assert Decimal(2000) < view.rate("CNY").idr_per_unit < Decimal(2600)
        assert view.rate("USD").source == "illustrative demo rate, not a KMK"


def test_the_command_imports_reports_rows_and_loads_the_samples_once(tmp_path):
    good = tmp_path / "rates.csv"
    good.write_text(RATES + "USD,16000,2026-12-02,2026-12-08,KMK 60/2026\n")
    out = StringIO()
    call_command("compliance_import", "rates", str(good), stdout=out)
    assert "1 exchange rates imported" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text("hs_code\n49011000\n123\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("compliance_import", "hs-list", str(bad), "--label", "x", "--effective-from", "2026-01-01",
                     stderr=err)
    assert "rows.3.hs_code" in err.getvalue() and not HsListVersion.objects.exists()
    ExchangeRate.objects.all().delete()
    call_command("compliance_import", "samples", stdout=StringIO())
    call_command("compliance_import", "samples", stdout=out)
    assert "already imported" in out.getvalue()
    assert ReferenceView("ID", date(2026, 11, 28)).positive_list().codes >= {"49011000", "85234914"}
