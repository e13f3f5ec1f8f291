"""Project configuration: settings, URL map, database router, WSGI/ASGI entry points."""
