"""Simple product pictures for demo listings, drawn with Pillow: a coloured backdrop, a shape, the product's name.

They are plainly drawings (no photos), coloured by top-level category so a results page reads at a glance.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

GROUP_COLOURS = {
    "fashion-wanita": (236, 160, 180), "fashion-pria": (120, 150, 200), "makanan-minuman": (240, 180, 90),
    "kecantikan": (230, 170, 210), "kesehatan": (130, 200, 170), "ibu-bayi": (180, 210, 240),
    "mainan-hobi": (250, 200, 80), "elektronik": (160, 170, 190), "handphone-tablet": (90, 110, 140),
    "komputer-laptop": (110, 120, 150), "rumah-tangga": (200, 180, 150), "otomotif": (200, 90, 80),
    "olahraga": (110, 190, 110), "perkakas-bangunan": (170, 140, 110), "buku-alat-tulis": (150, 130, 200),
    "kerajinan": (180, 120, 80),
}
SIZE = 800


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line][:3]


def product_picture(*, label: str, group: str) -> bytes:
    """A JPEG drawing for a product called `label` in top-level category `group` (same input, same picture)."""
    base = GROUP_COLOURS.get(group, (180, 180, 180))
    shade = int(hashlib.sha256(label.encode()).hexdigest()[:2], 16) % 40 - 20
    background = tuple(max(0, min(255, c + shade)) for c in base)
    picture = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(picture)
    dark = tuple(max(0, c - 90) for c in background)
    light = tuple(min(255, c + 60) for c in background)
    draw.rounded_rectangle((200, 150, 600, 520), radius=48, fill=light, outline=dark, width=10)
    draw.ellipse((320, 250, 480, 410), fill=dark)
    for n, line in enumerate(_wrap(label, 22)):
        draw.text((SIZE // 2, 590 + n * 56), line, font=_font(44), fill=dark, anchor="mm")
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=82)
    return out.getvalue()


def shared_picture(*, slug: str, label: str, group: str) -> tuple[str, str, int, int]:
    """One stored picture and thumbnail per leaf category, shared by the bulk listings of that category.

    Stored once under fixed names (catalog/images/demo-<slug>.jpg), re-encoded and sized exactly as
    `product_image_add` stores an upload. Returns (image name, thumbnail name, width, height).
    """
    from lapak.market.catalog.services.images import IMAGE_MAX_SIDE, THUMB_MAX_SIDE
    from lapak.market.sellers.services.uploads import image_sanitise

    names = (f"catalog/images/demo-{slug}.jpg", f"catalog/thumbs/demo-{slug}.jpg")
    if all(default_storage.exists(name) for name in names):
        with default_storage.open(names[0]) as stored, Image.open(stored) as probe:
            return names[0], names[1], *probe.size
    clean = image_sanitise(product_picture(label=label, group=group), field="image", max_side=IMAGE_MAX_SIDE)
    thumb = image_sanitise(clean.data, field="image", max_side=THUMB_MAX_SIDE)
    for name, data in zip(names, (clean.data, thumb.data), strict=True):
        default_storage.delete(name)  # a half-written pair from an interrupted run
        default_storage.save(name, ContentFile(data))
    return names[0], names[1], clean.width, clean.height
