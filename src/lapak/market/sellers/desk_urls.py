"""Operator review desk pages, mounted at /operations/ (operators only; see views_desk)."""

from django.urls import path

from lapak.market.sellers.views_desk import bank_accounts, cases, data_requests, documents, home, queue

app_name = "operations"

urlpatterns = [
    path("", home.desk_home, name="home"),
    path("kyc/", queue.kyc_queue, name="kyc_queue"),
    path("kyc/<str:public_id>/", cases.case_detail, name="case"),
    path("kyc/<str:public_id>/reveal/", cases.case_reveal, name="case_reveal"),
    path("kyc/<str:public_id>/documents/", cases.case_documents_open, name="case_documents_open"),
    path("kyc/<str:public_id>/documents/<str:document_id>/", documents.document_file, name="case_document"),
    path("kyc/<str:public_id>/review/", cases.case_review_start, name="case_review_start"),
    path("kyc/<str:public_id>/decide/", cases.case_decide, name="case_decide"),
    path("data-requests/", data_requests.request_queue, name="data_requests"),
    path("data-requests/<str:public_id>/", data_requests.request_detail, name="data_request"),
    path("data-requests/<str:public_id>/note/", data_requests.request_note, name="data_request_note"),
    path("data-requests/<str:public_id>/refuse/", data_requests.request_refuse, name="data_request_refuse"),
    path("data-requests/<str:public_id>/correction/", data_requests.request_correction,
         name="data_request_correction"),
    path("data-requests/<str:public_id>/proposal/", data_requests.request_proposal, name="data_request_proposal"),
    path("data-requests/<str:public_id>/deletion/", data_requests.request_deletion, name="data_request_deletion"),
    path("bank-accounts/", bank_accounts.account_queue, name="bank_accounts"),
    path("bank-accounts/<str:public_id>/review/", bank_accounts.account_review, name="bank_account_review"),
]
