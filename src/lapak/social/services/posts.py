"""Writing posts: a draft from an upload, publishing under the rules, deleting, refreshing product tags.

A post's product tags are copies of what the marketplace's public catalogue shows (lapak.social.catalogue), read
when the post is created, again when it is published, and by a periodic refresh. Publishing asks the compliance
engine (`content.publish`, ID-SOC-1): a post that carries a payment or another checkout is refused and keeps the
reasons.
"""

from __future__ import annotations

import contextlib
import logging
import re
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.compliance.services import compliance_decide
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, PermissionDenied, ValidationFailed
from lapak.core.ids import is_public_id
from lapak.social.catalogue import CatalogueDown, CatalogueUnavailable, ProductFacts, product_facts
from lapak.social.content_checks import PaymentFacts, content_payment_facts
from lapak.social.media import CheckedMedia, media_check, video_frames
from lapak.social.models import Creator, Post, ProductTag

logger = logging.getLogger(__name__)

CAPTION_MAX = 2200
HASHTAGS_MAX = 30
TAGS_MIN, TAGS_MAX = 1, 20
_HASHTAG = re.compile(r"(?<![\w#&])#(\w{1,50})", re.UNICODE)
_CAMPAIGN = re.compile(r"^[A-Za-z0-9_-]{0,40}$")
REFRESH_WINDOW = timedelta(days=30)


def actor_label(user: object | None) -> str:
    return getattr(user, "public_id", None) or "system"


def creator_of(user: object) -> Creator:
    """The signed-in user's creator profile, if their phone is verified; PermissionDenied otherwise."""
    account = getattr(user, "public_id", "")
    creator = Creator.objects.filter(account=account, phone_verified_at__isnull=False).first() if account else None
    if creator is None:
        raise PermissionDenied(_("Only creators with a verified phone number can post."), code="creator_required")
    return creator


def hashtags_of(caption: str) -> list[str]:
    """#words of the caption, lower-case, each once, in order of appearance."""
    seen: list[str] = []
    for word in _HASHTAG.findall(caption or ""):
        tag = word.lower()
        if tag not in seen:
            seen.append(tag)
    return seen


def product_ids_of(text: str) -> list[str]:
    """Product ids typed into one field, separated by spaces, commas or semicolons."""
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


def _check_fields(caption: str, product_ids: list[str], campaign: str) -> dict[str, list]:
    errors: dict[str, list] = {}
    if len(caption) > CAPTION_MAX:
        errors["caption"] = [_("The caption may have at most %(n)d characters.") % {"n": CAPTION_MAX}]
    elif "\x00" in caption:
        errors["caption"] = [_("The caption contains a character that is not allowed.")]
    elif len(hashtags_of(caption)) > HASHTAGS_MAX:
        errors["caption"] = [_("A caption may have at most %(n)d hashtags.") % {"n": HASHTAGS_MAX}]
    if not TAGS_MIN <= len(product_ids) <= TAGS_MAX:
        errors["tags"] = [_("Tag between %(low)d and %(high)d products.") % {"low": TAGS_MIN, "high": TAGS_MAX}]
    for n, product_id in enumerate(product_ids):
        if not is_public_id(product_id, "prd"):
            errors[f"tags.{n}"] = [_("This is not a product id (prd_…).")]
        elif product_id in product_ids[:n]:
            errors[f"tags.{n}"] = [_("This product is tagged twice.")]
    if not _CAMPAIGN.match(campaign or ""):
        errors["campaign"] = [_("Use at most 40 letters, digits, '-' or '_'.")]
    return errors


def tags_read(product_ids: list[str]) -> list[ProductFacts]:
    """Each product as the catalogue shows it now; per-tag errors for those not on sale; CatalogueDown if the
    catalogue cannot answer (nothing may be stored on a guess)."""
    found: list[ProductFacts] = []
    errors: dict[str, list] = {}
    for n, product_id in enumerate(product_ids):
        try:
            facts = product_facts(product_id)
        except CatalogueUnavailable as error:
            logger.warning("catalogue unavailable while reading %s: %s", product_id, error)
            raise CatalogueDown from None
        if facts is None:
            errors[f"tags.{n}"] = [_("This product is not on sale on Lapak (unknown, paused or withdrawn).")]
        else:
            found.append(facts)
    if errors:
        raise ValidationFailed(fields=errors)
    return found


def post_create(*, actor: object, upload: UploadedFile | None, caption: str, product_ids: list[str],
                campaign: str = "") -> Post:
    """A draft post from an upload, its caption and 1 to 20 tagged products.

    Guarantees: only a creator with a verified phone posts; every problem with the fields is reported at once
    (per field, `tags.<n>` per product); the media is checked (media.py) before anything is stored; tags are read
    from the catalogue, and when it cannot answer nothing is stored (CatalogueDown, 503); the post row, its tags and
    its files are stored together or not at all (files written for a failed transaction are removed).
    """
    creator = creator_of(actor)
    caption = (caption or "").replace("\r\n", "\n")
    errors = _check_fields(caption, product_ids, campaign)
    checked: CheckedMedia | None = None
    if upload is None:
        errors["media"] = [_("Choose a video or a picture.")]
    else:
        try:
            checked = media_check(upload, field="media")
        except ValidationFailed as refused:
            errors.update(refused.fields)
    if errors:
        raise ValidationFailed(fields=errors)
    tags = tags_read(product_ids)
    post = Post(creator=creator, kind=checked.kind, caption=caption, hashtags=hashtags_of(caption),
                media_type=checked.media_type, duration_ms=checked.duration_ms, width=checked.width,
                height=checked.height, campaign=campaign or "")
    stored: list = []
    try:
        name = uuid.uuid4().hex
        if checked.content is not None:
            post.media.save(f"{name}.{checked.extension}", ContentFile(checked.content), save=False)
        else:
            upload.seek(0)
            post.media.save(f"{name}.{checked.extension}", upload, save=False)
        stored.append(post.media)
        if checked.poster is not None:
            post.poster.save(f"{name}.jpg", ContentFile(checked.poster), save=False)
            stored.append(post.poster)
        with transaction.atomic(using="social"):
            post.save()
            ProductTag.objects.bulk_create(
                [ProductTag(post=post, position=n, **facts.snapshot_fields()) for n, facts in enumerate(tags)])
    except BaseException:
        for file in stored:
            with contextlib.suppress(OSError):
                file.storage.delete(file.name)
        raise
    return post


