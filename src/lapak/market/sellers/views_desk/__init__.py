"""The operators' review desk pages (mounted at /operations/ by desk_urls.py): KYC cases, data-subject
requests and payout accounts. Every view is for operators only and is never cached."""
