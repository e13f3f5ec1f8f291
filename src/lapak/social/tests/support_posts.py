"""Fixtures for the posts tests: creators, media made at test time with ffmpeg and Pillow, and a stand-in catalogue.

Social's unit tests may not import the marketplace (import contract), so here the catalogue client talks to a small
HTTP stand-in that answers exactly as the public catalogue API does (`GET catalog/products/<id>`: 200 with the
public fields, 404 when not on sale). The same paths against the real marketplace are exercised in
tests/integration/test_posts_catalogue.py.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import httpx
import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from lapak.core.ids import new_public_id
from lapak.social.catalogue import catalogue_transport_set
from lapak.social.models import Creator


class StubCatalogue:
    """Products on sale, by id; `down` makes every answer a 503."""

    def __init__(self) -> None:
        self.products: dict[str, dict] = {}
        self.down = False
        self.requests = 0

    def add(self, *, title: str = "Kaos Katun", price: int = 75_000, shop: str = "Toko Sari") -> str:
        product_id = new_public_id("prd")
        self.products[product_id] = {
            "id": product_id, "title": title, "price_min": price, "price_max": price,
            "images": [{"thumbnail_url": f"/media/catalog/{product_id}.jpg"}],
            "seller": {"id": new_public_id("org"), "shop_name": shop}}
        return product_id

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.down:
            return httpx.Response(503, json={"error": {"code": "server_error"}})
        product_id = request.url.path.rstrip("/").rsplit("/", 1)[-1]
        if product_id in self.products:
            return httpx.Response(200, json=self.products[product_id])
        return httpx.Response(404, json={"error": {"code": "not_found", "message": "Not found.", "fields": {}}})


@pytest.fixture(name="catalogue")
def catalogue_fixture(settings):
    settings.MARKETPLACE_API_URL = "http://marketplace.test/api/v1"
    stub = StubCatalogue()
    catalogue_transport_set(httpx.MockTransport(stub.handle))
    yield stub
    catalogue_transport_set(None)


@pytest.fixture(name="media_root", autouse=False)
def media_root_fixture(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def creator_for(user, *, handle: str = "", verified: bool = True, seller_org: str = "") -> Creator:
    """A creator profile for `user` (the creators helper's services make these in the app)."""
    from lapak.accounts.services import role_grant

    role_grant(user=user, role="creator", jurisdiction="")
    return Creator.objects.create(account=user.public_id, handle=handle or f"c{user.pk}x{new_public_id('x')[-6:]}"
                                  .lower(), display_name=user.full_name or "Creator", phone="+6281234567890",
                                  phone_verified_at=timezone.now() if verified else None, seller_org=seller_org)


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- Media made at test time -------------------------------------------------------------------------------------


def make_video(directory: Path, *, name: str = "clip.mp4", seconds: float = 2, size: str = "160x120",
               codec: str = "libx264", audio: str | None = None, extra: tuple[str, ...] = (),
               source: str = "testsrc") -> Path:
    """A short synthetic video; `source` may be an ffmpeg lavfi source or a picture path to loop."""
    target = directory / name
    if source == "testsrc":
        inputs = ["-f", "lavfi", "-i", f"testsrc=size={size}:rate=15"]
    else:
        inputs = ["-loop", "1", "-i", source]
    if audio:
        inputs += ["-f", "lavfi", "-i", "sine=frequency=440"]
    args = ["/usr/bin/ffmpeg", "-nostdin", "-v", "error", "-y", *inputs, "-t", str(seconds), "-c:v", codec,
            "-pix_fmt", "yuv420p"]
    if codec == "libvpx-vp9":
        args += ["-b:v", "200k", "-deadline", "realtime", "-cpu-used", "8"]
    if audio:
        args += ["-c:a", audio, "-shortest"]
    subprocess.run([*args, *extra, str(target)], check=True, capture_output=True, timeout=60)
    return target


def upload_of(path: Path, *, name: str | None = None, content_type: str = "video/mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type=content_type)


def picture_bytes(*, fmt: str = "JPEG", size: tuple[int, int] = (320, 240), colour: str = "orange",
                  exif: bool = False) -> bytes:
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x0131] = "GPS-Leaky 1.0"  # Software
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def qr_picture_bytes(text: str, *, size: int = 480) -> bytes:
    """A white picture with a QR code of `text` in the middle (as a seller's QRIS sticker would look)."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode).to_image(scale=6)
    view = memoryview(code)
    qr = Image.frombytes("L", (view.shape[1], view.shape[0]), bytes(view)).convert("RGB")
    canvas = Image.new("RGB", (max(size, qr.width + 40), max(size, qr.height + 40)), "white")
    canvas.paste(qr, ((canvas.width - qr.width) // 2, (canvas.height - qr.height) // 2))
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def qris_payload(*, merchant: str = "TOKO SARI", city: str = "JAKARTA") -> str:
    """A static QRIS payload as the EMVCo merchant-presented format writes it (the CRC is not checked here)."""
    account = _tlv("00", "ID.CO.QRIS.WWW") + _tlv("01", "936009140000000001") + _tlv("02", "ID1020001234567")
    body = (_tlv("00", "01") + _tlv("01", "11") + _tlv("26", account) + _tlv("52", "5411") + _tlv("53", "360")
            + _tlv("58", "ID") + _tlv("59", merchant) + _tlv("60", city))
    return body + "6304" + "A1B2"


def published_post(creator: Creator, *, caption: str = "Kaos adem", product_ids: tuple[str, ...] = (),
                   status: str = "published"):
    """A post written straight to the database (engagement and moderation tests are not about uploads)."""
    from django.core.files.base import ContentFile

    from lapak.social.models import Post, ProductTag

    now = timezone.now()
    post = Post(creator=creator, kind=Post.Kind.IMAGE, status=status, caption=caption, media_type="image/jpeg",
                campaign="promo-1", published_at=now if status == "published" else None)
    post.media.save("test.jpg", ContentFile(picture_bytes()), save=False)
    post.save()
    for n, product_id in enumerate(product_ids or (new_public_id("prd"),)):
        ProductTag.objects.create(post=post, position=n, product_id=product_id, title=f"Produk {n}",
                                  price_min=75_000, price_max=90_000, seller_id=new_public_id("org"),
                                  seller_name="Toko Sari", refreshed_at=now)
    return post
