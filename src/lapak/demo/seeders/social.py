"""Social commerce in the demo (issue 8), through the real services on both sides:

- both demo shops open their listings to creators at 10 % and invite the demo creator (kreator@demo.lapak.id) to
  two products at 15 %, which the creator accepts;
- the demo creator (@rizky) posts a short video (made here with ffmpeg) tagging two products and hosts a live
  pinning the product one shop invited them to promote; two more creators post pictures so the feed has something
  to rank;
- the tags and pins are read from the marketplace's public catalogue API, served in-process (no server runs while
  the demo seeds).

Found again by handle and caption, so a re-run adds nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lapak.accounts.models import Role, RoleGrant, User
from lapak.demo.seeders.accounts import DEMO_DOMAIN, DEMO_PASSWORD
from lapak.demo.seeders.base import SeedContext
from lapak.demo.seeders.catalog import SECOND_SHOP_OWNER, demo_shop
from lapak.demo.seeders.catalog_images import product_picture
from lapak.market.affiliates.models import AffiliateInvite, AffiliateOffer
from lapak.market.affiliates.services_invites import invite_accept, invite_send
from lapak.market.affiliates.services_offers import offer_set
from lapak.market.catalog.models import ListingStatus, Product
from lapak.social.catalogue import catalogue_transport_set
from lapak.social.catalogue_in_process import catalogue_in_process
from lapak.social.models import Creator, LiveSession, Post
from lapak.social.services.creators import creator_create
from lapak.social.services.live import live_schedule, live_start
from lapak.social.services.live_chat import chat_post
from lapak.social.services.live_pins import live_pin
from lapak.social.services.posts import post_create, post_publish

OPEN_RATE_BPS = 1_000
INVITE_RATE_BPS = 1_500
DEMO_CREATOR = f"kreator@{DEMO_DOMAIN}"
MORE_CREATORS = [  # (email, name, handle)
    (f"kreator2@{DEMO_DOMAIN}", "Ayu Dapur", "ayudapur"),
    (f"kreator3@{DEMO_DOMAIN}", "Bima Gaya", "bimagaya"),
]
VIDEO_CAPTION = "Dua favorit minggu ini: kaos lokal dan kopi Nusantara! #lokal #umkm #kopi"
LIVE_TITLE = "Live belanja: produk UMKM pilihan"


def seed(ctx: SeedContext) -> dict[str, object]:
    shops = [found for found in (demo_shop(), demo_shop(SECOND_SHOP_OWNER)) if found is not None]
    if len(shops) < 2:
        return {"skipped": "the demo shops are not there"}
    report: dict[str, object] = {}
    catalogue_in_process()
    try:
        products = {shop.pk: list(Product.objects.filter(seller=shop, status=ListingStatus.ACTIVE)
                                  .order_by("pk")[:8]) for shop, _owner in shops}
        report["offers"] = _offers(shops, products)
        creator_user = User.objects.get(email=DEMO_CREATOR)
        creator = _creator(creator_user, handle="rizky", name="Rizky Kreator")
        report["invites_accepted"] = _invites(shops, products, creator_user)
        first, second = products[shops[0][0].pk][0], products[shops[1][0].pk][0]
        report["posts"] = _posts(creator_user, creator, first, second, products)
        # The live pins the second shop's product the creator was invited to promote at the higher rate.
        report["live"] = _live(creator_user, products[shops[1][0].pk][1])
    finally:
        catalogue_transport_set(None)
    return report


def _offers(shops: list, products: dict[int, list[Product]]) -> int:
    made = 0
    for shop, owner in shops:
        for product in products[shop.pk]:
            if not AffiliateOffer.objects.filter(product=product).exists():
                offer_set(actor=owner, seller=shop, product=product, rate_bps=OPEN_RATE_BPS)
                made += 1
    return made


def _creator(user: User, *, handle: str, name: str) -> Creator:
    creator = Creator.objects.filter(account=user.public_id).first()
    if creator is None:
        creator = creator_create(user=user, handle=handle, display_name=name, phone="+6281234500000",
                                 bio="Kreator demo Lapak: produk lokal, jujur dan terjangkau.")
    if creator.phone_verified_at is None:
        # The demo has no SMS gateway: the phone is taken as checked, as the code sent to it would have been.
        Creator.objects.filter(pk=creator.pk).update(phone_verified_at=timezone.now())
        RoleGrant.objects.get_or_create(user=user, role=Role.CREATOR)
        creator.refresh_from_db()
    return creator


def _invites(shops: list, products: dict[int, list[Product]], creator_user: User) -> int:
    accepted = 0
    for shop, owner in shops:
        product = products[shop.pk][1]
        invite = AffiliateInvite.objects.filter(product=product, creator=creator_user.public_id).first()
        if invite is None:
            invite = invite_send(actor=owner, seller=shop, product=product, creator=creator_user.public_id,
                                 rate_bps=INVITE_RATE_BPS, message="Yuk promosikan produk kami!")
        if invite.status == AffiliateInvite.Status.PENDING:
            invite_accept(actor=creator_user, invite=invite)
            accepted += 1
    return accepted


def _posts(user: User, creator: Creator, first: Product, second: Product, products: dict) -> int:
    made = 0
    if not Post.objects.filter(creator=creator, caption=VIDEO_CAPTION).exists():
        video = _demo_video()
        upload = (SimpleUploadedFile("demo.mp4", video, content_type="video/mp4") if video
                  else _picture_upload(first.title))
        post_publish(actor=user, post=post_create(actor=user, upload=upload, caption=VIDEO_CAPTION,
                                                   product_ids=[first.public_id, second.public_id]))
        made += 1
    for index, (email, name, handle) in enumerate(MORE_CREATORS):
        other_user = User.objects.filter(email=email).first()
        if other_user is None:
            other_user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
            RoleGrant.objects.get_or_create(user=other_user, role=Role.BUYER)
        other = _creator(other_user, handle=handle, name=name)
        if Post.objects.filter(creator=other).exists():
            continue
        for shop_products in products.values():
            product = shop_products[2 + index]
            caption = f"Rekomendasi {name}: {product.title} #rekomendasi"
            post_publish(actor=other_user, post=post_create(actor=other_user, upload=_picture_upload(product.title),
                                                             caption=caption, product_ids=[product.public_id]))
            made += 1
    return made


def _live(user: User, product: Product) -> str:
    live = LiveSession.objects.filter(title=LIVE_TITLE).first()
    if live is None:
        live = live_schedule(actor=user.public_id, title=LIVE_TITLE, scheduled_for=timezone.now(),
                             description="Tanya jawab langsung dan harga spesial selama live.")
        live = live_start(actor=user.public_id, live_id=live.public_id)
        live_pin(actor=user.public_id, live_id=live.public_id, product_id=product.public_id)
        # A viewer's question, from another demo creator: the demo buyer's own chat stays free to use at once.
        viewer = User.objects.get(email=MORE_CREATORS[1][0])
        chat_post(account=viewer.public_id, author_name=MORE_CREATORS[1][1], live_id=live.public_id,
                  body="Kak, ada ukuran L?")
        live_schedule(actor=user.public_id, title="Live minggu depan: kopi dan teh Nusantara",
                      scheduled_for=timezone.now() + timedelta(days=7))
    return live.public_id


def _demo_video() -> bytes | None:
    """Six seconds of a 720×1280 test pattern with a tone, H.264/AAC in MP4; None when ffmpeg is missing."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "demo.mp4"
        subprocess.run(  # noqa: S603 (fixed arguments)
            [ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=720x1280:rate=25",
             "-f", "lavfi", "-i", "sine=frequency=440", "-t", "6", "-c:v", "libx264", "-pix_fmt", "yuv420p",
             "-c:a", "aac", "-shortest", str(target)], check=True, timeout=120)
        return target.read_bytes()


def _picture_upload(label: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("demo.jpg", product_picture(label=label, group="fashion"), content_type="image/jpeg")
