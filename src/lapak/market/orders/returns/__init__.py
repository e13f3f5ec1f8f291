"""Returns of delivered seller orders (ID-CON-1): window, table of steps, services, reads."""
