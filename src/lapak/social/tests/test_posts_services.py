"""Creating, publishing, deleting posts and refreshing their product tags."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from lapak.compliance.models import Decision
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict, PermissionDenied, ValidationFailed
from lapak.social.models import Post, ProductTag
from lapak.social.selectors.posts import refusal_lines
from lapak.social.services.posts import (
    CatalogueDown,
    hashtags_of,
    post_create,
    post_delete,
    post_publish,
    post_tags_refresh,
)
from lapak.social.tests.support_posts import (  # noqa: F401
    catalogue_fixture,
    creator_for,
    make_video,
    media_root_fixture,
    picture_bytes,
    qr_picture_bytes,
    qris_payload,
    stored_files,
    upload_of,
)

pytestmark = pytest.mark.django_db(databases=["default", "social"])


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _picture(raw: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile("photo.jpg", raw or picture_bytes(), content_type="image/jpeg")


def _draft(user, catalogue, *, caption="Kaos adem #OOTD #ootd #Murah", raw=None, n_tags=2) -> Post:
    ids = [catalogue.add(title=f"Produk {i}", price=50_000 + i) for i in range(n_tags)]
    return post_create(actor=user, upload=_picture(raw), caption=caption, product_ids=ids, campaign="lebaran-26")


def test_a_verified_creator_makes_a_draft_with_tags_read_from_the_catalogue(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    post = _draft(user, catalogue)
    assert post.status == Post.Status.DRAFT and post.kind == Post.Kind.IMAGE
    assert post.hashtags == ["ootd", "murah"]
    tags = list(post.tags.all())
    assert [(t.position, t.title, t.price_min, t.available) for t in tags] == [
        (0, "Produk 0", 50_000, True), (1, "Produk 1", 50_001, True)]
    assert tags[0].seller_name == "Toko Sari" and tags[0].image_url.startswith("/media/catalog/")
    assert len(stored_files(media_root)) == 1 and post.media.name.endswith(".jpg")


def test_a_video_draft_keeps_its_poster(make_user, catalogue, media_root, tmp_path):
    user = make_user()
    creator_for(user)
    post = post_create(actor=user, upload=upload_of(make_video(tmp_path)), caption="", product_ids=[catalogue.add()])
    assert post.kind == Post.Kind.VIDEO and post.duration_ms == 2000 and post.poster.name.endswith(".jpg")
    assert len(stored_files(media_root)) == 2


@pytest.mark.parametrize("verified", [False, None])
def test_only_verified_creators_post(make_user, catalogue, media_root, verified):
    user = make_user()
    if verified is False:
        creator_for(user, verified=False)
    with pytest.raises(PermissionDenied):
        _draft(user, catalogue)
    assert Post.objects.count() == 0 and stored_files(media_root) == []


def test_unknown_products_are_refused_per_tag_and_nothing_is_stored(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    known = catalogue.add()
    with pytest.raises(ValidationFailed) as caught:
        post_create(actor=user, upload=_picture(), caption="", product_ids=[known, "prd_01JD3Q6Y8W9M2K4N7P5R0S1T2V"])
    assert list(caught.value.fields) == ["tags.1"]
    assert Post.objects.count() == 0 and ProductTag.objects.count() == 0 and stored_files(media_root) == []


def test_a_silent_catalogue_stores_nothing(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    product = catalogue.add()
    catalogue.down = True
    with pytest.raises(CatalogueDown) as caught:
        post_create(actor=user, upload=_picture(), caption="", product_ids=[product])
    assert caught.value.status == 503
    assert Post.objects.count() == 0 and stored_files(media_root) == []


def test_every_bad_field_is_reported_at_once(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    with pytest.raises(ValidationFailed) as caught:
        post_create(actor=user, upload=SimpleUploadedFile("x.mp4", b"not a video" * 10), caption="x" * 2201,
                    product_ids=["nope"], campaign="bad campaign!")
    assert set(caught.value.fields) == {"media", "caption", "tags.0", "campaign"}
    with pytest.raises(ValidationFailed) as caught:
        post_create(actor=user, upload=_picture(), caption=" ".join(f"#t{i}" for i in range(31)), product_ids=[])
    assert set(caught.value.fields) == {"caption", "tags"}
    assert catalogue.requests == 0 and stored_files(media_root) == []


def test_files_are_removed_when_the_rows_cannot_be_written(make_user, catalogue, media_root, monkeypatch):
    user = make_user()
    creator_for(user)

    def failing_bulk_create(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ProductTag.objects, "bulk_create", failing_bulk_create)
    with pytest.raises(RuntimeError):
        _draft(user, catalogue)
    assert Post.objects.count() == 0 and stored_files(media_root) == []


def test_hashtags_are_words_after_a_hash_lower_cased_once_each():
    assert hashtags_of("#Batik keren #batik, #SALE2026 a#b &#39; ##x #kaos_anak") == ["batik", "sale2026",
                                                                                        "kaos_anak"]


def test_a_clean_post_is_published_with_its_decision_and_audit(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    post = post_publish(actor=user, post=_draft(user, catalogue))
    assert post.status == Post.Status.PUBLISHED and post.published_at is not None and post.refusal == []
    decision = Decision.objects.get(public_id=post.decision)
    assert (decision.event, decision.outcome, decision.subject_id) == ("content.publish", "allow", post.public_id)
    assert decision.evidence["embeds_payment"] is False and decision.evidence["kind"] == "image"
    assert AuditEvent.objects.filter(action="social.post.published", subject_id=post.public_id).count() == 1


def test_a_qris_picture_is_refused_with_reasons_in_both_languages(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    post = post_publish(actor=user, post=_draft(user, catalogue, raw=qr_picture_bytes(qris_payload())))
    assert post.status == Post.Status.REFUSED and post.published_at is None
    assert [r["rule_id"] for r in post.refusal] == ["ID-SOC-1"]
    assert refusal_lines(post, "en")[0]["title"] == "Social media may only promote"
    assert refusal_lines(post, "id")[0]["title"] == "Media sosial hanya boleh mempromosikan"
    assert Decision.objects.get(public_id=post.decision).outcome == "deny"
    assert AuditEvent.objects.filter(action="social.post.refused", subject_id=post.public_id).count() == 1


def test_a_payment_link_in_the_caption_is_refused(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    post = post_publish(actor=user, post=_draft(user, catalogue, caption="bayar di checkout.xendit.co/web/1"))
    assert post.status == Post.Status.REFUSED
    assert Decision.objects.get(public_id=post.decision).evidence["payment_links"] == ["checkout.xendit.co/web/1"]


def test_a_video_showing_a_qris_sticker_is_refused(make_user, catalogue, media_root, tmp_path):
    user = make_user()
    creator_for(user)
    sticker = tmp_path / "qris.png"
    sticker.write_bytes(qr_picture_bytes(qris_payload()))
    draft = post_create(actor=user, upload=upload_of(make_video(tmp_path, source=str(sticker))), caption="",
                        product_ids=[catalogue.add()])
    assert post_publish(actor=user, post=draft).status == Post.Status.REFUSED


def test_only_the_creator_publishes_and_only_a_draft(make_user, catalogue, media_root):
    owner, other = make_user(), make_user()
    creator_for(owner)
    creator_for(other)
    draft = _draft(owner, catalogue)
    with pytest.raises(PermissionDenied):
        post_publish(actor=other, post=draft)
    published = post_publish(actor=owner, post=draft)
    with pytest.raises(Conflict):
        post_publish(actor=owner, post=published)


def test_a_product_withdrawn_before_publishing_is_reported_and_nothing_changes(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    draft = _draft(user, catalogue)
    del catalogue.products[draft.tags.all()[1].product_id]
    with pytest.raises(ValidationFailed) as caught:
        post_publish(actor=user, post=draft)
    assert list(caught.value.fields) == ["tags.1"]
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT and Decision.objects.count() == 0


def test_the_creator_deletes_a_post(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    post = post_delete(actor=user, post=post_publish(actor=user, post=_draft(user, catalogue)))
    assert post.status == Post.Status.DELETED
    with pytest.raises(Conflict):
        post_delete(actor=user, post=post)


def test_the_refresh_copies_new_prices_and_marks_withdrawn_products(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    post = post_publish(actor=user, post=_draft(user, catalogue, n_tags=3))
    first, second, third = (t.product_id for t in post.tags.all())
    catalogue.products[first]["price_min"] = catalogue.products[first]["price_max"] = 42_000
    del catalogue.products[second]
    before = catalogue.requests
    assert post_tags_refresh() == {"read": 3, "updated": 2, "unavailable": 1}
    assert catalogue.requests - before == 3
    tags = {t.product_id: t for t in ProductTag.objects.all()}
    assert tags[first].price_min == 42_000 and tags[first].available
    assert not tags[second].available and tags[third].available


def test_the_refresh_stops_when_the_catalogue_is_silent_and_changes_nothing(make_user, catalogue, media_root):
    user = make_user()
    creator_for(user)
    post_publish(actor=user, post=_draft(user, catalogue))
    catalogue.products.clear()
    catalogue.down = True
    assert post_tags_refresh() == {"read": 0, "updated": 0, "unavailable": 0}
    assert all(ProductTag.objects.values_list("available", flat=True))


def test_the_refresh_is_a_periodic_job(make_user, catalogue, media_root):
    from lapak.core.tasks.periodic import periodic_jobs
    from lapak.social.tasks_posts import post_tags_refresh_task

    assert "social.post_tags_refresh" in {job.name for job in periodic_jobs()}
    user = make_user()
    creator_for(user)
    post = post_publish(actor=user, post=_draft(user, catalogue, n_tags=1))
    catalogue.products.clear()
    post_tags_refresh_task.enqueue()  # the test settings run tasks at once
    assert not post.tags.get().available
