"""The creator page, the follow button, and the studio's onboarding: profile, phone check, creator role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from lapak.accounts.selectors import user_roles
from lapak.social.models import Creator, Follow, LiveSession, Post, ShowcaseItem
from lapak.social.tests import support_creators
from lapak.social.tests.support_creators import become_creator, last_code
from lapak.social.tests.support_feed import NOW, creator_make, post_make

pytestmark = pytest.mark.django_db(databases=["default", "social"])
sms_outbox = support_creators.sms_outbox


def english(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def test_the_public_page_shows_posts_showcase_and_lives():
    creator = creator_make("sari")
    shown = post_make(creator, caption="Kaos baru")
    draft = post_make(creator, status=Post.Status.DRAFT)
    ShowcaseItem.objects.create(creator=creator, product_id="prd_01SHOW", title="Tas Rotan", price_min=150_000,
                                price_max=150_000, seller_id="org_A", seller_name="Toko A", refreshed_at=NOW)
    ShowcaseItem.objects.create(creator=creator, product_id="prd_01GONE", title="Habis", price_min=1, price_max=1,
                                seller_id="org_A", available=False, refreshed_at=NOW)
    LiveSession.objects.create(creator=creator, title="Obral Jumat", scheduled_for=NOW + timedelta(days=1))
    html = english().get("/creators/sari/").content.decode()
    assert f"/posts/{shown.public_id}/" in html and draft.public_id not in html
    assert f'href="/go/showcase/{creator.public_id}/prd_01SHOW/"' in html and "Rp150.000" in html
    assert "prd_01GONE" not in html
    assert "Obral Jumat" in html
    assert english().get("/creators/nobody/").status_code == 404


def test_follow_button_with_and_without_htmx(make_user):
    creator = creator_make("budi")
    anonymous = english().post("/creators/budi/follow/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    fan = english(make_user())
    response = fan.post("/creators/budi/follow/", {"action": "follow"})
    assert response.status_code == 302 and response["Location"] == "/creators/budi/"
    assert "Following" in fan.get("/creators/budi/").content.decode()
    partial = fan.post("/creators/budi/follow/", {"action": "unfollow"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "0 followers" in partial and ">Follow<" in partial
    partial = fan.post("/creators/budi/follow/", {"action": "follow"}, HTTP_HX_REQUEST="true").content.decode()
    assert "1 follower" in partial
    creator.refresh_from_db()
    assert creator.followers_count == 1 == Follow.objects.count()


def test_onboarding_from_profile_to_creator_role(make_user, sms_outbox):
    user = make_user()
    client = english(user)
    assert "Become a creator" in client.get("/studio/").content.decode()
    refused = client.post("/studio/profile/", {"handle": "admin", "display_name": "Sari", "phone": "0812345"})
    assert refused.status_code == 422 and Creator.objects.count() == 0
    html = refused.content.decode()
    assert "This handle is reserved" in html and "field--invalid" in html
    response = client.post("/studio/profile/", {"handle": "sari", "display_name": "Sari", "phone": "0812 3456 7890",
                                                "bio": "Fesyen"})
    assert response.status_code == 302 and response["Location"] == "/studio/profile/phone/"
    assert client.post("/studio/profile/phone/", {"action": "send"}).status_code == 302
    assert len(sms_outbox) == 1
    wrong = client.post("/studio/profile/phone/", {"action": "verify", "code": "000000"
                                                   if last_code(sms_outbox) != "000000" else "111111"})
    assert wrong.status_code == 422 and "This code is not right" in wrong.content.decode()
    right = client.post("/studio/profile/phone/", {"action": "verify", "code": last_code(sms_outbox)})
    assert right.status_code == 302 and right["Location"] == "/studio/"
    assert "creator" in user_roles(user)
    home = client.get("/studio/").content.decode()
    for link in ("/studio/posts/", "/studio/live/", "/studio/showcase/", "/studio/earnings/"):
        assert f'href="{link}"' in home


def test_resend_too_soon_is_shown_on_the_page(make_user, sms_outbox):
    client = english(make_user())
    client.post("/studio/profile/", {"handle": "sari", "display_name": "Sari", "phone": "081234567890"})
    client.post("/studio/profile/phone/", {"action": "send"})
    again = client.post("/studio/profile/phone/", {"action": "send"})
    assert again.status_code == 429 and "Wait a minute" in again.content.decode()


def test_studio_pages_need_sign_in_and_showcase_needs_verification(make_user, sms_outbox):
    for path in ("/studio/", "/studio/profile/", "/studio/profile/phone/", "/studio/showcase/"):
        assert "/accounts/login/" in english().get(path)["Location"]
    user = make_user()
    client = english(user)
    assert client.get("/studio/showcase/")["Location"] == "/studio/"
    client.post("/studio/profile/", {"handle": "sari", "display_name": "Sari", "phone": "081234567890"})
    assert client.get("/studio/showcase/")["Location"] == "/studio/"


def test_editing_keeps_the_handle(make_user, sms_outbox):
    user = make_user()
    become_creator(user, sms_outbox, handle="tetap")
    client = english(user)
    assert 'name="handle"' not in client.get("/studio/profile/").content.decode()
    response = client.post("/studio/profile/", {"handle": "baru", "display_name": "Nama Baru",
                                                "phone": "081234567890", "bio": "b"})
    assert response.status_code == 302
    creator = Creator.objects.get()
    assert creator.handle == "tetap" and creator.display_name == "Nama Baru" and creator.phone_verified_at
