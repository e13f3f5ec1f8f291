"""The studio's upload page bounds the request body: a body over the video limit (plus 1 MiB for the form) is refused
with the error on the form before it is read, and nothing is stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lapak.social.models import Post
from lapak.social.tests.support_posts import (  # noqa: F401
    catalogue_fixture,
    creator_for,
    media_root_fixture,
    picture_bytes,
    stored_files,
)

pytestmark = pytest.mark.django_db(databases=["default", "social"])
MIB = 1024 * 1024


def _studio(user, **kwargs) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **kwargs)
    client.force_login(user)
    return client


def test_a_body_over_the_video_limit_is_refused_on_the_form_and_nothing_is_stored(make_user, catalogue, media_root,
                                                                                    settings):
    settings.SOCIAL_VIDEO_MAX_BYTES = 2000
    user = make_user()
    creator_for(user)
    big = SimpleUploadedFile("big.mp4", b"\x00" * (2000 + MIB + 10), content_type="video/mp4")
    response = _studio(user).post("/studio/posts/new/", {"media": big, "caption": "", "tags": catalogue.add()})
    html = response.content.decode()
    assert response.status_code == 413
    assert 'id="id_media_error"' in html and "The upload is larger than" in html
    assert 'id="post-form"' in html  # the form again, to choose a smaller file
    assert not Post.objects.exists() and stored_files(media_root) == []


def test_a_body_within_the_bound_reaches_the_view_and_its_checks(make_user, catalogue, media_root, settings):
    settings.SOCIAL_VIDEO_MAX_BYTES = 2000
    user = make_user()
    creator_for(user)
    studio = _studio(user)
    # Over the video limit but within the body bound: the upload checks refuse it themselves (422, per field).
    over = studio.post("/studio/posts/new/", {"media": SimpleUploadedFile("v.mp4", b"\x00\x00\x00\x18ftypmp42" * 300),
                                              "tags": catalogue.add()})
    assert over.status_code == 422 and "larger than" in over.content.decode()
    created = studio.post("/studio/posts/new/", {"media": SimpleUploadedFile("p.jpg", picture_bytes()),
                                                 "caption": "", "tags": catalogue.add()})
    assert created.status_code == 302 and Post.objects.count() == 1


def test_the_csrf_check_still_runs_after_the_size_check(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    strict = _studio(user, enforce_csrf_checks=True)
    response = strict.post("/studio/posts/new/", {"media": SimpleUploadedFile("p.jpg", picture_bytes()),
                                                  "tags": catalogue.add()})
    assert response.status_code == 403 and not Post.objects.exists()
