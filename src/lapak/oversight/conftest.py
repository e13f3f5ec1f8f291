"""The oversight tests compare labels and messages in English: figures computed outside a request (through
`figure_read`) speak the active language, which is Bahasa Indonesia by default. A request through the test
client still follows its own `Accept-Language`, so the tests of the Indonesian pages keep working."""

import pytest


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def regulator(make_user):
    """A regulator of ID (their API token is issued after the grant, so it counts as issued against a code)."""
    return make_user(roles=["regulator"], jurisdiction="ID")


@pytest.fixture
def regulator_gb(make_user):
    return make_user(roles=["regulator"], jurisdiction="GB")


@pytest.fixture
def operator(make_user):
    return make_user(roles=["operator"])
