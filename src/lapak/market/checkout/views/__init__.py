"""Buyer pages of the checkout app: the cart (checkout itself comes with a later part)."""
