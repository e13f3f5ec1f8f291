"""The post page, the studio's posts and the moderation queue, through the test client."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lapak.social.models import Comment, Like, Post, Report
from lapak.social.services.moderation import report_file
from lapak.social.tests.support_posts import (  # noqa: F401
    catalogue_fixture,
    creator_for,
    media_root_fixture,
    picture_bytes,
    published_post,
    qr_picture_bytes,
    qris_payload,
)

pytestmark = pytest.mark.django_db(databases=["default", "social"])
HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(user=None, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def test_the_post_page_escapes_the_caption_and_links_products_through_go(make_user):
    post = published_post(creator_for(make_user()), caption='<script>alert("x")</script> keren')
    page = _client().get(f"/posts/{post.public_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; keren" in html
    tag = post.tags.get()
    assert f'href="/go/post/{post.public_id}/{tag.product_id}/"' in html
    assert "Rp75.000" in html and "Rp90.000" in html


def test_unpublished_posts_are_404_except_to_their_creator_who_sees_why(make_user, catalogue, media_root):
    from lapak.social.services.posts import post_create, post_publish

    user = make_user()
    creator_for(user)
    upload = SimpleUploadedFile("q.png", qr_picture_bytes(qris_payload()))
    post = post_publish(actor=user, post=post_create(actor=user, upload=upload, caption="",
                                                     product_ids=[catalogue.add()]))
    assert _client().get(f"/posts/{post.public_id}/").status_code == 404
    assert _client(make_user()).get(f"/posts/{post.public_id}/").status_code == 404
    english = _client(user).get(f"/posts/{post.public_id}/").content.decode()
    assert "Social media may only promote" in english and 'id="post-refusal"' in english
    indonesian = _client(user, "id").get(f"/posts/{post.public_id}/").content.decode()
    assert "Media sosial hanya boleh mempromosikan" in indonesian


def test_like_and_comment_with_htmx_and_visitors_are_sent_to_sign_in(make_user):
    post = published_post(creator_for(make_user()))
    anonymous = _client().post(f"/posts/{post.public_id}/like/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    fan = _client(make_user())
    fragment = fan.post(f"/posts/{post.public_id}/like/", **HTMX)
    assert fragment.status_code == 200 and 'aria-pressed="true"' in fragment.content.decode()
    assert Like.objects.count() == 1
    fan.post(f"/posts/{post.public_id}/like/", **HTMX)
    assert Like.objects.count() == 0
    comments = fan.post(f"/posts/{post.public_id}/comments/", {"body": "<b>mantap</b>"}, **HTMX)
    assert comments.status_code == 200 and "&lt;b&gt;mantap&lt;/b&gt;" in comments.content.decode()
    assert Comment.objects.get().body == "<b>mantap</b>"


def test_a_comment_flood_gets_an_inline_error(make_user):
    post = published_post(creator_for(make_user()))
    fan = _client(make_user())
    for n in range(5):
        assert fan.post(f"/posts/{post.public_id}/comments/", {"body": f"k{n}"}, **HTMX).status_code == 200
    flood = fan.post(f"/posts/{post.public_id}/comments/", {"body": "lagi"}, **HTMX)
    assert flood.status_code == 429 and "commenting too fast" in flood.content.decode()
    assert Comment.objects.count() == 5


def test_reporting_a_post_once(make_user):
    post = published_post(creator_for(make_user()))
    viewer = _client(make_user())
    assert viewer.get(f"/posts/{post.public_id}/report/").status_code == 200
    assert viewer.post(f"/posts/{post.public_id}/report/", {"reason": "payment"}).status_code == 302
    again = viewer.post(f"/posts/{post.public_id}/report/", {"reason": "spam"})
    assert again.status_code == 409 and "already reported" in again.content.decode()
    assert Report.objects.count() == 1


def test_the_studio_is_for_verified_creators(make_user):
    assert _client(make_user()).get("/studio/posts/").status_code == 403
    unverified = make_user()
    creator_for(unverified, verified=False)
    assert _client(unverified).get("/studio/posts/new/").status_code == 403
    assert _client().get("/studio/posts/").status_code == 302


def test_a_creator_uploads_publishes_and_sees_the_state(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    studio = _client(user)
    assert studio.get("/studio/posts/new/").status_code == 200
    bad = studio.post("/studio/posts/new/", {"media": SimpleUploadedFile("x.mp4", b"text" * 100), "caption": "",
                                             "tags": catalogue.add()})
    assert bad.status_code == 422 and "neither a video" in bad.content.decode()
    unknown = studio.post("/studio/posts/new/", {"media": SimpleUploadedFile("p.jpg", picture_bytes()),
                                                 "tags": "prd_01JD3Q6Y8W9M2K4N7P5R0S1T2V"})
    assert unknown.status_code == 422 and "prd_01JD3Q6Y8W9M2K4N7P5R0S1T2V: " in unknown.content.decode()
    created = studio.post("/studio/posts/new/", {"media": SimpleUploadedFile("p.jpg", picture_bytes()),
                                                 "caption": "Baru #kaos", "tags": catalogue.add()})
    assert created.status_code == 302
    post = Post.objects.get()
    listing = studio.get("/studio/posts/").content.decode()
    assert f'id="mine-{post.public_id}"' in listing and "Draft" in listing
    assert studio.post(f"/studio/posts/{post.public_id}/publish/").status_code == 302
    post.refresh_from_db()
    assert post.status == "published"
    assert studio.post(f"/studio/posts/{post.public_id}/delete/").status_code == 302
    post.refresh_from_db()
    assert post.status == "deleted"


def test_the_moderation_queue_is_for_operators(make_user):
    post = published_post(creator_for(make_user()))
    report_file(actor=make_user(), post=post, reason="payment", note="<i>QRIS</i>")
    assert _client().get("/operations/social/").status_code == 302
    assert _client(make_user()).get("/operations/social/").status_code == 403
    assert _client(make_user(roles=["regulator"], jurisdiction="ID")).get("/operations/social/").status_code == 403
    operator = _client(make_user(roles=["operator"]))
    queue = operator.get("/operations/social/")
    assert queue.status_code == 200 and f'id="queue-{post.public_id}"' in queue.content.decode()
    assert "&lt;i&gt;QRIS&lt;/i&gt;" in queue.content.decode()
    missing = operator.post(f"/operations/social/posts/{post.public_id}/takedown/",
                            {f"{post.public_id}-reason": "payment", f"{post.public_id}-note": ""})
    assert missing.status_code == 422 and "field--invalid" in missing.content.decode()
    done = operator.post(f"/operations/social/posts/{post.public_id}/takedown/",
                         {f"{post.public_id}-reason": "payment", f"{post.public_id}-note": "QRIS di video"})
    assert done.status_code == 302
    post.refresh_from_db()
    assert post.status == "taken_down" and Report.objects.get().status == "upheld"
    assert 'id="queue-empty"' in operator.get("/operations/social/").content.decode()


def test_a_video_post_plays_with_its_poster_and_older_comments_load_on_demand(make_user, catalogue, media_root,
                                                                              tmp_path, settings):
    from lapak.social.services.engagement import comment_add
    from lapak.social.services.posts import post_create, post_publish
    from lapak.social.tests.support_posts import make_video, upload_of

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # no rate limit here
    user = make_user()
    creator_for(user)
    post = post_publish(actor=user, post=post_create(actor=user, upload=upload_of(make_video(tmp_path)),
                                                     caption="", product_ids=[catalogue.add()]))
    for n in range(21):
        comment_add(actor=user, post=post, body=f"komentar {n}")
    html = _client().get(f"/posts/{post.public_id}/").content.decode()
    assert f'poster="{post.poster.url}"' in html and f'src="{post.media.url}" type="video/mp4"' in html
    assert 'id="comments-more"' in html and "komentar 1<" in html and "komentar 0<" not in html
    oldest = Comment.objects.order_by("id")[1]
    more = _client().get(f"/posts/{post.public_id}/comments/?before={oldest.public_id}")
    assert more.status_code == 200 and "komentar 0<" in more.content.decode()
    assert "komentar 1<" not in more.content.decode() and 'id="comments-more"' not in more.content.decode()
