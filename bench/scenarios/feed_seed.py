"""Seeds the feed benchmark's data: `python -m bench.scenarios.feed_seed <posts> <creators> <seed>`, run by
`bench/scenarios/feed.py` with the server's environment (Django settings, DATABASE_URL).

Creators and published posts are written with bulk_create on the `social` alias in batches; likes, comments and
shares follow a heavy-tailed distribution (most posts get little, a few a lot); publication times spread over 30
days. Idempotent enough for the benchmark: it tops up to the asked number of posts.
"""

from __future__ import annotations

import random
import sys
from datetime import timedelta

BATCH = 5_000


def main(posts: int, creators: int, seed: int) -> None:
    import django

    django.setup()
    from django.utils import timezone

    from lapak.core.ids import new_public_id
    from lapak.social.models import Creator, Post

    rng = random.Random(seed)
    now = timezone.now()
    have = Creator.objects.using("social").count()
    Creator.objects.using("social").bulk_create(
        [Creator(account=new_public_id("usr"), handle=f"kreator{i}", display_name=f"Kreator {i}",
                 phone="+6281234567890", phone_verified_at=now) for i in range(have, creators)], batch_size=BATCH)
    creator_ids = list(Creator.objects.using("social").values_list("id", flat=True))
    done = Post.objects.using("social").filter(status="published").count()
    while done < posts:
        batch = []
        for _ in range(min(BATCH, posts - done)):
            likes = int(rng.paretovariate(1.2)) - 1
            batch.append(Post(creator_id=rng.choice(creator_ids), kind=rng.choice(["video", "image"]),
                              status="published", caption=f"Post {done + len(batch)} #lapak", hashtags=["lapak"],
                              media="social/posts/bench.mp4", likes_count=likes,
                              comments_count=likes // rng.randint(5, 30), shares_count=likes // rng.randint(10, 60),
                              published_at=now - timedelta(seconds=rng.randint(0, 30 * 86_400))))
        Post.objects.using("social").bulk_create(batch, batch_size=BATCH)
        done += len(batch)
        print(f"feed_seed: {done}/{posts} posts", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
