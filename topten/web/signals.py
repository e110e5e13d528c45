from django.db import transaction


def content_changed(sender, **kwargs):
    """Drop cached pages once the change is committed, so no reader caches the old state."""
    from topten.web.cache import invalidate

    transaction.on_commit(invalidate, using=kwargs.get("using"))
