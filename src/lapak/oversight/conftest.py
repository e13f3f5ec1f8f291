"""The oversight tests compare labels and messages in English: figures computed outside a request (through
`figure_read`) speak the active language, which is Bahasa Indonesia by default. A request through the test
client still follows its own `Accept-Language`, so the tests of the Indonesian pages keep working."""

import pytest


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield
