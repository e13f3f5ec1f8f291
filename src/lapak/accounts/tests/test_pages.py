"""The account pages: sign up, sign in, lockout, sign out, password reset, CSRF."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from lapak.accounts.models import RoleGrant, User

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"


def client_in(language: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def signup_data(**overrides) -> dict:
    data = {"email": "sari@example.test", "full_name": "Sari Wulandari", "password1": PASSWORD, "password2": PASSWORD}
    data.update(overrides)
    return data


def field_errors(response, field: str) -> str:
    """The text of the inline error list linked to a field (empty if none)."""
    html = response.content.decode()
    match = re.search(rf'<ul class="field__errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)) if match else ""


def input_tag(response, field: str) -> str:
    match = re.search(rf'<input[^>]*id="id_{field}"[^>]*>', response.content.decode())
    assert match, f"no input for {field}"
    return match.group(0)


# --- Sign up ---------------------------------------------------------------------------------------


def test_signup_creates_buyer_logs_in_and_redirects_home_with_message():
    client = client_in("id")
    response = client.post(SIGNUP, signup_data(email="Sari@Example.TEST"), follow=True)
    assert response.redirect_chain == [("/", 302)]
    user = User.objects.get()
    assert user.email == "sari@example.test"
    assert user.language == "id"
    assert set(RoleGrant.objects.filter(user=user).values_list("role", flat=True)) == {"buyer"}
    assert client.session[SESSION_KEY] == str(user.pk)
    assert "Selamat datang di Lapak, Sari Wulandari!" in response.content.decode()


def test_signup_in_english_saves_english_as_the_account_language():
    client = client_in("en")
    client.post(SIGNUP, signup_data())
    assert User.objects.get().language == "en"


def test_signup_follows_a_safe_next_and_ignores_an_external_one():
    response = client_in("en").post(SIGNUP + "?next=/accounts/password-reset/", signup_data())
    assert response["Location"] == "/accounts/password-reset/"
    response = client_in("en").post(SIGNUP, signup_data(email="other@example.test", next="https://evil.example/steal"))
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("language", "overrides", "field", "expected"),
    [
        ("en", {"email": "not-an-email"}, "email", "Enter a valid email address."),
        ("id", {"email": "not-an-email"}, "email", "Masukkan alamat email yang valid."),
        ("en", {"email": ""}, "email", "This field is required."),
        ("en", {"email": "a" * 250 + "@example.test"}, "email", "at most 254 characters"),
        ("en", {"full_name": ""}, "full_name", "This field is required."),
        ("en", {"full_name": "   "}, "full_name", "This field is required."),
        ("en", {"full_name": "N" * 151}, "full_name", "at most 150 characters"),
        ("id", {"full_name": "N" * 151}, "full_name", "paling banyak 150 karakter"),
        ("en", {"password1": "short1", "password2": "short1"}, "password1", "too short"),
        ("en", {"password1": "password123", "password2": "password123"}, "password1", "too common"),
        ("id", {"password1": "password123", "password2": "password123"}, "password1", "terlalu umum"),
        ("en", {"password1": "5820583920471", "password2": "5820583920471"}, "password1", "entirely numeric"),
        ("en", {"password1": "x" * 257, "password2": "x" * 257}, "password1", "at most 256 characters"),
        ("en", {"password2": PASSWORD + "!"}, "password2", "The two passwords do not match."),
        ("id", {"password2": PASSWORD + "!"}, "password2", "Kedua kata sandi tidak sama."),
    ],
)
def test_signup_rejects_bad_input_inline_and_writes_nothing(language, overrides, field, expected):
    response = client_in(language).post(SIGNUP, signup_data(**overrides))
    assert response.status_code == 422
    assert expected in field_errors(response, field)
    tag = input_tag(response, field)
    assert 'aria-invalid="true"' in tag
    assert f"id_{field}_error" in tag  # aria-describedby points at the message
    assert User.objects.count() == 0
    assert SESSION_KEY not in response.wsgi_request.session


@pytest.mark.parametrize("language", ["en", "id"])
def test_signup_with_a_taken_email_in_other_case_is_refused_inline(make_user, language):
    make_user(email="sari@example.test")
    response = client_in(language).post(SIGNUP, signup_data(email="SARI@example.TEST"))
    assert response.status_code == 422
    expected = {
        "en": "An account with this email address already exists.",
        "id": "Akun dengan alamat email ini sudah terdaftar.",
    }[language]
    assert expected in field_errors(response, "email")
    assert User.objects.count() == 1


def test_signup_keeps_what_was_typed_except_passwords():
    response = client_in("en").post(SIGNUP, signup_data(password2="different password!"))
    assert 'value="sari@example.test"' in input_tag(response, "email")
    assert 'value="Sari Wulandari"' in input_tag(response, "full_name")
    assert "value=" not in input_tag(response, "password1")


def test_signup_page_redirects_a_signed_in_user_home(make_user):
    client = Client()
    client.force_login(make_user())
    assert client.get(SIGNUP)["Location"] == "/"


def test_email_check_partial_reports_taken_invalid_and_available(make_user):
    make_user(email="taken@example.test")
    client = client_in("en")
    url = reverse("accounts:signup_check_email")
    taken = client.post(url, {"email": "TAKEN@example.test"}, HTTP_HX_REQUEST="true")
    assert "An account with this email address already exists." in taken.content.decode()
    assert "<html" not in taken.content.decode()  # a fragment, not a page
    invalid = client.post(url, {"email": "nope"}, HTTP_HX_REQUEST="true")
    assert "Enter a valid email address." in invalid.content.decode()
    free = client.post(url, {"email": "free@example.test"}, HTTP_HX_REQUEST="true")
    assert "This email address is available." in free.content.decode()
    assert client.get(url).status_code == 405


def test_signup_page_wires_the_inline_email_check():
    html = client_in("en").get(SIGNUP).content.decode()
    assert f'hx-post="{reverse("accounts:signup_check_email")}"' in html
    assert 'hx-params="email"' in html  # the passwords are never sent to the check


# --- Sign in, lockout, sign out --------------------------------------------------------------------


def test_login_with_the_right_password_signs_in_and_applies_the_saved_language(make_user):
    user = make_user(email="budi@example.test")
    User.objects.filter(pk=user.pk).update(language="en")
    client = client_in("id")
    response = client.post(LOGIN, {"username": "BUDI@example.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(user.pk)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "The email or password is wrong."), ("id", "Email atau kata sandi salah.")]
)
def test_login_with_a_wrong_password_shows_an_inline_error(make_user, language, expected):
    make_user(email="budi@example.test")
    client = client_in(language)
    response = client.post(LOGIN, {"username": "budi@example.test", "password": "wrong password here"})
    assert response.status_code == 422
    html = response.content.decode()
    alert = r'<div class="alert alert--error" role="alert" id="form-errors">\s*<p>'
    assert re.search(alert + re.escape(expected), html)
    assert 'aria-describedby="form-errors"' in input_tag(response, "password")
    assert SESSION_KEY not in client.session


def test_login_follows_only_a_safe_next(make_user):
    make_user(email="budi@example.test")
    data = {"username": "budi@example.test", "password": PASSWORD}
    assert Client().post(LOGIN + "?next=/accounts/signup/", data)["Location"] == "/accounts/signup/"
    assert Client().post(LOGIN + "?next=//evil.example/", data)["Location"] == "/"


@pytest.mark.parametrize("language", ["en", "id"])
def test_five_failures_lock_the_login_with_a_429_page_that_explains_the_wait(make_user, language):
    make_user(email="budi@example.test")
    client = client_in(language)
    bad = {"username": "budi@example.test", "password": "wrong password here"}
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(LOGIN, bad).status_code == 422
    locked = client.post(LOGIN, bad)
    assert locked.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    expected = {"en": f"Please wait {minutes} minutes", "id": f"Tunggu {minutes} menit"}[language]
    assert expected in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    right = client.post(LOGIN, {"username": "budi@example.test", "password": PASSWORD})
    assert right.status_code == 429
    assert SESSION_KEY not in client.session


def test_logout_requires_post(make_user):
    client = client_in("en")
    client.force_login(make_user())
    assert client.get("/accounts/logout/").status_code == 405
    assert SESSION_KEY in client.session
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert SESSION_KEY not in client.session
    assert "You have signed out." in response.content.decode()


# --- Password reset --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("account_language", "subject", "phrase"),
    [
        ("id", "Atur ulang kata sandi Lapak Anda", "hanya dapat digunakan satu kali"),
        ("en", "Reset your Lapak password", "The link works once"),
    ],
)
def test_password_reset_sends_an_email_in_the_account_language_whose_link_works(
    make_user, account_language, subject, phrase
):
    user = make_user(email="rina@example.test")
    User.objects.filter(pk=user.pk).update(language=account_language)
    client = client_in("en" if account_language == "id" else "id")
    response = client.post("/accounts/password-reset/", {"email": "RINA@example.test"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rina@example.test"]
    assert message.subject == subject
    assert phrase in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    new_password = "a brand new passphrase"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done["Location"] == "/accounts/reset/done/"
    assert Client().post(LOGIN, {"username": "rina@example.test", "password": new_password}).status_code == 302
    # The link is single-use.
    assert client.get(link, follow=True).context["validlink"] is False


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing():
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.test"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


# --- CSRF ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (SIGNUP, signup_data()),
        (LOGIN, {"username": "x@example.test", "password": PASSWORD}),
        ("/accounts/logout/", {}),
        ("/accounts/password-reset/", {"email": "x@example.test"}),
        ("/language/", {"language": "en"}),
    ],
)
def test_forms_refuse_posts_without_a_csrf_token(path, data):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(path, data)
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    assert User.objects.count() == 0


def test_signup_with_the_csrf_token_from_the_page_succeeds():
    client = Client(enforce_csrf_checks=True)
    page = client.get(SIGNUP)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(SIGNUP, {**signup_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert User.objects.count() == 1
