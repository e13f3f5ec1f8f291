"""Product pictures: decoded and re-encoded by content (the sellers' sanitiser), resized, with a thumbnail.

Product pictures are public, so they go to the default file storage unencrypted.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound, ValidationFailed
from lapak.core.ids import new_public_id
from lapak.market.catalog.models import Product, ProductImage
from lapak.market.catalog.services.common import lock_editable, reindex, require_editor
from lapak.market.sellers.services.uploads import image_sanitise

IMAGE_MAX_SIDE = 1600
THUMB_MAX_SIDE = 320
IMAGES_PER_PRODUCT = 10


def product_image_add(*, product: Product, actor: object, data: bytes) -> ProductImage:
    """Add a picture to the product.

    Guarantees: only JPEG/PNG/WebP content is accepted whatever the file is called, bounded in bytes and pixels;
    the stored picture is at most 1600 px on its long side, without metadata; a 320 px thumbnail is stored
    beside it; at most 10 pictures per product.
    """
    require_editor(product, actor)
    if not isinstance(data, bytes | bytearray):
        raise TypeError("uploads are bytes")
    clean = image_sanitise(bytes(data), field="image", max_side=IMAGE_MAX_SIDE)
    thumb = image_sanitise(clean.data, field="image", max_side=THUMB_MAX_SIDE)
    image = ProductImage(public_id=new_public_id("img"), width=clean.width, height=clean.height)
    try:
        with transaction.atomic():
            locked = lock_editable(product)
            count = ProductImage.objects.filter(product=locked).count()
            if count >= IMAGES_PER_PRODUCT:
                raise ValidationFailed(fields={"image": [_("A product can have at most 10 pictures.")]})
            image.product, image.position = locked, count
            image.image.save(f"{image.public_id}.jpg", ContentFile(clean.data), save=False)
            image.thumbnail.save(f"{image.public_id}.jpg", ContentFile(thumb.data), save=False)
            image.save()
            reindex(locked)
    except BaseException:
        # The row rolled back; do not leave its files behind in the public storage.
        for field in (image.image, image.thumbnail):
            if field.name:
                field.storage.delete(field.name)
        raise
    return image


def product_image_remove(*, image: ProductImage, actor: object) -> None:
    """Delete a picture and its files."""
    require_editor(image.product, actor)
    with transaction.atomic():
        lock_editable(image.product)
        deleted = ProductImage.objects.filter(pk=image.pk).first()
        if deleted is None:
            raise NotFound(_("There is no such picture."), code="image_not_found")
        deleted.delete()
        reindex(image.product)
    for field in (deleted.image, deleted.thumbnail):
        field.storage.delete(field.name)
