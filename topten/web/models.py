from django.db import models


class ContentVersion(models.Model):
    """One row: the content version of the public pages (see topten/web/README.md).

    Kept in the database rather than the cache: a cache may evict the key (the database
    cache culls the oldest keys once it holds 300), which would empty every page cache.
    """

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return f"content version {self.number}"
