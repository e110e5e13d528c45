"""Derived data of an article, refreshed after it changes. Filled in by the related-posts,
rendition and cache work."""


def refresh(pk: int) -> None:
    pass
