"""`/go/<source>/<source_id>/<product_id>/`: a fresh signed token for products that really belong to the source."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from lapak.core.handoff import handoff_token_verify
from lapak.core.ids import new_public_id
from lapak.social.models import LivePin, LiveSession, ShowcaseItem
from lapak.social.tests.support_posts import creator_for, published_post

pytestmark = pytest.mark.django_db(databases=["default", "social"])


def _go(client, source, source_id, product_id):
    return client.get(reverse("social_go:go", args=[source, source_id, product_id]))


def _claims(response):
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/handoff/"
    return handoff_token_verify(parse_qs(target.query)["t"][0])


def _snapshot(product_id: str) -> dict:
    return {"product_id": product_id, "title": "Kaos", "price_min": 1, "price_max": 1,
            "seller_id": new_public_id("org"), "refreshed_at": timezone.now()}


def test_a_tagged_product_of_a_published_post_hands_over_with_a_fresh_token(client, make_user):
    user = make_user()
    product = new_public_id("prd")
    post = published_post(creator_for(user), product_ids=(product,))
    first = _go(client, "post", post.public_id, product)
    claims = _claims(first)
    assert (claims.creator, claims.source, claims.source_id, claims.product, claims.campaign) == (
        user.public_id, "post", post.public_id, product, "promo-1")
    assert "no-store" in first["Cache-Control"] or "no-cache" in first["Cache-Control"]
    assert _claims(_go(client, "post", post.public_id, product)).nonce != claims.nonce


def test_a_product_not_tagged_or_a_post_not_shown_is_404(client, make_user):
    creator = creator_for(make_user())
    product = new_public_id("prd")
    post = published_post(creator, product_ids=(product,))
    draft = published_post(creator, product_ids=(product,), status="draft")
    taken = published_post(creator, product_ids=(product,), status="taken_down")
    assert _go(client, "post", post.public_id, new_public_id("prd")).status_code == 404
    assert _go(client, "post", draft.public_id, product).status_code == 404
    assert _go(client, "post", taken.public_id, product).status_code == 404
    assert _go(client, "order", post.public_id, product).status_code == 404
    assert _go(client, "post", "pst_nonsense", product).status_code == 404


def test_a_product_pinned_at_any_time_in_a_live_or_its_replay(client, make_user):
    user = make_user()
    creator = creator_for(user)
    now = timezone.now()
    live = LiveSession.objects.create(creator=creator, title="Live", status="ended", scheduled_for=now,
                                      campaign="harbolnas")
    earlier, never = new_public_id("prd"), new_public_id("prd")
    LivePin.objects.create(live=live, pinned_at=now, unpinned_at=now, **_snapshot(earlier))
    claims = _claims(_go(client, "live", live.public_id, earlier))
    assert (claims.creator, claims.source, claims.campaign) == (user.public_id, "live", "harbolnas")
    assert _go(client, "live", live.public_id, never).status_code == 404
    LiveSession.objects.filter(pk=live.pk).update(status="suspended")
    assert _go(client, "live", live.public_id, earlier).status_code == 404


def test_a_showcase_product(client, make_user):
    user = make_user()
    creator = creator_for(user)
    product = new_public_id("prd")
    ShowcaseItem.objects.create(creator=creator, **_snapshot(product))
    claims = _claims(_go(client, "showcase", creator.public_id, product))
    assert (claims.creator, claims.source, claims.source_id) == (user.public_id, "showcase", creator.public_id)
    other = creator_for(make_user())
    assert _go(client, "showcase", other.public_id, product).status_code == 404


def test_the_tap_records_nothing_about_who_tapped(client, make_user):
    from django.apps import apps

    product = new_public_id("prd")
    post = published_post(creator_for(make_user()), product_ids=(product,))
    social_models = apps.get_app_config("social").get_models()
    before = {m.__name__: m.objects.count() for m in social_models}
    client.force_login(make_user())
    assert _go(client, "post", post.public_id, product).status_code == 302
    assert {m.__name__: m.objects.count() for m in apps.get_app_config("social").get_models()} == before
    assert client.post(reverse("social_go:go", args=["post", post.public_id, product])).status_code == 405
