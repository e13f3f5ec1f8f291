"""Drive the real site in Chromium: home, sign up (with the htmx email check), sign out, sign in, language switch.

Screenshots land in test-artifacts/smoke-*.png for a person to look at. Run with `pytest -m browser -p no:playwright`.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls pytest-django makes around the
# live server are still synchronous and safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "kopi susu gula aren 2024"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"),
]


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"smoke-{name}.png"), full_page=True)


def test_visitor_signs_up_out_and_in_and_switches_language(chromium, live_server):
    from playwright.sync_api import expect

    context = chromium.new_context(locale="id-ID", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Belum ada produk")
    shot(page, "home-desktop")

    # Sign up; the email field is checked inline by htmx before the form is sent.
    page.get_by_role("banner").get_by_role("link", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buat akun")
    email = page.get_by_label("Alamat email")
    email.fill("bukan-email")
    page.get_by_label("Nama lengkap").focus()  # leaving the field fires `change`
    expect(page.locator("#email-field .field__errors")).to_contain_text("Masukkan alamat email yang valid.")
    expect(page.get_by_label("Alamat email")).to_have_attribute("aria-invalid", "true")
    shot(page, "signup-inline-error")
    page.get_by_label("Alamat email").fill("dewi@example.test")
    page.get_by_label("Nama lengkap").focus()
    expect(page.locator("#email-field .field__ok")).to_have_text(re.compile("Alamat email ini dapat digunakan"))
    page.get_by_label("Nama lengkap").fill("Dewi Lestari")
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Buat akun").click()
    expect(page.locator(".messages")).to_contain_text("Selamat datang di Lapak, Dewi Lestari!")
    expect(page.get_by_role("banner")).to_contain_text("Hai, Dewi")
    shot(page, "signed-up")

    # Sign out (a POST form), then sign in again.
    page.get_by_role("button", name="Keluar").click()
    expect(page.locator(".messages")).to_contain_text("Anda telah keluar.")
    page.get_by_role("banner").get_by_role("link", name="Masuk").click()
    page.get_by_label("Alamat email").fill("DEWI@example.test")
    page.get_by_label("Kata sandi").fill("salah sekali kata sandinya")
    page.get_by_role("main").get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("Email atau kata sandi salah.")
    shot(page, "login-wrong-password")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Masuk").click()
    expect(page.locator(".messages")).to_contain_text("Selamat datang kembali, Dewi.")

    # Switch to English and back; the visible text follows.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("No products yet")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    shot(page, "home-english")
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Belum ada produk")
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()

    assert errors == []
    context.close()


def test_pages_fit_a_phone_screen(chromium, live_server):
    from playwright.sync_api import expect

    context = chromium.new_context(locale="id-ID", viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page = context.new_page()
    pages = (
        ("/", "home-phone"),
        ("/accounts/signup/", "signup-phone"),
        ("/accounts/login/", "login-phone"),
        ("/no-such-page/", "404-phone"),
    )
    for path, name in pages:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        # Nothing may be wider than the screen (no sideways scrolling on a 375 px phone).
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{path} scrolls sideways"
        shot(page, name)
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_role("button", name="Buat akun").click()
    expect(page.locator(".field__errors").first).to_be_visible()
    shot(page, "signup-errors-phone")
    context.close()
