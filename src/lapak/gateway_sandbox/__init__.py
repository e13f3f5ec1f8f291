"""A sandbox payment gateway that speaks a subset of the Midtrans Core API v2 and its HTTP notifications.

It is a separate WSGI process (not a Django app of the marketplace): `make demo` starts it so a demo buyer can
"pay" a QRIS code or a virtual account, and tests start it in-process to drive duplicate, delayed, reordered or
forged notifications on purpose. See `app.py` for the routes and `docs` in the module docstrings for the subset.
"""
