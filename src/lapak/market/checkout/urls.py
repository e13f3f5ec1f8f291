"""Buyer pages of the checkout: the cart and the checkout page. Mounted at /cart/."""

from django.urls import path

from lapak.market.checkout.views import cart, checkout

app_name = "checkout"

urlpatterns = [
    path("", cart.cart_page, name="cart"),
    path("add/", cart.cart_add, name="add"),
    path("checkout/", checkout.checkout_page, name="checkout"),
    path("lines/<str:variant>/", cart.line_update, name="line_update"),
    path("lines/<str:variant>/remove/", cart.line_remove, name="line_remove"),
    path("accept/", cart.accept_prices, name="accept"),
]
