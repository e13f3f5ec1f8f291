"""The shared UI shell: base templates, static assets, design system, home page, health check."""
