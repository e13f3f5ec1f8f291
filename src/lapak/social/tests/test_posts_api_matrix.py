"""The authorisation policy of the posts API, as data, checked against every operation the API publishes.

Columns: anonymous, a signed-in buyer (no creator profile), the post's creator, another creator, an operator and a
regulator. Each call gets fresh data made for it; a refused call must change nothing.
"""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.core.audit.models import AuditEvent
from lapak.core.testing import published_operations
from lapak.social.models import Comment, Like, Post, ProductTag, Report, Share, Takedown
from lapak.social.services.moderation import report_file
from lapak.social.tests.support_posts import (  # noqa: F401
    catalogue_fixture,
    creator_for,
    media_root_fixture,
    picture_bytes,
    published_post,
)

pytestmark = pytest.mark.django_db(databases=["default", "social"])

S = "/api/v1/social"
POST = S + "/posts/{post_id}"
CALLERS = ("anonymous", "buyer", "owner", "other_creator", "operator", "regulator")

PUBLIC = (200, 200, 200, 200, 200, 200)
SIGNED_IN = (401, 200, 200, 200, 200, 200)
PARTICIPATE = (401, 200, 200, 200, 200, 403)
PARTICIPATE_CREATE = (401, 201, 201, 201, 201, 403)
OPERATOR = (401, 403, 403, 403, 200, 403)

MATRIX: dict[tuple[str, str], tuple[int, ...]] = {
    ("POST", S + "/posts"): (401, 403, 201, 201, 403, 403),
    ("GET", S + "/posts"): PUBLIC,
    ("GET", S + "/posts/mine"): SIGNED_IN,
    ("GET", POST): PUBLIC,
    ("DELETE", POST): (401, 403, 204, 403, 403, 403),
    ("POST", POST + "/publish"): (401, 404, 200, 404, 404, 404),
    ("POST", POST + "/like"): PARTICIPATE,
    ("DELETE", POST + "/like"): PARTICIPATE,
    ("GET", POST + "/comments"): PUBLIC,
    ("POST", POST + "/comments"): PARTICIPATE_CREATE,
    ("POST", POST + "/shares"): PARTICIPATE_CREATE,
    ("POST", POST + "/reports"): PARTICIPATE_CREATE,
    ("GET", S + "/reports"): OPERATOR,
    ("POST", POST + "/takedown"): (401, 403, 403, 403, 201, 403),
    ("POST", S + "/reports/{report_id}/dismiss"): OPERATOR,
}


class World:
    def __init__(self, make_user, bearer, catalogue):
        self.catalogue = catalogue
        self.users = {"buyer": make_user(), "owner": make_user(), "other_creator": make_user(),
                      "operator": make_user(roles=["operator"]),
                      "regulator": make_user(roles=["regulator"], jurisdiction="ID")}
        self.creator = creator_for(self.users["owner"])
        creator_for(self.users["other_creator"])
        self.headers = {"anonymous": {}, **{name: bearer(user) for name, user in self.users.items()}}

    def published(self) -> dict:
        return {"post_id": published_post(self.creator).public_id}

    def draft(self) -> dict:
        return {"post_id": published_post(self.creator, status="draft",
                                          product_ids=(self.catalogue.add(),)).public_id}

    def report(self) -> dict:
        post = published_post(self.creator)
        from lapak.accounts.models import User

        reporter = User.objects.create_user(email=f"r{Report.objects.count()}-{post.pk}@example.test",
                                            password="x" * 12, full_name="Reporter")
        return {"report_id": report_file(actor=reporter, post=post, reason="spam").public_id}


SETUP = {
    ("POST", S + "/posts"): {"multipart": lambda w: {"media": _picture(), "caption": "Kaos #baru",
                                                     "tags": w.catalogue.add()}},
    ("GET", S + "/posts"): {"query": lambda w: f"?creator={w.creator.handle}"},
    ("GET", POST): {"path": World.published},
    ("DELETE", POST): {"path": World.published},
    ("POST", POST + "/publish"): {"path": World.draft},
    ("POST", POST + "/like"): {"path": World.published},
    ("DELETE", POST + "/like"): {"path": World.published},
    ("GET", POST + "/comments"): {"path": World.published},
    ("POST", POST + "/comments"): {"path": World.published, "json": {"body": "Bagus!"}},
    ("POST", POST + "/shares"): {"path": World.published, "json": {"channel": "whatsapp"}},
    ("POST", POST + "/reports"): {"path": World.published, "json": {"reason": "spam"}},
    ("POST", POST + "/takedown"): {"path": World.published, "json": {"reason": "spam", "note": "iklan palsu"}},
    ("POST", S + "/reports/{report_id}/dismiss"): {"path": World.report, "json": {"note": ""}},
}


def _picture():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("p.jpg", picture_bytes(), content_type="image/jpeg")


def _snapshot() -> tuple:
    models = (Post, ProductTag, Like, Comment, Share, Report, Takedown)
    return (tuple(m.objects.count() for m in models),
            tuple(Post.objects.order_by("pk").values_list("status", "likes_count", "comments_count", "shares_count")),
            tuple(Report.objects.order_by("pk").values_list("status", flat=True)),
            AuditEvent.objects.filter(action__startswith="social.").count())


def test_every_published_operation_has_a_row_and_every_row_is_published(db):
    published = published_operations(S + "/posts", S + "/reports")
    assert sorted(published - set(MATRIX)) == [], "add these operations to the authorisation matrix"
    assert sorted(set(MATRIX) - published) == [], "these rows name operations the API no longer has"


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX), ids=[f"{m} {p}" for m, p in sorted(MATRIX)])
def test_authorisation(make_user, bearer, catalogue, media_root, method, template):
    w = World(make_user, bearer, catalogue)
    setup = SETUP.get((method, template), {})
    expected = dict(zip(CALLERS, MATRIX[(method, template)], strict=True))
    actual = {}
    for caller in sorted(CALLERS, key=lambda c: expected[c] < 300):  # refusals first
        path = template.format(**(setup["path"](w) if "path" in setup else {}))
        path += setup["query"](w) if "query" in setup else ""
        client = Client(HTTP_ACCEPT_LANGUAGE="en", **w.headers[caller])
        before = _snapshot()
        if "multipart" in setup:
            response = client.post(path, data=setup["multipart"](w))
        elif method in ("POST", "DELETE") and "json" in setup:
            response = client.generic(method, path, data=__import__("json").dumps(setup["json"]),
                                      content_type="application/json")
        else:
            response = client.generic(method, path)
        actual[caller] = response.status_code
        if response.status_code >= 400:
            assert response.json()["error"]["code"]
            assert _snapshot() == before, f"the refused call of {caller} changed something"
    assert actual == expected
