"""Seller centre pages, mounted at /seller/ (the header shows "Seller centre" once `sellers:centre` exists)."""

from django.urls import path

from lapak.market.sellers.views import centre, compliance, members, my_data, organisation, regions, wizard

app_name = "sellers"

urlpatterns = [
    path("", centre.centre, name="centre"),
    path("apply/", centre.start, name="start"),
    path("apply/<str:kyc>/<slug:step>/", wizard.wizard, name="wizard"),
    path("applications/<str:kyc>/", centre.application_detail, name="application"),
    path("applications/<str:kyc>/withdraw/", centre.application_withdraw_view, name="withdraw"),
    path("regions/<slug:prefix>/", regions.region_picker, name="region_picker"),
    path("shops/<str:org>/", organisation.profile, name="profile"),
    path("shops/<str:org>/logo/", organisation.logo_upload, name="logo_upload"),
    path("shops/<str:org>/logo.png", organisation.logo, name="logo"),
    path("shops/<str:org>/apply-again/", centre.application_restart, name="restart"),
    path("shops/<str:org>/members/", members.members, name="members"),
    path("shops/<str:org>/members/<str:member>/role/", members.member_role, name="member_role"),
    path("shops/<str:org>/members/<str:member>/remove/", members.member_remove_view, name="member_remove"),
    path("shops/<str:org>/bank/", organisation.bank, name="bank"),
    path("compliance/<str:org>/decisions/", compliance.decisions, name="compliance_decisions"),
    path("compliance/<str:org>/decisions/<str:dec>/", compliance.decision, name="compliance_decision"),
    path("my-data/", my_data.my_data, name="my_data"),
    path("my-data/export/", my_data.my_data_export, name="my_data_export"),
    path("my-data/correction/", my_data.my_data_correction, name="my_data_correction"),
    path("my-data/deletion/", my_data.my_data_deletion, name="my_data_deletion"),
    path("my-data/consent/<slug:purpose>/withdraw/", my_data.consent_withdraw_view, name="consent_withdraw"),
]
