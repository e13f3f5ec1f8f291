"""The shell: pages in both languages, error pages, the language switch."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db


def client_in(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


PAGES = [
    ("/", "Belum ada produk", "No products yet"),
    ("/accounts/signup/", "Buat akun", "Create an account"),
    ("/accounts/login/", "Lupa kata sandi?", "Forgot your password?"),
    ("/accounts/password-reset/", "Kirim tautan atur ulang", "Send reset link"),
    ("/accounts/password-reset/sent/", "Periksa email Anda", "Check your email"),
    ("/accounts/reset/done/", "Kata sandi berhasil diubah", "Password changed"),
    ("/accounts/reset/MQ/not-a-token/", "Tautan ini sudah tidak berlaku", "This link no longer works"),
]


@pytest.mark.parametrize(("path", "indonesian", "english"), PAGES)
def test_pages_render_in_both_languages(path, indonesian, english):
    id_page = client_in("id").get(path, follow=True)
    en_page = client_in("en").get(path, follow=True)
    assert id_page.status_code == en_page.status_code == 200
    assert indonesian in id_page.content.decode()
    assert english not in id_page.content.decode()
    assert english in en_page.content.decode()
    assert '<html lang="id">' in id_page.content.decode()
    assert '<html lang="en">' in en_page.content.decode()


def test_indonesian_is_the_default_without_any_preference():
    html = Client().get("/").content.decode()
    assert '<html lang="id">' in html
    assert "Langsung ke konten utama" in html  # the skip link


def test_home_is_an_honest_empty_state_with_landmarks():
    html = client_in("en").get("/").content.decode()
    assert "sellers" in html and "verifying" in html
    for landmark in ('<header class="site-header">', '<main id="main"', "<footer", "<nav "):
        assert landmark in html
    assert '<a class="skip-link" href="#main">' in html
    # No made-up products or prices (a bare "Rp" could be part of the random CSRF token).
    assert not re.search(r"Rp\s?[0-9]", html)


def test_every_page_sends_the_csrf_token_to_htmx():
    client = Client()
    html = client.get("/").content.decode()
    header = re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'>", html)
    assert header, "body carries no hx-headers"
    assert 'src="/static/lapak/vendor/htmx.min.js"' in html


@pytest.mark.parametrize(("language", "expected"), [("id", "Halaman tidak ditemukan"), ("en", "Page not found")])
def test_404_page_uses_the_design(language, expected):
    response = client_in(language).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert expected in html
    assert 'href="/static/lapak/lapak.css"' in html


@pytest.mark.parametrize(("language", "expected"), [("id", "Terjadi kesalahan"), ("en", "Something went wrong")])
def test_500_template_renders_without_request_or_context(language, expected):
    # Django renders 500.html with an empty context: no request, user or database.
    with translation.override(language):
        html = render_to_string("500.html")
    assert expected in html
    assert "lapak.css" in html


# --- Language switch -------------------------------------------------------------------------------


def test_language_switch_sets_the_cookie_and_returns_to_the_page():
    client = Client()
    response = client.post("/language/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Forgot your password?" in client.get("/accounts/login/").content.decode()
    client.post("/language/", {"language": "id", "next": "/"})
    assert "Belum ada produk" in client.get("/").content.decode()


def test_language_switch_refuses_an_external_next_and_an_unknown_language():
    response = Client().post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    response = Client().post("/language/", {"language": "xx", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_language_switch_saves_the_choice_for_a_signed_in_user(make_user):
    user = make_user()
    client = Client()
    client.force_login(user)
    client.post("/language/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    client.post("/language/", {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_language_switch_is_post_only():
    assert Client().get("/language/?language=en").status_code == 405


def test_language_switch_marks_the_current_language():
    html = client_in("en").get("/").content.decode()
    assert re.search(r'value="en" lang="en"[^>]*\s+aria-pressed="true"', html)
    assert re.search(r'value="id" lang="id"[^>]*\s+aria-pressed="false"', html)
    assert "Bahasa Indonesia" in html  # each language is named in itself


def test_signed_in_header_offers_a_post_sign_out_form(make_user):
    client = client_in("en")
    client.force_login(make_user())
    html = client.get("/").content.decode()
    sign_out = r'<form method="post" action="/accounts/logout/"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"'
    assert re.search(sign_out, html)
    assert 'href="/accounts/login/"' not in html


@pytest.mark.django_db
def test_home_leads_would_be_sellers_to_the_seller_centre(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/seller/"' in html
