"""Reports for the regulator: the quarterly statistical report to BPS (ID-REC-2) and the monthly summary PDF."""
