"""Checking an uploaded video or picture before anything is stored, and making what the post page shows of it.

Videos are probed with `ffprobe` (container, codecs, duration, dimensions), their last seconds decoded with `ffmpeg`
(a truncated upload fails there even when its header reads well), and a poster frame is cut as JPEG; `video_frames`
samples small frames across a whole stored video for the payment check (content_checks.py). Pictures are
read by Pillow from their content (never their name), bounded, turned upright and re-encoded, which drops EXIF (GPS
positions, camera serials). Nothing here writes to storage: the caller stores the returned bytes, so a refused
upload leaves no file behind.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lapak.core.errors import LapakError, ValidationFailed

FFPROBE = "/usr/bin/ffprobe"
FFMPEG = "/usr/bin/ffmpeg"
TOOL_TIMEOUT_SECONDS = 30

# ffprobe's format_name for each container we take, and what each container may carry.
VIDEO_CONTAINERS = {"mov,mp4,m4a,3gp,3g2,mj2": "mp4", "matroska,webm": "webm"}
VIDEO_CODECS = {"mp4": {"h264", "hevc", "av1", "vp9"}, "webm": {"vp9", "av1"}}
AUDIO_CODECS = {"mp4": {"aac", "mp3", "opus"}, "webm": {"opus", "vorbis"}}
MEDIA_TYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm"}
MIN_VIDEO_SECONDS = 0.5
MIN_SIDE, MAX_SIDE = 64, 4096
PICTURE_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PICTURE_PIXELS = 40_000_000
PICTURE_LONG_SIDE = 2160  # re-encoded pictures are at most this tall or wide
# Frames sampled for the payment check: one every max(1 s, duration / FRAME_SAMPLES), scaled down to FRAME_LONG_SIDE
# (a QR code a phone can scan off the screen stays readable at that size). Decoding the whole video takes longer
# than probing it, hence its own timeout.
FRAME_SAMPLES = 60
FRAME_LONG_SIDE = 960
FRAME_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class CheckedMedia:
    kind: str  # "video" or "image" (Post.Kind)
    content: bytes | None  # a picture re-encoded; None for a video (stored from `source`, unchanged)
    extension: str
    media_type: str
    width: int
    height: int
    duration_ms: int | None
    poster: bytes | None  # a video's poster frame (JPEG)


def _refuse(message: object, field: str) -> ValidationFailed:
    return ValidationFailed(fields={field: [message]})


def _local_path(upload: File) -> str | None:
    """Where the file's bytes already are on this machine: an upload spooled to disk, or a stored file."""
    spooled = getattr(upload, "temporary_file_path", None)
    if spooled is not None:
        return spooled()
    storage, name = getattr(upload, "storage", None), getattr(upload, "name", None)
    if storage is not None and name:
        try:
            path = storage.path(name)
        except NotImplementedError:  # remote storage: copied below
            return None
        return path if os.path.isfile(path) else None
    return None


@contextlib.contextmanager
def _on_disk(upload: File) -> Iterator[str]:
    """A path to the file's bytes: ffprobe and ffmpeg read files. A temporary copy is removed afterwards."""
    path = _local_path(upload)
    if path is not None:
        yield path
        return
    handle, copy = tempfile.mkstemp(prefix="lapak-upload-", suffix=".bin")
    try:
        with os.fdopen(handle, "wb") as out:
            upload.seek(0)
            for chunk in upload.chunks():
                out.write(chunk)
        yield copy
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(copy)


class VideoToolsMissing(LapakError):
    """ffmpeg is not installed on this server (`scripts/system-deps.sh ffmpeg`): videos cannot be checked."""

    status = 503
    code = "video_checks_unavailable"
    default_message = _("Videos cannot be checked on this server right now. Post a picture, or try again later.")


def _run(args: list[str]) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, capture_output=True, timeout=TOOL_TIMEOUT_SECONDS, check=False)  # noqa: S603
    except FileNotFoundError:
        raise VideoToolsMissing() from None


def _looks_like_video(head: bytes) -> str | None:
    """The container the first bytes announce (ISO BMFF `ftyp` or EBML with the webm doctype), else None."""
    if head[4:8] == b"ftyp":
        return "mov" if head[8:10] == b"qt" else "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head[:64]:
        return "webm"
    return None


