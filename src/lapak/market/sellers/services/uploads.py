"""Uploads: identity photos and business documents, checked by content and stored encrypted.

Photos are decoded with Pillow (the declared name and type are ignored), bounded in bytes and in pixels
before any pixel is decoded (a small file can declare a huge image: a decompression bomb), turned upright,
shrunk to at most 2000 px on the long side and re-encoded as JPEG, which drops EXIF (GPS position, camera
serial) and every other metadata chunk. Documents may also be PDF, recognised by its magic bytes and kept
as sent. Whatever is stored goes through the vault.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.errors import UploadRefused
from lapak.market.sellers.identity import document_context
from lapak.market.sellers.lock_objects import application_for_update, organisation_for_update
from lapak.market.sellers.models import (
    EDITABLE_STATUSES,
    PHOTO_KINDS,
    ApplicationDocument,
    DocumentKind,
    SellerApplication,
    SellerOrganisation,
)
from lapak.market.sellers.permissions import EDITORS, require_member
from lapak.market.sellers.rules import UPLOAD_JPEG_QUALITY, UPLOAD_MAX_SIDE, upload_max_bytes, upload_max_pixels
from lapak.market.sellers.vault import vault_encrypt

IMAGE_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})  # MPO: the multi-picture JPEG many phones write
PDF_MAGIC = b"%PDF-"
LOGO_MAX_SIDE = 800


@dataclass(frozen=True)
class CleanFile:
    data: bytes
    content_type: str
    width: int | None = None
    height: int | None = None


def image_sanitise(data: bytes, *, field: str = "file", output: str = "JPEG", max_side: int = UPLOAD_MAX_SIDE) -> (
        CleanFile):
    """Decode an uploaded picture safely and re-encode it without metadata, or raise UploadRefused.

    Guarantees: at most `upload_max_bytes()` in, at most `upload_max_pixels()` decoded, only JPEG/PNG/WebP
    content accepted whatever the file is called, and the bytes returned carry no EXIF or other metadata.
    """
    _check_size(data, field)
    try:
        # Opening reads the header only. Pillow raises DecompressionBombError far above our limit; below that,
        # our own bound refuses before a single pixel is decoded. (Not warnings.catch_warnings to turn Pillow's
        # warning into an error: that changes process-wide state and is not thread-safe.)
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise _refused(field, "upload_not_image", _not_image_message())
            width, height = probe.size
            if width * height > upload_max_pixels():
                raise _bomb(field)
            probe.load()
            picture = ImageOps.exif_transpose(probe)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb(field) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _refused(field, "upload_not_image", _not_image_message()) from None
    picture.thumbnail((max_side, max_side))
    out = io.BytesIO()
    if output == "PNG":
        picture = picture.convert("RGBA")
        picture.save(out, format="PNG", optimize=True)
        content_type = "image/png"
    else:
        if picture.mode in ("RGBA", "LA", "P"):
            picture = picture.convert("RGBA")
            flat = Image.new("RGB", picture.size, (255, 255, 255))
            flat.paste(picture, mask=picture.getchannel("A"))
            picture = flat
        picture = picture.convert("RGB")
        picture.save(out, format="JPEG", quality=UPLOAD_JPEG_QUALITY, optimize=True)
        content_type = "image/jpeg"
    return CleanFile(data=out.getvalue(), content_type=content_type, width=picture.width, height=picture.height)


def document_upload(*, application: SellerApplication, actor: object, kind: str, data: bytes) -> ApplicationDocument:
    """Store (or replace) the application's document of this kind, encrypted.

    Guarantees: identity photos and the selfie must be pictures; other documents may be PDF; nothing is
    stored unless it passes `image_sanitise` (or is a PDF within the size limit); only an editable
    application (draft, more information needed) takes uploads.
    """
    require_member(application.organisation, actor, EDITORS)
    if kind not in DocumentKind.values:
        raise ValidationFailed(fields={"kind": [_("Choose which document this is.")]})
    clean = _document_content(kind, data)
    with transaction.atomic():
        locked = application_for_update().get(pk=application.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise Conflict(_("This application can no longer be changed."), code="application_not_editable")
        document = ApplicationDocument.objects.filter(application=locked, kind=kind).first()
        if document is None:
            document = ApplicationDocument(application=locked, kind=kind)
        document.content_encrypted = vault_encrypt(clean.data, context=document_context(document))
        document.content_type = clean.content_type
        document.size_bytes = len(clean.data)
        document.width, document.height = clean.width, clean.height
        document.uploaded_by = actor
        document.uploaded_at = timezone.now()
        document.erased_at = None
        document.save()
    return document


def organisation_logo_set(*, organisation: SellerOrganisation, actor: object, data: bytes) -> SellerOrganisation:
    """Replace the shop's logo (owner or manager). A logo is public, so it is re-encoded but not encrypted."""
    require_member(organisation, actor, EDITORS)
    clean = image_sanitise(data, field="logo", output="PNG", max_side=LOGO_MAX_SIDE)
    with transaction.atomic():
        locked = organisation_for_update().get(pk=organisation.pk)
        locked.logo, locked.logo_content_type = clean.data, clean.content_type
        locked.save(update_fields=["logo", "logo_content_type", "updated_at"])
    return locked


def _document_content(kind: str, data: bytes) -> CleanFile:
    if not isinstance(data, bytes | bytearray):
        raise TypeError("uploads are bytes")
    data = bytes(data)
    if data.startswith(PDF_MAGIC):
        if kind in PHOTO_KINDS:
            raise _refused(kind, "upload_not_image", _("Upload a photo here, not a PDF."))
        _check_size(data, kind)
        return CleanFile(data=data, content_type="application/pdf")
    try:
        return image_sanitise(data, field=kind)
    except UploadRefused as exc:
        if exc.code == "upload_not_image" and kind not in PHOTO_KINDS:
            raise _refused(kind, "upload_not_document", _("Upload a PDF document or a photo of it.")) from None
        raise


def _check_size(data: bytes, field: str) -> None:
    limit = upload_max_bytes()
    if len(data) > limit:
        message = _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        raise _refused(field, "upload_too_large", message)
    if not data:
        raise _refused(field, "upload_empty", _("The file is empty."))


def _not_image_message() -> str:
    return _("This file is not a picture we can read. Upload a JPEG, PNG or WebP photo.")


def _bomb(field: str) -> UploadRefused:
    message = _("The picture has too many pixels (more than %(limit)s megapixels).") % {
        "limit": upload_max_pixels() // 1_000_000
    }
    return _refused(field, "upload_too_many_pixels", message)


def _refused(field: str, code: str, message: object) -> UploadRefused:
    return UploadRefused(message, code=code, fields={field: [message]})
