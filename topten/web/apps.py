from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "topten.web"
    verbose_name = "Web"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from topten.editions.models import Edition
        from topten.newsroom.models import Article, Author, Publication, Section, Tag
        from topten.web import search, signals

        # Everything a public page shows, except share totals (pages expire by age for those).
        for model in (Article, Author, Section, Tag, Publication, Edition):
            post_save.connect(signals.content_changed, sender=model, dispatch_uid=f"web-{model}")
            post_delete.connect(signals.content_changed, sender=model, dispatch_uid=f"web-d{model}")
        for through in (Article.tags.through, Article.authors.through):
            m2m_changed.connect(
                signals.content_changed, sender=through, dispatch_uid=f"web-{through}"
            )
        post_migrate.connect(search.after_migrate, sender=self, dispatch_uid="web-search-index")
