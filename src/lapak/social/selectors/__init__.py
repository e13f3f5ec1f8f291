"""Reads of the content platform, one module per use case."""
