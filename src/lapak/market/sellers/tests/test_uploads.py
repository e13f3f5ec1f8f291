"""Uploads: checked by content, bounded in bytes and pixels, stripped of metadata, stored encrypted."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict
from lapak.market.sellers.errors import UploadRefused
from lapak.market.sellers.identity import document_context
from lapak.market.sellers.models import ApplicationDocument
from lapak.market.sellers.services import document_upload, image_sanitise, organisation_logo_set
from lapak.market.sellers.tests.conftest import PDF_BYTES, jpeg_bytes, png_bytes
from lapak.market.sellers.vault import VaultAccess, vault_decrypt


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "LeakySoft 1.0"  # Software
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "S", 2: (6.0, 21.0, 0.0), 3: "E", 4: (106.0, 49.0, 0.0)}  # GPS: Jakarta
    return exif


def opened(blob_owner: ApplicationDocument, user) -> Image.Image:
    data = vault_decrypt(blob_owner.content_encrypted, context=document_context(blob_owner),
                         access=VaultAccess(actor=user.public_id, purpose="test", subject_type="document",
                                            subject_id=blob_owner.public_id))
    return Image.open(io.BytesIO(data)), data


def bomb_png(width: int, height: int) -> bytes:
    """A valid, tiny PNG header declaring a huge image (the IDAT is a few bytes of zlib)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(
        b"IEND", b"")


@pytest.mark.django_db
def test_a_jpeg_with_exif_is_stored_encrypted_upright_and_without_metadata(build, people):
    application = build.individual()
    original = jpeg_bytes(size=(3000, 1000), exif=exif_with_gps())
    assert b"SecretCam" in original
    document = document_upload(application=application, actor=people.owner, kind="ktp_photo", data=original)

    stored = bytes(ApplicationDocument.objects.get(pk=document.pk).content_encrypted)
    assert b"JFIF" not in stored and b"SecretCam" not in stored and stored[:2] != b"\xff\xd8"  # ciphertext
    image, plain = opened(document, people.owner)
    assert image.format == "JPEG" and document.content_type == "image/jpeg"
    assert not image.getexif() and b"Exif" not in plain and b"SecretCam" not in plain and b"LeakySoft" not in plain
    # Orientation 6 applied (3000×1000 becomes 1000×3000), then shrunk to 2000 px on the long side.
    assert image.size == (667, 2000) == (document.width, document.height)
    assert AuditEvent.objects.filter(action="identity.decrypt", subject_id=document.public_id).exists()


@pytest.mark.django_db
def test_a_png_is_accepted_and_re_encoded_as_jpeg(build, people):
    application = build.individual()
    document = document_upload(application=application, actor=people.owner, kind="selfie", data=png_bytes())
    image, _plain = opened(document, people.owner)
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (300, 200))


@pytest.mark.django_db
def test_a_text_file_named_jpg_is_refused(build, people):
    application = build.individual()
    with pytest.raises(UploadRefused) as caught:
        document_upload(application=application, actor=people.owner, kind="ktp_photo",
                        data=b"this is not a picture, whatever the name ktp.jpg says\n" * 10)
    assert caught.value.code == "upload_not_image" and caught.value.status == 422
    assert "JPEG, PNG or WebP" in str(caught.value.fields["ktp_photo"][0])


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_before_decoding(build, people, settings):
    settings.SELLER_UPLOAD_MAX_BYTES = 50_000
    application = build.individual()
    big = jpeg_bytes(size=(1500, 1500)) + b"\x00" * 60_000
    with pytest.raises(UploadRefused) as caught:
        document_upload(application=application, actor=people.owner, kind="selfie", data=big)
    assert caught.value.code == "upload_too_large"
    assert str(caught.value.message) == "The file is larger than 48.8\xa0KB."


def test_the_default_size_limit_is_8_mb():
    data = b"\xff\xd8" + b"\x00" * (8 * 1024 * 1024)
    with pytest.raises(UploadRefused) as caught:
        image_sanitise(data)
    assert caught.value.code == "upload_too_large"
    assert str(caught.value.message) == "The file is larger than 8.0\xa0MB."


@pytest.mark.parametrize(("width", "height"), [(20000, 20000), (8000, 6000), (10_000, 4_001)])
def test_a_decompression_bomb_is_refused_without_decoding_it(width, height):
    data = bomb_png(width, height)
    assert len(data) < 200
    with pytest.raises(UploadRefused) as caught:
        image_sanitise(data)
    assert caught.value.code == "upload_too_many_pixels"
    assert str(caught.value.message) == "The picture has too many pixels (more than 40 megapixels)."


def test_a_truncated_image_is_refused():
    data = jpeg_bytes(size=(800, 600))[:400]
    with pytest.raises(UploadRefused) as caught:
        image_sanitise(data)
    assert caught.value.code == "upload_not_image"


def test_a_gif_is_not_an_accepted_format():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(UploadRefused):
        image_sanitise(out.getvalue())


@pytest.mark.django_db
def test_documents_may_be_pdf_but_identity_photos_may_not(build, people):
    application = build.business()
    document = document_upload(application=application, actor=people.owner, kind="deed", data=PDF_BYTES)
    access = VaultAccess(actor="test", purpose="test", subject_type="document", subject_id=document.public_id)
    plain = vault_decrypt(document.content_encrypted, context=document_context(document), access=access)
    assert plain == PDF_BYTES and document.content_type == "application/pdf"
    with pytest.raises(UploadRefused) as caught:
        document_upload(application=application, actor=people.owner, kind="selfie", data=PDF_BYTES)
    assert str(caught.value.fields["selfie"][0]) == "Upload a photo here, not a PDF."
    with pytest.raises(UploadRefused) as caught:
        document_upload(application=application, actor=people.owner, kind="deed", data=b"PK\x03\x04 a zip")
    assert caught.value.code == "upload_not_document"


@pytest.mark.django_db
def test_uploading_again_replaces_the_document(build, people):
    application = build.individual()
    before = ApplicationDocument.objects.get(application=application, kind="selfie")
    document_upload(application=application, actor=people.owner, kind="selfie", data=jpeg_bytes(size=(100, 100)))
    after = ApplicationDocument.objects.get(application=application, kind="selfie")
    assert after.pk == before.pk and (after.width, after.height) == (100, 100)


@pytest.mark.django_db
def test_no_uploads_once_submitted(build, people):
    application = build.submitted()
    with pytest.raises(Conflict):
        document_upload(application=application, actor=people.owner, kind="selfie", data=jpeg_bytes())


@pytest.mark.django_db
def test_the_logo_is_re_encoded_as_png_and_kept_public(build, people):
    application = build.individual()
    organisation = organisation_logo_set(organisation=application.organisation, actor=people.owner,
                                         data=png_bytes(size=(2000, 1000)))
    logo = Image.open(io.BytesIO(bytes(organisation.logo)))
    assert (logo.format, logo.size, organisation.logo_content_type) == ("PNG", (800, 400), "image/png")
