"""A phone-sized page in English with JavaScript errors collected: the start of every buyer browser test."""

from __future__ import annotations

import pytest
from test_smoke import CHROMIUM

PHONE = {"width": 375, "height": 812}

# The marks every buyer browser test carries: a real database the live server shares, and Chromium present.
MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"),
]


def phone_page(chromium: object, base_url: str, *, cookies: dict[str, str] | None = None) -> tuple[object, list]:
    """A new page in a phone-sized English context (plus any other cookies), and the list its errors go to."""
    context = chromium.new_context(locale="en-GB", viewport=PHONE)
    context.add_cookies([{"name": name, "value": value, "url": base_url}
                         for name, value in {"lapak_language": "en", **(cookies or {})}.items()])
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page, errors
