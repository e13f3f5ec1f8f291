"""What an application says, as labelled rows for the review page: identity numbers only masked."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.defaultfilters import date as date_format
from django.utils.functional import Promise
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from lapak.market.sellers.forms.apply import JURISDICTIONS
from lapak.market.sellers.forms.banks import bank_name
from lapak.market.sellers.forms.identity import country_choices
from lapak.market.sellers.models import SellerApplication
from lapak.market.sellers.selectors import consent_status
from lapak.market.sellers.views.wizard_steps import step_url
from lapak.regions.selectors import ancestors_of, region_by_code


@dataclass
class Section:
    title: str | Promise
    edit_url: str
    rows: list[tuple[str | Promise, str]] = field(default_factory=list)


def region_label(code: str | None) -> str:
    """"Gambir, Gambir, Kota Administrasi Jakarta Pusat, Daerah Khusus Ibukota Jakarta": village first."""
    region = region_by_code(code) if code else None
    if region is None:
        return ""
    return ", ".join(r.name for r in [region, *reversed(ancestors_of(region))])


def application_summary(application: SellerApplication, *, bank: object | None) -> list[Section]:
    org = application.organisation
    a = application
    shop = Section(_("Shop"), step_url(a, "shop"), [
        (_("Shop name"), org.shop_name), (_("Seller type"), org.get_seller_type_display()),
        (_("Jurisdiction"), str(dict(JURISDICTIONS).get(org.jurisdiction, org.jurisdiction))),
        (_("UMKM class"), org.get_umkm_class_display()),
    ])
    identity = Section(_("Identity"), step_url(a, "identity"))
    address = ", ".join(part for part in (a.address_line, region_label(a.address_region_id), a.address_postcode)
                        if part)
    if org.seller_type == "individual":
        identity.rows = [
            (_("Identity document"), a.get_id_document_kind_display()), (_("Full name"), a.full_name),
            (_("NIK"), a.nik_masked), (_("Passport number"), a.passport_masked),
            (_("Date of birth"), date_format(a.birth_date, "j F Y") if a.birth_date else ""),
            (_("Sex"), a.get_sex_display()), (_("Mobile phone number"), a.phone), (_("Address"), address),
        ]
    elif org.seller_type == "foreign":
        countries = dict(country_choices())
        identity.rows = [
            (_("Business name in the origin country"), a.company_name),
            (_("Origin country"), countries.get(a.origin_country, a.origin_country)),
            (_("Address in the origin country"), a.origin_address), (_("Shipping origin"), a.shipping_origin),
            (_("Product descriptions in Bahasa Indonesia"),
             _("Declared") if a.bahasa_descriptions_declared_at else ""),
            (_("Contact mobile number in Indonesia"), a.phone),
        ]
    else:
        identity.rows = [
            (_("Company name"), a.company_name), (_("NIB"), a.nib_masked), (_("NPWP"), a.npwp_masked),
            (_("Responsible person"), a.responsible_person_name), (_("Responsible person's NIK"),
                                                                   a.responsible_nik_masked),
            (_("Mobile phone number"), a.phone), (_("Address"), address),
        ]
    documents = Section(_("Documents"), step_url(a, "documents"), [
        (d.get_kind_display(), _("Uploaded %(when)s") % {"when": date_format(localtime(d.uploaded_at), "j F Y, H:i")})
        for d in a.documents.filter(erased_at__isnull=True).order_by("kind")
    ])
    sections = [shop, identity, documents]
    if org.seller_type != "foreign":
        pickup = ", ".join(p for p in (org.pickup_street, region_label(org.pickup_region_id), org.pickup_postcode) if p)
        sections.append(Section(_("Pickup address"), step_url(a, "pickup"), [(_("Pickup address"), pickup)]))
    bank_rows = []
    if bank is not None:
        bank_rows = [(_("Bank"), bank_name(bank.bank_code)), (_("Account number"), bank.number_masked),
                     (_("Account holder"), bank.holder_name), (_("Status"), bank.get_status_display())]
    sections.append(Section(_("Bank account"), step_url(a, "bank"), bank_rows))
    labels = {"kyc_verification": _("Identity verification"), "payout_processing": _("Payouts"),
              "fraud_prevention": _("Fraud prevention")}
    live = consent_status(user=a.applicant) if a.applicant else {}
    sections.append(Section(_("Consent"), step_url(a, "consent"), [
        (labels[p], _("Agreed") if given else _("Not agreed")) for p, given in live.items()
    ]))
    return sections
