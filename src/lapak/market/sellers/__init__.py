"""Seller organisations, their KYC (know-your-customer) cases, and the identity vault."""
