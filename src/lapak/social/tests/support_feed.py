"""Helpers for the creator, feed and showcase tests: creators and published posts written straight to the social
database (the posts helper's upload flow is not what these tests are about)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from lapak.core.ids import new_public_id
from lapak.social.models import Creator, Post, ProductTag

NOW = timezone.now()


def creator_make(handle: str, *, account: str = "", verified: bool = True) -> Creator:
    return Creator.objects.create(account=account or new_public_id("usr"), handle=handle,
                                  display_name=handle.title(), phone="+6281234567890",
                                  phone_verified_at=NOW if verified else None)


def post_make(creator: Creator, *, published_at: datetime | None = None, likes: int = 0, comments: int = 0,
              shares: int = 0, status: str = Post.Status.PUBLISHED, caption: str = "") -> Post:
    return Post.objects.create(creator=creator, kind=Post.Kind.IMAGE, status=status, caption=caption,
                               media="social/posts/test.jpg", likes_count=likes, comments_count=comments,
                               shares_count=shares,
                               published_at=published_at or NOW - timedelta(minutes=1))


def tag_make(post: Post, *, product_id: str, seller_id: str, title: str = "Kaos", price: int = 75_000) -> ProductTag:
    return ProductTag.objects.create(post=post, product_id=product_id, title=title, price_min=price, price_max=price,
                                     seller_id=seller_id, seller_name="Toko", refreshed_at=NOW)
