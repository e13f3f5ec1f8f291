"""An operator reviews a seller's application in the desk: queue, case, a reasoned reveal, a decision.

Screenshots land in test-artifacts/desk-*.png. Run with `pytest -m browser`.
"""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from test_smoke import ARTIFACTS, CHROMIUM, chromium  # noqa: F401  (the shared Chromium launch and fixture)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORD = "teh manis hangat 2026"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"),
]


def a_submitted_application(operator):
    """A real individual application from Gambir, made through the services the wizard uses."""
    from lapak.accounts.services import user_signup
    from lapak.market.sellers.tests.conftest import NIK_MAN, Builder
    from lapak.regions.models import Region
    from lapak.regions.services import regions_load

    if not Region.objects.exists():
        regions_load()
    owner = user_signup(email="budi@example.test", password=PASSWORD, full_name="Budi Santoso")
    builder = Builder(SimpleNamespace(owner=owner, operator=operator))
    return builder.submitted(), NIK_MAN


def test_an_operator_reviews_a_case_and_verifies_it(chromium, live_server):  # noqa: F811
    from playwright.sync_api import expect

    from lapak.accounts.services import role_grant, user_signup
    from lapak.core.audit.models import AuditEvent

    operator = user_signup(email="dewi@example.test", password=PASSWORD, full_name="Dewi Operator", language="en")
    role_grant(user=operator, role="operator")
    application, nik = a_submitted_application(operator)

    context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/operations/kyc/")
    page.fill("input[name=username]", operator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Toko Budi")
    page.screenshot(path=str(ARTIFACTS / "desk-queue.png"), full_page=True)

    page.locator(f"a[href='/operations/kyc/{application.public_id}/']").first.click()
    assert nik not in page.content()  # masked until someone gives a reason
    expect(page.locator("main")).to_contain_text(nik[:4] + "••••••••" + nik[-4:])

    reveal = page.locator("form.reveal-form").first
    reveal.locator("textarea, input[name=reason]").first.fill("Comparing the NIK with the KTP photo")
    reveal.locator("button[type=submit]").click()
    expect(page.locator("output.revealed__value")).to_have_text(nik)
    assert AuditEvent.objects.filter(action="identity.decrypt", subject_id=application.public_id).exists()
    page.screenshot(path=str(ARTIFACTS / "desk-case-revealed.png"), full_page=True)

    page.goto(f"{live_server.url}/operations/kyc/{application.public_id}/")
    page.get_by_role("button", name="Start review").click()
    page.locator("form.decision-form--verified button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Verified")
    application.refresh_from_db()
    assert application.status == "verified"

    phone = chromium.new_context(locale="id-ID", viewport={"width": 375, "height": 812},
                                 storage_state=context.storage_state())
    small = phone.new_page()
    small.goto(f"{live_server.url}/operations/kyc/")
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the queue scrolls sideways on a phone ({width}px)"
    small.screenshot(path=str(ARTIFACTS / "desk-queue-phone.png"), full_page=True)
    phone.close()
    context.close()
