"""Kemendagri administrative regions: provinces > regencies/cities > districts > villages, with postcodes."""
