"""`/go/…` mints a signed token on every tap, so taps are limited per client address: 429 with a page, not a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lapak.core.ids import new_public_id
from lapak.social.tests.support_posts import creator_for, published_post
from lapak.social.views_handoff import GO_LIMIT

pytestmark = pytest.mark.django_db(databases=["default", "social"])


def test_taps_beyond_the_limit_from_one_address_get_a_clear_429_page_and_other_addresses_go_on(make_user):
    product = new_public_id("prd")
    post = published_post(creator_for(make_user()), product_ids=(product,))
    url = reverse("social_go:go", args=["post", post.public_id, product])
    tapper = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="203.0.113.7")
    for _ in range(GO_LIMIT):
        assert tapper.get(url).status_code == 302
    refused = tapper.get(url)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "no-cache" in refused["Cache-Control"] and "Location" not in refused
    assert "Too many taps" in refused.content.decode()
    assert Client(REMOTE_ADDR="203.0.113.7").get(url).status_code == 429  # same address, default language
    assert Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="203.0.113.8").get(url).status_code == 302


def test_probing_unknown_links_counts_too(make_user):
    prober = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(GO_LIMIT):
        assert prober.get(reverse("social_go:go", args=["post", new_public_id("pst"), new_public_id("prd")])
                          ).status_code == 404
    assert prober.get(reverse("social_go:go", args=["post", new_public_id("pst"), new_public_id("prd")])
                      ).status_code == 429
