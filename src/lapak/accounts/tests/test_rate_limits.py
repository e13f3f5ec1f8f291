import time
from types import SimpleNamespace

import pytest

from lapak.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    """The limits count in fixed windows of wall-clock time: a slow machine could cross a window's edge halfway
    through a test and see the count start again. The limiter's clock stands still here."""
    moment = time.time()
    monkeypatch.setattr("lapak.core.ratelimit.time", SimpleNamespace(time=lambda: moment))


def signup(client, n):
    return client.post(
        "/accounts/signup/",
        {
            "email": f"new{n}@example.test",
            "full_name": "Nur Hidayah",
            "password1": "correct horse battery",
            "password2": "correct horse battery",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_signups_are_limited_per_address(client, settings):
    settings.SIGNUP_RATE_PER_HOUR = 2
    assert signup(client, 1).status_code == 302
    client.logout()
    assert signup(client, 2).status_code == 302
    client.logout()
    refused = signup(client, 3)
    assert refused.status_code == 429
    assert "Too many sign-ups" in refused.content.decode()
    assert not User.objects.filter(email="new3@example.test").exists()
    # Another address is not affected.
    assert signup(client.__class__(REMOTE_ADDR="10.9.8.7"), 4).status_code == 302


def test_email_check_is_limited(client):
    statuses = [
        client.post("/accounts/signup/check-email/", {"email": f"x{i}@example.test"}).status_code for i in range(31)
    ]
    assert set(statuses[:30]) == {200}
    assert statuses[30] == 429
