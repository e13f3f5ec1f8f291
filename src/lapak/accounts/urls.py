"""Account pages, mounted at /accounts/."""

from django.urls import path

from lapak.accounts import views, views_addresses, views_two_factor

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/check-email/", views.signup_check_email, name="signup_check_email"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/", views_two_factor.two_factor_code, name="two_factor"),
    path("two-factor/setup/", views_two_factor.two_factor_setup, name="two_factor_setup"),
    path("password-reset/", views.ResetRequestView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", views.ResetCompleteView.as_view(), name="password_reset_complete"),
    path("addresses/", views_addresses.address_list, name="addresses"),
    path("addresses/new/", views_addresses.address_add, name="address_add"),
    path("addresses/region-picker/", views_addresses.address_region_picker, name="address_region_picker"),
    path("addresses/<str:adr>/", views_addresses.address_edit, name="address_edit"),
    path("addresses/<str:adr>/delete/", views_addresses.address_delete, name="address_delete"),
    path("addresses/<str:adr>/default/", views_addresses.address_make_default, name="address_default"),
]
