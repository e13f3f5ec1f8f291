"""Why an application moved: reason codes with their text in both languages, stored with each transition.

Reasons are stored as data in Bahasa Indonesia and English (like compliance reasons), not only as
translatable strings, because the record must say what the applicant was told on the day, in the language
they read it in, even after the wording in the catalogue changes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.utils import translation
from django.utils.functional import Promise


@dataclass(frozen=True)
class Reason:
    code: str
    message_id: str
    message_en: str
    rule_id: str = ""
    part: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def message(self, language: str) -> str:
        return self.message_id if language == "id" else self.message_en


def reason_from_lazy(code: str, message: str | Promise, *, rule_id: str = "", part: str = "") -> Reason:
    """A reason whose text is a translatable message (e.g. a validation issue), rendered in both languages."""
    texts = {}
    for language in ("id", "en"):
        with translation.override(language):
            texts[language] = str(message)
    return Reason(code=code, message_id=texts["id"], message_en=texts["en"], rule_id=rule_id, part=part)


def _r(code: str, message_id: str, message_en: str, rule_id: str = "") -> Reason:
    return Reason(code=code, message_id=message_id, message_en=message_en, rule_id=rule_id)


# Operators choose from these when they reject or ask for more information; the automatic checks use them too.
CATALOGUE: dict[str, Reason] = {
    r.code: r
    for r in (
        _r("document_unreadable", "Dokumen atau foto tidak terbaca.", "A document or photo cannot be read."),
        _r("selfie_mismatch", "Swafoto tidak cocok dengan foto pada dokumen identitas.",
           "The selfie does not match the photo on the identity document."),
        _r("identity_mismatch", "Data identitas tidak cocok dengan dokumen.",
           "The identity details do not match the document."),
        _r("business_not_registered", "Usaha tidak ditemukan di OSS dengan NIB yang diberikan.",
           "The business cannot be found in OSS under the NIB given."),
        _r("bank_account_mismatch", "Nama pemilik rekening tidak cocok dengan pemohon.",
           "The bank account holder's name does not match the applicant."),
        _r("incomplete", "Data pengajuan belum lengkap.", "The application is incomplete."),
        _r("fraud_suspected", "Pengajuan ditolak karena indikasi penipuan.",
           "The application was refused because fraud is suspected."),
        _r("other", "Alasan lain (lihat catatan operator).", "Another reason (see the operator's note)."),
        _r("mlm_not_allowed", "Perusahaan MLM tidak boleh berjualan di lokapasar di Indonesia.",
           "Multi-level marketing companies may not sell on marketplaces in Indonesia.", "ID-SEL-5"),
        _r("foreign_merchant_incomplete", "Pendaftaran pedagang luar negeri tidak lengkap.",
           "The foreign merchant's registration is incomplete.", "ID-XB-3"),
        _r("consent_withdrawn", "Persetujuan pemrosesan data identitas ditarik.",
           "Consent to the processing of identity data was withdrawn."),
        _r("withdrawn_by_applicant", "Pengajuan ditarik oleh pemohon.", "The applicant withdrew the application."),
        # Review flags raised by the automatic checks at submission (not refusals: a person decides).
        _r("birth_date_mismatch", "Tanggal lahir yang dinyatakan berbeda dengan tanggal lahir dalam NIK.",
           "The declared birth date differs from the birth date in the NIK.", "ID-SEL-2"),
        _r("sex_mismatch", "Jenis kelamin yang dinyatakan berbeda dengan yang tersirat dalam NIK.",
           "The declared sex differs from the one the NIK implies.", "ID-SEL-2"),
        _r("bank_holder_mismatch", "Nama pemilik rekening tidak cocok dengan nama pemohon.",
           "The bank account holder's name does not match the applicant's name."),
        _r("bank_account_shared", "Rekening bank ini juga dipakai oleh penjual lain.",
           "This bank account is also used by another seller."),
        _r("first_party_in_id", "Penjual pihak pertama tidak boleh menjual di lokapasar di Indonesia.",
           "A first-party seller may not list on the marketplace in Indonesia.", "ID-MKT-1"),
        _r("responsible_person_is_other_seller",
           "NIK penanggung jawab sudah terdaftar sebagai penjual perorangan lain.",
           "The responsible person's NIK is already registered to another, individual seller."),
        _r("erasure_requested", "Pengajuan ditutup karena pemohon meminta penghapusan data.",
           "The application was closed because the applicant asked for their data to be erased."),
    )
}

OPERATOR_REASON_CODES = (
    "document_unreadable", "selfie_mismatch", "identity_mismatch", "business_not_registered",
    "bank_account_mismatch", "incomplete", "fraud_suspected", "other",
)

# ID-XB-3: each item a foreign merchant must supply, with the words used to name it when it is missing.
FOREIGN_MERCHANT_ITEMS: dict[str, tuple[str, str]] = {
    "company_name": ("nama usaha di negara asal", "the business name in the origin country"),
    "origin_address": ("alamat di negara asal", "the address in the origin country"),
    "origin_country": ("negara asal", "the origin country"),
    "business_licence": ("izin usaha yang dilegalisasi", "a legalised business licence"),
    "standards_proof": ("bukti pemenuhan standar", "proof of compliance with standards"),
    "bank_account": ("rekening bank yang digunakan", "the bank account used"),
    "bahasa_descriptions": ("pernyataan deskripsi produk dalam Bahasa Indonesia",
                            "a declaration that product descriptions are in Bahasa Indonesia"),
    "shipping_origin": ("asal pengiriman", "the shipping origin"),
    "surveyor_report": ("laporan surveyor independen", "an independent surveyor's report"),
}


def foreign_item_missing(item: str) -> Reason:
    words_id, words_en = FOREIGN_MERCHANT_ITEMS[item]
    return Reason(
        code=f"foreign_merchant_missing_{item}",
        message_id=f"Pendaftaran pedagang luar negeri ditolak: {words_id} tidak ada.",
        message_en=f"The foreign merchant's registration is refused: {words_en} is missing.",
        rule_id="ID-XB-3",
        part=item,
    )


def reason(code: str) -> Reason:
    """The catalogue reason with this code; KeyError for an unknown one."""
    return CATALOGUE[code]