def _own_post(actor: object, post: Post) -> Creator:
    creator = creator_of(actor)
    if post.creator_id != creator.pk:
        raise PermissionDenied(_("This is not your post."), code="not_your_post")
    return creator


def post_payment_facts(post: Post) -> PaymentFacts:
    """What the post's caption, picture, poster frame or any moment of its video carries of a payment
    (content_checks.py). A video is sampled across its whole length (media.video_frames); one that cannot be
    sampled raises ValidationFailed, so nothing is published unchecked."""
    pictures = []
    for file in (post.media if post.kind == Post.Kind.IMAGE else None, post.poster or None):
        if file:
            with file.open("rb") as handle:
                pictures.append(handle.read())
    frames: list[bytes] = []
    if post.kind == Post.Kind.VIDEO and post.media:
        with post.media.open("rb") as video:
            frames = video_frames(video, duration_ms=post.duration_ms)
    return content_payment_facts(caption=post.caption, pictures=pictures, frames=frames)


def post_publish(*, actor: object, post: Post) -> Post:
    """Publish a draft, if the rules allow it.

    Guarantees: only the post's creator publishes, and only a draft; tags are read again from the catalogue (a
    product no longer on sale is reported per tag; a silent catalogue stores nothing); `content.publish` is
    decided on the post's payment facts and the decision, the post's new state (published, or refused with the
    reasons kept) and an audit event commit together.
    """
    creator = _own_post(actor, post)
    if post.status != Post.Status.DRAFT:
        raise Conflict(_("Only a draft can be published."), code="post_not_draft")
    tags = list(post.tags.all())
    fresh = tags_read([tag.product_id for tag in tags])
    payment = post_payment_facts(post)
    facts = {"kind": post.kind, "seller": creator.seller_org, **payment.compliance_facts(), "found": payment.found}
    with transaction.atomic(using="default"), transaction.atomic(using="social"):
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.status != Post.Status.DRAFT:
            raise Conflict(_("Only a draft can be published."), code="post_not_draft")
        for tag, product in zip(tags, fresh, strict=True):
            ProductTag.objects.filter(pk=tag.pk).update(**product.snapshot_fields())
        result = compliance_decide(event="content.publish", jurisdiction=creator.jurisdiction, subject_type="post",
                                   subject_id=post.public_id, facts=facts, actor=actor_label(actor),
                                   party=creator.account)
        locked.decision = result.decision_id
        if result.allowed:
            locked.status, locked.published_at, locked.refusal = Post.Status.PUBLISHED, timezone.now(), []
        else:
            locked.status, locked.refusal = Post.Status.REFUSED, list(result.details)
        locked.save(update_fields=["status", "published_at", "refusal", "decision"])
        audit_append(actor=actor_label(actor), action=f"social.post.{locked.status}", subject_type="post",
                     subject_id=post.public_id, jurisdiction=creator.jurisdiction, before={"status": "draft"},
                     after={"status": locked.status}, decision=result.as_dict())
    return locked


def post_delete(*, actor: object, post: Post) -> Post:
    """The creator withdraws a post: it leaves every page and the feed; the row stays for reports already filed."""
    _own_post(actor, post)
    if post.status in (Post.Status.DELETED, Post.Status.TAKEN_DOWN):
        raise Conflict(_("This post is no longer shown."), code="post_gone")
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DELETED)
    post.refresh_from_db()
    return post


def post_tags_refresh(*, now: object = None, window: timedelta = REFRESH_WINDOW) -> dict[str, int]:
    """Re-read the products tagged in posts published within `window`: new titles and prices are copied; a product
    the catalogue no longer shows is marked unavailable. Each product is read once however many posts tag it. When
    the catalogue stops answering the refresh stops, keeping what it has done, and the next run continues."""
    since = (now or timezone.now()) - window
    product_ids = list(ProductTag.objects.filter(post__status=Post.Status.PUBLISHED, post__published_at__gte=since)
                       .values_list("product_id", flat=True).distinct().order_by("product_id"))
    counts = {"read": 0, "updated": 0, "unavailable": 0}
    for product_id in product_ids:
        try:
            facts = product_facts(product_id)
        except CatalogueUnavailable as error:
            logger.warning("tag refresh stopped: catalogue unavailable (%s)", error)
            break
        counts["read"] += 1
        tags = ProductTag.objects.filter(product_id=product_id, post__published_at__gte=since)
        if facts is None:
            counts["unavailable"] += tags.update(available=False, refreshed_at=timezone.now())
        else:
            counts["updated"] += tags.update(**facts.snapshot_fields())
    return counts
