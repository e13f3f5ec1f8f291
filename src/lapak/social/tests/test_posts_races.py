"""Publishing the same draft twice at the same moment: one decision, one publication, one conflict."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lapak.compliance.models import Decision
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict
from lapak.core.testing import race
from lapak.social.models import Post
from lapak.social.services.posts import post_create, post_publish
from lapak.social.tests.support_posts import catalogue_fixture, creator_for, media_root_fixture, picture_bytes  # noqa: F401


@pytest.mark.django_db(databases=["default", "social"], transaction=True)
def test_a_draft_published_twice_at_once_is_published_once(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    draft = post_create(actor=user, upload=SimpleUploadedFile("p.jpg", picture_bytes()), caption="",
                        product_ids=[catalogue.add()])
    outcomes = race(lambda: post_publish(actor=user, post=Post.objects.get(pk=draft.pk)),
                    lambda: post_publish(actor=user, post=Post.objects.get(pk=draft.pk)))
    published = [o for o in outcomes if isinstance(o, Post)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(published) == 1 and len(conflicts) == 1, outcomes
    assert Post.objects.get(pk=draft.pk).status == "published"
    assert Decision.objects.filter(subject_id=draft.public_id).count() == 1
    assert AuditEvent.objects.filter(subject_id=draft.public_id).count() == 1
