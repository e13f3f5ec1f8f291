"""Placeholder identity pictures and documents for demo sellers, drawn with Pillow and marked "CONTOH / SAMPLE".

They are deliberately not lifelike: a coloured card with the holder's name and a masked number, a cartoon
face, a one-page PDF. Real KTPs must never be used as demo data.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

MARK = "CONTOH / SAMPLE"


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _watermark(image: Image.Image) -> Image.Image:
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    width, height = image.size
    draw.text((width // 2, height // 2), MARK, font=_font(max(18, width // 9)), fill=(200, 0, 0, 150), anchor="mm")
    rotated = layer.rotate(20, resample=Image.Resampling.BICUBIC)
    return Image.alpha_composite(image.convert("RGBA"), rotated).convert("RGB")


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def ktp_placeholder(*, name: str, masked_number: str) -> bytes:
    """A card-shaped placeholder (not a KTP layout) with the name and the masked number only."""
    card = Image.new("RGB", (480, 300), (190, 215, 240))
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 479, 44), fill=(30, 70, 140))
    draw.text((240, 22), f"KARTU IDENTITAS {MARK}", font=_font(18), fill="white", anchor="mm")
    draw.rectangle((24, 70, 144, 230), fill=(235, 235, 235), outline=(90, 90, 90))
    draw.ellipse((54, 90, 114, 150), fill=(160, 160, 160))
    draw.text((168, 80), f"NIK  {masked_number.replace('•', '*')}", font=_font(18), fill=(20, 20, 20))
    draw.text((168, 120), f"Nama {name[:24]}", font=_font(18), fill=(20, 20, 20))
    draw.text((168, 160), "Data rekaan untuk demo", font=_font(14), fill=(60, 60, 60))
    return _jpeg(_watermark(card))


def selfie_placeholder(*, name: str) -> bytes:
    """A cartoon face holding a card, so the selfie and the card can be shown side by side."""
    picture = Image.new("RGB", (300, 400), (235, 225, 210))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((90, 60, 210, 200), fill=(214, 170, 130), outline=(80, 50, 30), width=3)
    draw.ellipse((120, 110, 135, 125), fill=(40, 40, 40))
    draw.ellipse((165, 110, 180, 125), fill=(40, 40, 40))
    draw.arc((125, 140, 175, 175), start=20, end=160, fill=(80, 30, 30), width=3)
    draw.rectangle((60, 240, 240, 330), fill=(190, 215, 240), outline=(30, 70, 140), width=3)
    draw.text((150, 285), name[:20], font=_font(16), fill=(20, 20, 20), anchor="mm")
    return _jpeg(_watermark(picture))


def document_placeholder(*, title: str, holder: str) -> bytes:
    """A one-page PDF (Pillow renders it) standing in for a deed, licence or report."""
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.text((297, 80), title, font=_font(26), fill=(20, 20, 20), anchor="mm")
    draw.text((297, 130), holder[:40], font=_font(20), fill=(60, 60, 60), anchor="mm")
    for line in range(12):
        draw.line((70, 200 + line * 40, 525, 200 + line * 40), fill=(200, 200, 200), width=2)
    out = io.BytesIO()
    _watermark(page).save(out, format="PDF", resolution=72)
    return out.getvalue()
