"""Regional collectors: one task per device through Celery and Redis, gathered into one local report."""
