"""The regulator's walk through the oversight portal (issue 9's "done when"): sign in with a password and an
authenticator code, read a figure in Bahasa Indonesia and in English, download the quarterly report, keep two
signed tree heads, export the log segment between them and verify it offline with the standalone verifier.

Screenshots land in test-artifacts/oversight-*.png. Run with `pytest -m browser`.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_smoke import ARTIFACTS, CHROMIUM, chromium  # noqa: F401  (the shared Chromium launch and fixture)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORD = "teh manis hangat 2026"
VERIFIER = Path(__file__).resolve().parents[2] / "tools" / "audit_verifier" / "lapak_audit_verify.py"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"),
]


def _regulator():
    from lapak.accounts.services import role_grant, user_signup
    from lapak.accounts.tests.two_factor_support import confirmed_device

    regulator = user_signup(email="bambang@example.test", password=PASSWORD, full_name="Bambang Regulator",
                            language="id")
    role_grant(user=regulator, role="regulator", jurisdiction="ID")
    return regulator, confirmed_device(regulator)


def _events(count: int, start: int) -> None:
    from lapak.core.audit.services import audit_append

    for n in range(start, start + count):
        audit_append(actor="system", action="demo.event", subject_type="test", subject_id=f"e{n}", jurisdiction="ID",
                     after={"n": n})


def _save(download, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    download.save_as(str(target))
    return target


def test_a_regulator_signs_in_with_two_factors_reads_downloads_and_verifies(chromium, live_server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    from lapak.accounts.tests.two_factor_support import code_for
    from lapak.compliance.packs import compliance_packs_load, compliance_packs_loaded
    from lapak.core.audit.sealing import audit_seal

    if not compliance_packs_loaded():
        compliance_packs_load()
    regulator, device = _regulator()
    _events(5, 0)
    audit_seal()

    context = chromium.new_context(locale="id-ID", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/oversight/")
    page.fill("input[name=username]", regulator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    # The password alone is not enough: the code step, then the portal.
    expect(page).to_have_url(f"{live_server.url}/accounts/two-factor/?next=%2Foversight%2F")
    page.fill("input[name=code]", code_for(device))
    page.locator("main button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text("Portal pengawasan")
    page.screenshot(path=str(ARTIFACTS / "oversight-home.png"), full_page=True)

    # A figure in Bahasa Indonesia, then in English: chart, table and method.
    page.locator("a[href='/oversight/figures/sellers/']").click()
    expect(page.locator("#figure-method h2")).to_have_text("Cara penghitungan")
    expect(page.locator("#figure-table")).to_be_visible()
    page.locator(".language-switch button[value=en]").first.click()  # the site's own language switch
    page.goto(f"{live_server.url}/oversight/figures/sales/")
    expect(page.locator("#figure-method h2")).to_have_text("How this was computed")
    page.fill("#f-from", "2026-13")
    page.locator("#figure-filters button[type=submit]").click()
    expect(page.locator("#f-from-error")).to_contain_text("YYYY-MM")
    page.screenshot(path=str(ARTIFACTS / "oversight-figure.png"), full_page=True)

    # The quarterly statistical report (ID-REC-2) as CSV.
    page.goto(f"{live_server.url}/oversight/reports/")
    with page.expect_download() as quarterly:
        page.locator("#quarters a", has_text="CSV").first.click()
    rows = list(csv.reader(_save(quarterly.value, tmp_path, "quarterly.csv").open(encoding="utf-8")))
    sections = {row[0] for row in rows[1:]}
    assert {"company", "transactions", "payment_methods"} <= sections or len(sections) >= 5, sections

    # Keep the head as it is now, let the log grow, keep the new head, export the segment between them.
    page.goto(f"{live_server.url}/oversight/audit/")
    with page.expect_download() as old_head:
        page.locator("#latest-download").click()
    old_path = _save(old_head.value, tmp_path, "head-old.json")
    with page.expect_download() as keys:
        page.locator("#keys-download").click()
    keys_path = _save(keys.value, tmp_path, "keys.json")
    _events(7, 5)
    audit_seal()
    page.reload()
    with page.expect_download() as new_head:
        page.locator("#latest-download").click()
    new_path = _save(new_head.value, tmp_path, "head-new.json")
    old_size, new_size = (json.loads(path.read_text())["tree_size"] for path in (old_path, new_path))
    assert new_size > old_size
    page.fill("#segment-form input[name=first]", str(old_size))
    page.fill("#segment-form input[name=second]", str(new_size))
    with page.expect_download() as segment:
        page.locator("#segment-form button[type=submit]").first.click()
    segment_path = _save(segment.value, tmp_path, "segment.json")
    page.screenshot(path=str(ARTIFACTS / "oversight-audit.png"), full_page=True)

    def verify(segment_file: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-I", str(VERIFIER), "segment", "--key", str(keys_path), "--old",
                               str(old_path), "--new", str(new_path), str(segment_file)],
                              capture_output=True, text=True, timeout=60, check=False)

    result = verify(segment_path)
    assert result.returncode == 0 and result.stdout.startswith("OK"), (result.stdout, result.stderr)

    # The test's own events are withheld (not platform-level: sellers and buyers stay pseudonymous); the queries
    # the regulator's page views logged are disclosed. One changed byte of a disclosed event's data, or of a
    # withheld leaf's hash, and the regulator's own check fails.
    doc = json.loads(segment_path.read_text())
    withheld = [leaf for leaf in doc["leaves"] if leaf.get("reason") == "not_disclosed"]
    assert len(withheld) >= 7 and not any("data" in leaf for leaf in withheld)
    leaf = next(leaf for leaf in doc["leaves"] if "data" in leaf and leaf["data"]["action"] == "oversight.query")
    leaf["data"]["subject_id"] = leaf["data"]["subject_id"] + "x"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(doc))
    result = verify(tampered)
    assert result.returncode == 1 and "FAILED" in result.stdout, (result.stdout, result.stderr)
    doc = json.loads(segment_path.read_text())
    leaf = next(leaf for leaf in doc["leaves"] if leaf.get("reason") == "not_disclosed")
    leaf["leaf_hash"] = ("0" if leaf["leaf_hash"][0] != "0" else "1") + leaf["leaf_hash"][1:]
    tampered.write_text(json.dumps(doc))
    result = verify(tampered)
    assert result.returncode == 1 and "FAILED" in result.stdout, (result.stdout, result.stderr)
    context.close()
