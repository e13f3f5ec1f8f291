"""The posts API end to end: upload, publish, read (caption as plain text), comments with a keyset, errors."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lapak.social.models import Post, ProductTag
from lapak.social.services.engagement import comment_add
from lapak.social.tests.support_posts import (  # noqa: F401
    catalogue_fixture,
    creator_for,
    media_root_fixture,
    picture_bytes,
    published_post,
    qr_picture_bytes,
    qris_payload,
    stored_files,
)

pytestmark = pytest.mark.django_db(databases=["default", "social"])
S = "/api/v1/social"
SCRIPT = '<script>alert("x")</script> #Promo'


def _client(headers=None) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", **(headers or {}))


def _upload(client, catalogue, *, raw=None, tags=None, caption=SCRIPT):
    media = SimpleUploadedFile("p.jpg", raw or picture_bytes(), content_type="image/jpeg")
    return client.post(S + "/posts", data={"media": media, "caption": caption,
                                           "tags": tags if tags is not None else f"{catalogue.add()}, "
                                                                                 f"{catalogue.add()}"})


def test_upload_publish_and_read_with_the_caption_as_plain_text(make_user, bearer, catalogue, media_root):
    user = make_user()
    creator_for(user, handle="sari")
    api = _client(bearer(user))
    created = _upload(api, catalogue)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["kind"], body["hashtags"], len(body["tags"])) == ("draft", "image", ["promo"], 2)
    assert _client().get(f"{S}/posts/{body['id']}").status_code == 404  # a draft is the creator's alone
    assert api.get(f"{S}/posts/{body['id']}").json()["status"] == "draft"
    published = api.post(f"{S}/posts/{body['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    public = _client().get(f"{S}/posts/{body['id']}")
    assert public.status_code == 200
    assert public.json()["caption"] == SCRIPT  # JSON carries text; whoever renders it escapes it
    assert public.json()["tags"][0]["go_url"] == f"/go/post/{body['id']}/{public.json()['tags'][0]['product_id']}/"
    listed = _client().get(f"{S}/posts?creator=sari").json()
    assert [p["id"] for p in listed] == [body["id"]]


def test_a_refused_publication_answers_with_the_reasons(make_user, bearer, catalogue, media_root):
    user = make_user()
    creator_for(user)
    api = _client(bearer(user))
    post_id = _upload(api, catalogue, raw=qr_picture_bytes(qris_payload()), caption="").json()["id"]
    body = api.post(f"{S}/posts/{post_id}/publish").json()
    assert body["status"] == "refused"
    assert body["refusal"][0]["rule_id"] == "ID-SOC-1"
    assert body["refusal"][0]["title"] == "Social media may only promote"
    indonesian = Client(HTTP_ACCEPT_LANGUAGE="id", **bearer(user)).get(f"{S}/posts/{post_id}").json()
    assert indonesian["refusal"][0]["title"] == "Media sosial hanya boleh mempromosikan"


def test_bad_uploads_are_refused_per_field_and_store_nothing(make_user, bearer, catalogue, media_root):
    user = make_user()
    creator_for(user)
    api = _client(bearer(user))
    fake = SimpleUploadedFile("clip.mp4", b"just text, renamed" * 50, content_type="video/mp4")
    response = api.post(S + "/posts", data={"media": fake, "caption": "", "tags": "prd_01JD3Q6Y8W9M2K4N7P5R0S1T2V"})
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"media"}  # the file is checked before the catalogue is asked
    response = _upload(api, catalogue, tags=f"{catalogue.add()} prd_01JD3Q6Y8W9M2K4N7P5R0S1T2V")
    assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["tags.1"]
    catalogue.down = True
    response = _upload(api, catalogue)
    assert response.status_code == 503 and response.json()["error"]["code"] == "catalogue_unavailable"
    assert Post.objects.count() == ProductTag.objects.count() == 0 and stored_files(media_root) == []


def test_comments_are_paged_with_a_keyset(make_user, bearer, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # no rate limit here
    post = published_post(creator_for(make_user()))
    fans = [make_user() for _ in range(5)]
    for n in range(23):
        comment_add(actor=fans[n % 5], post=post, body=f"komentar {n}")
    first = _client().get(f"{S}/posts/{post.public_id}/comments").json()
    assert [c["body"] for c in first[:2]] == ["komentar 22", "komentar 21"] and len(first) == 20
    rest = _client().get(f"{S}/posts/{post.public_id}/comments?before={first[-1]['id']}").json()
    assert [c["body"] for c in rest] == ["komentar 2", "komentar 1", "komentar 0"]
    assert _client().get(f"{S}/posts/{post.public_id}/comments?before=cmt_nope").status_code == 404


def test_likes_answer_with_the_count_and_a_bad_token_is_refused_even_on_public_reads(make_user, bearer):
    post = published_post(creator_for(make_user()))
    api = _client(bearer(make_user()))
    assert api.post(f"{S}/posts/{post.public_id}/like").json() == {"liked": True, "likes_count": 1}
    assert api.post(f"{S}/posts/{post.public_id}/like").json() == {"liked": True, "likes_count": 1}
    assert api.delete(f"{S}/posts/{post.public_id}/like").json() == {"liked": False, "likes_count": 0}
    forged = _client({"HTTP_AUTHORIZATION": "Bearer lpk_forged"}).get(f"{S}/posts/{post.public_id}")
    assert forged.status_code == 401


def test_a_second_report_is_a_conflict(make_user, bearer):
    post = published_post(creator_for(make_user()))
    api = _client(bearer(make_user()))
    url = f"{S}/posts/{post.public_id}/reports"
    assert api.post(url, data={"reason": "spam"}, content_type="application/json").status_code == 201
    again = api.post(url, data={"reason": "hate"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_reported"


def test_a_video_uploaded_to_a_temporary_file_gets_its_poster(make_user, bearer, catalogue, media_root, settings,
                                                              tmp_path):
    from lapak.social.tests.support_posts import make_video

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # the upload lands in a temporary file, as large videos do
    user = make_user()
    creator_for(user)
    video = make_video(tmp_path, seconds=2, audio="aac")
    media = SimpleUploadedFile("clip.mp4", video.read_bytes(), content_type="video/mp4")
    response = _client(bearer(user)).post(S + "/posts", data={"media": media, "tags": catalogue.add()})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["media_type"], body["width"], body["height"]) == ("video", "video/mp4", 160, 120)
    assert body["media_url"].endswith(".mp4") and body["poster_url"].endswith(".jpg")
    assert len(stored_files(media_root)) == 2
