"""ID-SOC-1 in videos: a QRIS code shown at any moment of a video is found, not only one in the poster frame."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.core.files import File
from django.utils import translation

from lapak.compliance.models import Decision
from lapak.social.content_checks import content_payment_facts, picture_facts
from lapak.social.media import FRAME_SAMPLES, media_check, video_frames
from lapak.social.models import Post
from lapak.social.services.posts import post_create, post_publish
from lapak.social.tests.support_posts import (  # noqa: F401
    catalogue_fixture,
    creator_for,
    make_video,
    media_root_fixture,
    qr_picture_bytes,
    qris_payload,
    upload_of,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def white_then_qris(directory: Path, *, white_seconds: float = 3, qr_seconds: float = 3, rate: int = 25) -> Path:
    """`white_seconds` of a white screen, then `qr_seconds` of a QRIS sticker: the poster frame (at 1 s) is white."""
    sticker = directory / "qris.png"
    sticker.write_bytes(qr_picture_bytes(qris_payload(), size=480))
    target = directory / "white-then-qris.mp4"
    subprocess.run(
        ["/usr/bin/ffmpeg", "-nostdin", "-v", "error", "-y",
         "-f", "lavfi", "-i", f"color=c=white:s=480x480:d={white_seconds}:r={rate}",
         "-loop", "1", "-t", str(qr_seconds), "-r", str(rate), "-i", str(sticker),
         "-filter_complex", "[1:v]scale=480:480,setsar=1[q];[0:v][q]concat=n=2:v=1[v]", "-map", "[v]",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", str(target)],
        check=True, capture_output=True, timeout=120)
    return target


def test_the_poster_frame_alone_misses_the_code_but_the_sampled_frames_find_it(tmp_path):
    video = white_then_qris(tmp_path)
    checked = media_check(upload_of(video))
    assert not picture_facts(checked.poster).embeds_payment  # the reviewer's finding: the poster is white
    with video.open("rb") as handle:
        frames = video_frames(File(handle, name=video.name), duration_ms=checked.duration_ms)
    assert 5 <= len(frames) <= 7 and all(frame.startswith(b"\xff\xd8") for frame in frames)
    facts = content_payment_facts(caption="", pictures=[checked.poster], frames=frames)
    assert facts.embeds_payment
    assert any(found.startswith("QRIS code in the video (sampled frame") for found in facts.found)


def test_a_long_video_is_sampled_at_most_sixty_times_and_a_late_code_is_still_found(tmp_path):
    video = white_then_qris(tmp_path, white_seconds=150, qr_seconds=3, rate=5)
    checked = media_check(upload_of(video))
    with video.open("rb") as handle:
        frames = video_frames(File(handle, name=video.name), duration_ms=checked.duration_ms)
    assert len(frames) <= FRAME_SAMPLES
    assert content_payment_facts(caption="", pictures=[], frames=frames[-3:]).embeds_payment


@pytest.mark.django_db(databases=["default", "social"])
def test_publishing_a_video_that_shows_a_qris_code_after_its_poster_frame_is_refused(make_user, catalogue,
                                                                                       media_root, tmp_path):
    user = make_user()
    creator_for(user)
    draft = post_create(actor=user, upload=upload_of(white_then_qris(tmp_path)), caption="",
                        product_ids=[catalogue.add()])
    post = post_publish(actor=user, post=draft)
    assert post.status == Post.Status.REFUSED and post.published_at is None
    assert [r["rule_id"] for r in post.refusal] == ["ID-SOC-1"]
    assert Decision.objects.get(public_id=post.decision).evidence["embeds_payment"] is True


@pytest.mark.django_db(databases=["default", "social"])
def test_a_video_without_a_code_is_still_published(make_user, catalogue, media_root, tmp_path):
    user = make_user()
    creator_for(user)
    draft = post_create(actor=user, upload=upload_of(make_video(tmp_path, seconds=6, size="320x240")), caption="",
                        product_ids=[catalogue.add()])
    assert post_publish(actor=user, post=draft).status == Post.Status.PUBLISHED
