"""Task glue: one task API over django-tasks, and periodic jobs."""
