"""Product pictures: decoded by content, resized, thumbnailed, stored in the default storage."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.models import ProductImage
from lapak.market.catalog.services import product_image_add, product_image_remove
from lapak.market.sellers.tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_a_real_jpeg_is_resized_with_a_thumbnail(draft, owner, media):
    image = product_image_add(product=draft, actor=owner, data=jpeg_bytes(size=(3000, 1500)))
    assert (image.width, image.height) == (1600, 800)
    with image.thumbnail.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 320
    assert (media / image.image.name).exists() and image.image.name.startswith("catalog/images/")
    product_image_remove(image=image, actor=owner)
    assert not (media / image.image.name).exists() and not ProductImage.objects.exists()


@pytest.mark.parametrize("data", [b"GIF89a not really", b"%PDF-1.4 hello", b"", b"\xff\xd8\xff\xe0 truncated"])
def test_non_images_are_refused(draft, owner, data):
    with pytest.raises(ValidationFailed) as caught:
        product_image_add(product=draft, actor=owner, data=data)
    assert list(caught.value.fields) == ["image"]
    assert not ProductImage.objects.exists()


def test_at_most_ten_pictures_and_no_orphan_files(draft, owner, media, monkeypatch):
    from lapak.market.catalog.services import images

    monkeypatch.setattr(images, "IMAGES_PER_PRODUCT", 1)
    product_image_add(product=draft, actor=owner, data=jpeg_bytes())
    with pytest.raises(ValidationFailed):
        product_image_add(product=draft, actor=owner, data=jpeg_bytes())
    assert ProductImage.objects.count() == 1
    assert len(list((media / "catalog/images").iterdir())) == 1
    assert len(list((media / "catalog/thumbs").iterdir())) == 1
