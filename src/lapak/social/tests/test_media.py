"""Upload checks with the real ffprobe, ffmpeg and Pillow on files made at test time."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from lapak.core.errors import ValidationFailed
from lapak.social.media import media_check
from lapak.social.tests.support_posts import make_video, picture_bytes, upload_of


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _refusal(upload) -> str:
    with pytest.raises(ValidationFailed) as caught:
        media_check(upload)
    assert list(caught.value.fields) == ["media"]
    return " ".join(str(m) for m in caught.value.fields["media"])


def test_an_h264_mp4_is_accepted_with_its_facts_and_a_jpeg_poster(tmp_path):
    checked = media_check(upload_of(make_video(tmp_path, seconds=2.5, audio="aac")))
    assert (checked.kind, checked.extension, checked.media_type) == ("video", "mp4", "video/mp4")
    assert (checked.width, checked.height) == (160, 120)
    assert 2400 <= checked.duration_ms <= 2600
    assert checked.poster.startswith(b"\xff\xd8")
    with Image.open(io.BytesIO(checked.poster)) as poster:
        assert poster.format == "JPEG" and poster.size == (160, 120)


def test_a_vp9_webm_is_accepted(tmp_path):
    checked = media_check(upload_of(make_video(tmp_path, name="clip.webm", codec="libvpx-vp9"),
                                    content_type="video/webm"))
    assert (checked.extension, checked.media_type) == ("webm", "video/webm")


def test_a_codec_outside_the_list_is_refused(tmp_path):
    assert "mpeg4" in _refusal(upload_of(make_video(tmp_path, codec="mpeg4")))


def test_a_text_file_named_mp4_is_neither_video_nor_picture():
    upload = SimpleUploadedFile("clip.mp4", b"this is not a video at all\n" * 20, content_type="video/mp4")
    with pytest.raises(ValidationFailed) as caught:
        media_check(upload)
    assert "neither a video" in str(caught.value.fields["media"][0])


def test_a_truncated_mp4_is_refused_even_when_its_header_reads(tmp_path):
    whole = make_video(tmp_path, seconds=3, size="320x240", extra=("-movflags", "+faststart")).read_bytes()
    cut = SimpleUploadedFile("cut.mp4", whole[: len(whole) // 2], content_type="video/mp4")
    assert "damaged or incomplete" in _refusal(cut)


def test_a_truncated_mp4_without_its_index_is_refused(tmp_path):
    whole = make_video(tmp_path, seconds=2).read_bytes()
    assert "damaged or incomplete" in _refusal(SimpleUploadedFile("cut.mp4", whole[:4000]))


def test_an_overlong_video_is_refused(tmp_path, settings):
    settings.SOCIAL_VIDEO_MAX_SECONDS = 2
    assert "longer than 2 seconds" in _refusal(upload_of(make_video(tmp_path, seconds=3)))


def test_a_too_short_video_is_refused(tmp_path):
    assert "too short" in _refusal(upload_of(make_video(tmp_path, seconds=0.2)))


def test_an_oversized_video_is_refused_before_it_is_read(tmp_path, settings):
    video = make_video(tmp_path)
    settings.SOCIAL_VIDEO_MAX_BYTES = video.stat().st_size - 1
    assert "larger than" in _refusal(upload_of(video))


def test_a_tiny_frame_is_refused(tmp_path):
    assert "pixels" in _refusal(upload_of(make_video(tmp_path, size="32x32")))


def test_a_picture_is_re_encoded_upright_without_exif():
    raw = picture_bytes(fmt="JPEG", size=(400, 300), exif=True)
    with Image.open(io.BytesIO(raw)) as original:
        assert original.getexif().get(0x010F) == "SecretCam"
    checked = media_check(SimpleUploadedFile("photo.jpg", raw, content_type="image/jpeg"))
    assert (checked.kind, checked.media_type, checked.width, checked.height) == ("image", "image/jpeg", 400, 300)
    assert b"SecretCam" not in checked.content
    with Image.open(io.BytesIO(checked.content)) as stored:
        assert not stored.getexif()


def test_a_transparent_png_becomes_a_jpeg():
    image = Image.new("RGBA", (100, 100), (255, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    checked = media_check(SimpleUploadedFile("sticker.png", out.getvalue()))
    assert checked.content.startswith(b"\xff\xd8")


def test_a_gif_and_an_oversized_picture_are_refused(settings):
    gif = io.BytesIO()
    Image.new("RGB", (100, 100)).save(gif, format="GIF")
    assert "neither a video" in _refusal(SimpleUploadedFile("anim.gif", gif.getvalue()))
    raw = picture_bytes()
    settings.SOCIAL_IMAGE_MAX_BYTES = len(raw) - 1
    assert "larger than" in _refusal(SimpleUploadedFile("photo.jpg", raw))


def test_an_empty_file_is_refused():
    assert "empty" in _refusal(SimpleUploadedFile("empty.jpg", b""))


def test_without_ffmpeg_a_video_is_refused_clearly_not_crashed(monkeypatch, tmp_path):
    from lapak.social import media

    monkeypatch.setattr(media, "FFPROBE", str(tmp_path / "no-ffprobe"))
    video = upload_of(make_video(tmp_path))  # made while ffmpeg is still where it belongs
    with pytest.raises(media.VideoToolsMissing) as refused:
        media_check(video)
    assert refused.value.status == 503 and refused.value.code == "video_checks_unavailable"
