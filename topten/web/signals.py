from django.db import transaction


def content_changed(sender, **kwargs):
    """Drop cached pages once the change is committed, so no reader caches the old state.

    This process also forgets its pages at once: harmless, and it keeps tests, whose
    transactions never commit, from seeing pages and menus of an earlier test."""
    from topten.web.cache import STORE, invalidate

    STORE.clear()
    transaction.on_commit(invalidate, using=kwargs.get("using"))