def video_check(upload: UploadedFile, *, field: str = "media") -> CheckedMedia:
    """The video's facts and poster frame, or ValidationFailed on `field` saying what is wrong with it."""
    if upload.size is None or upload.size > settings.SOCIAL_VIDEO_MAX_BYTES:
        raise _refuse(_("The video is larger than %(mb)d MB.") % {
            "mb": settings.SOCIAL_VIDEO_MAX_BYTES // (1024 * 1024) or 1}, field)
    upload.seek(0)
    container = _looks_like_video(upload.read(64))
    if container is None:
        raise _refuse(_("This file is not an MP4, MOV or WebM video."), field)
    with _on_disk(upload) as path:
        try:
            probe = _run([FFPROBE, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path])
        except subprocess.TimeoutExpired:
            raise _refuse(_("The video could not be read in time."), field) from None
        try:
            info = json.loads(probe.stdout or b"{}")
        except ValueError:
            info = {}
        if probe.returncode != 0 or "format" not in info:
            raise _refuse(_("The video is damaged or incomplete and cannot be read."), field)
        facts = _video_facts(info, container, field)
        _decode_tail(path, field)
        poster = _poster(path, facts["duration"], field)
    return CheckedMedia(kind="video", content=None, extension=container, media_type=MEDIA_TYPES[container],
                        width=facts["width"], height=facts["height"], duration_ms=int(facts["duration"] * 1000),
                        poster=poster)


def _video_facts(info: dict, container: str, field: str) -> dict:
    if VIDEO_CONTAINERS.get(info["format"].get("format_name", "")) != ("webm" if container == "webm" else "mp4"):
        raise _refuse(_("This file is not an MP4, MOV or WebM video."), field)
    family = "webm" if container == "webm" else "mp4"
    streams = info.get("streams") or []
    videos = [s for s in streams if s.get("codec_type") == "video" and not (s.get("disposition") or {}).get(
        "attached_pic")]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    if len(videos) != 1:
        raise _refuse(_("The video must have exactly one picture track."), field)
    codec = videos[0].get("codec_name", "")
    if codec not in VIDEO_CODECS[family]:
        raise _refuse(_("Video encoded as %(codec)s is not accepted; use H.264, HEVC, VP9 or AV1.") % {
            "codec": codec or "?"}, field)
    for audio in audios:
        if audio.get("codec_name", "") not in AUDIO_CODECS[family]:
            raise _refuse(_("Sound encoded as %(codec)s is not accepted; use AAC, Opus or MP3.") % {
                "codec": audio.get("codec_name") or "?"}, field)
    try:
        duration = float(info["format"].get("duration") or videos[0].get("duration") or 0)
    except ValueError:
        duration = 0.0
    if duration < MIN_VIDEO_SECONDS:
        raise _refuse(_("The video is too short."), field)
    if duration > settings.SOCIAL_VIDEO_MAX_SECONDS:
        raise _refuse(_("The video is longer than %(seconds)d seconds.") % {
            "seconds": settings.SOCIAL_VIDEO_MAX_SECONDS}, field)
    width, height = int(videos[0].get("width") or 0), int(videos[0].get("height") or 0)
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise _refuse(_("The video must be between %(low)d and %(high)d pixels wide and tall.") % {
            "low": MIN_SIDE, "high": MAX_SIDE}, field)
    return {"duration": duration, "width": width, "height": height}


def _decode_tail(path: str, field: str) -> None:
    # A file cut short can still have a readable header (moov first): decoding its end reveals the missing data.
    try:
        result = _run([FFMPEG, "-nostdin", "-v", "error", "-sseof", "-2", "-i", path, "-map", "0:v:0",
                       "-f", "null", "-"])
    except subprocess.TimeoutExpired:
        raise _refuse(_("The video could not be read in time."), field) from None
    if result.returncode != 0 or result.stderr.strip():
        raise _refuse(_("The video is damaged or incomplete and cannot be read."), field)


def _poster(path: str, duration: float, field: str) -> bytes:
    at = "1" if duration >= 2 else "0"
    try:
        result = _run([FFMPEG, "-nostdin", "-v", "error", "-ss", at, "-i", path, "-frames:v", "1", "-f", "image2pipe",
                       "-c:v", "mjpeg", "-q:v", "4", "-"])
    except subprocess.TimeoutExpired:
        raise _refuse(_("The video could not be read in time."), field) from None
    if result.returncode != 0 or not result.stdout.startswith(b"\xff\xd8"):
        raise _refuse(_("The video is damaged or incomplete and cannot be read."), field)
    return result.stdout


def video_frames(video: File, *, duration_ms: int | None) -> list[bytes]:
    """JPEG frames sampled across the whole video (at most FRAME_SAMPLES, evenly spaced, at least 1 s apart), each
    at most FRAME_LONG_SIDE pixels wide and tall.

    A poster frame alone shows one moment: a QRIS sticker held up later in the clip would pass. A video that cannot
    be sampled is refused (ValidationFailed on "media") rather than let through unchecked.
    """
    seconds = max((duration_ms or 0) / 1000, 0.0)
    step = max(1.0, seconds / FRAME_SAMPLES)
    side = FRAME_LONG_SIDE
    scale = (f"fps=1/{step:.3f},scale=w='min(iw,{side})':h='min(ih,{side})':force_original_aspect_ratio=decrease"
             ":force_divisible_by=2")
    with _on_disk(video) as path, tempfile.TemporaryDirectory(prefix="lapak-frames-") as folder:
        try:
            result = subprocess.run(  # noqa: S603 - fixed binary, argument list, no shell
                [FFMPEG, "-nostdin", "-v", "error", "-i", path, "-map", "0:v:0", "-an", "-sn", "-vf", scale,
                 "-frames:v", str(FRAME_SAMPLES), "-q:v", "3", "-f", "image2", str(Path(folder) / "f%03d.jpg")],
                capture_output=True, timeout=FRAME_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise _refuse(_("The video could not be checked in time. Try a shorter or smaller video."),
                          "media") from None
        except FileNotFoundError:
            raise VideoToolsMissing() from None
        frames = [frame.read_bytes() for frame in sorted(Path(folder).glob("f*.jpg"))]
    if result.returncode != 0 or not frames:
        raise _refuse(_("The video is damaged or incomplete and cannot be read."), "media")
    return frames


def picture_check(upload: UploadedFile, *, field: str = "media", unreadable: object = None) -> CheckedMedia:
    """The picture re-encoded as JPEG without metadata, or ValidationFailed on `field`."""
    if upload.size is None or upload.size > settings.SOCIAL_IMAGE_MAX_BYTES:
        raise _refuse(_("The picture is larger than %(mb)d MB.") % {
            "mb": settings.SOCIAL_IMAGE_MAX_BYTES // (1024 * 1024) or 1}, field)
    upload.seek(0)
    raw = upload.read()
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in PICTURE_FORMATS:
                raise _refuse(unreadable or _("Only JPEG, PNG or WebP pictures are accepted."), field)
            if probe.width * probe.height > MAX_PICTURE_PIXELS:
                raise _refuse(_("The picture has too many pixels."), field)
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse(unreadable or _("This file is not a picture that can be read."), field) from None
    if min(upright.size) < MIN_SIDE:
        raise _refuse(_("The picture must be at least %(low)d pixels wide and tall.") % {"low": MIN_SIDE}, field)
    upright.thumbnail((PICTURE_LONG_SIDE, PICTURE_LONG_SIDE))
    if upright.mode != "RGB":
        canvas = Image.new("RGB", upright.size, (255, 255, 255))
        rgba = upright.convert("RGBA")
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        upright = canvas
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=85, optimize=True)  # no exif= argument: metadata is not copied
    return CheckedMedia(kind="image", content=out.getvalue(), extension="jpg", media_type="image/jpeg",
                        width=upright.width, height=upright.height, duration_ms=None, poster=None)


def media_check(upload: UploadedFile, *, field: str = "media") -> CheckedMedia:
    """A video or a picture, told apart by content: a text file named .mp4 is neither and is refused."""
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if _looks_like_video(head):
        return video_check(upload, field=field)
    if not head:
        raise _refuse(_("The file is empty."), field)
    return picture_check(upload, field=field, unreadable=_(
        "This file is neither a video (MP4, MOV or WebM) nor a picture (JPEG, PNG or WebP)."))
