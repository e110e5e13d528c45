from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from topten.newsroom import actions, derived
from topten.newsroom.models import Article, RelatedArticle
from topten.newsroom.tests.conftest import article_form, make_article
from topten.newsroom.tests.stories import MARATHON, QUAKE_KESSEL, QUAKE_VALMORA

pytestmark = pytest.mark.django_db


def related_ids(article) -> list[int]:
    return list(
        RelatedArticle.objects.filter(article=article)
        .order_by("rank")
        .values_list("related_id", flat=True)
    )


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """Publish the look-alike stories through the real action, running on-commit work."""
    articles = {}
    start = timezone.now() - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        for n, (title, text) in enumerate(QUAKE_VALMORA + QUAKE_KESSEL + MARATHON):
            article = make_article(title, f"<p>{text}</p>")
            articles[title] = actions.publish_article(article, when=start + timedelta(minutes=n))
    return list(articles.values())


class TestRelatedRefresh:
    def test_publishing_stores_related_posts_of_the_same_story_first(self, published):
        valmora, kessel = published[:3], published[3:6]
        for article in valmora:
            assert set(related_ids(article)[:2]) == {a.pk for a in valmora if a != article}
        for article in kessel:
            assert set(related_ids(article)[:2]) == {a.pk for a in kessel if a != article}

    def test_editing_an_article_in_the_admin_refreshes_the_stored_rows(
        self, published, editor_client, django_capture_on_commit_callbacks
    ):
        article = published[6]  # a marathon story, rewritten as a Valmora quake story
        title, text = QUAKE_VALMORA[0]
        form = article_form(
            headline=f"{title}: the marathon is cancelled",
            slug=article.slug,
            body=f"<p>{text} The Valmora marathon is cancelled.</p>",
            status="published",
            published_at_0=article.published_at.strftime("%Y-%m-%d"),
            published_at_1=article.published_at.strftime("%H:%M:%S"),
        )
        url = reverse("admin:newsroom_article_change", args=[article.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(url, form)
        assert response.status_code == 302
        valmora = {a.pk for a in published[:3]}
        assert set(related_ids(article)[:3]) == valmora
        assert all(article.pk in related_ids(a) for a in published[:3])

    def test_unpublishing_removes_the_article_from_every_list(
        self, published, django_capture_on_commit_callbacks
    ):
        gone = published[0]
        with django_capture_on_commit_callbacks(execute=True):
            actions.unpublish_article(gone)
        assert not RelatedArticle.objects.filter(related=gone).exists()
        assert related_ids(gone) == []
        assert len(related_ids(published[1])) == 4

    def test_deleting_an_article_gives_its_listers_new_lists(
        self, published, django_capture_on_commit_callbacks
    ):
        listers = list(Article.objects.filter(related_links__related=published[0]))
        with django_capture_on_commit_callbacks(execute=True):
            actions.delete_article(published[0])
        after_delete = {a.pk: related_ids(a) for a in listers}
        derived.rebuild_related()
        assert listers
        assert after_delete == {a.pk: related_ids(a) for a in listers}

    def test_a_draft_has_no_related_posts_and_is_listed_nowhere(
        self, published, django_capture_on_commit_callbacks
    ):
        title, text = QUAKE_VALMORA[1]
        with django_capture_on_commit_callbacks(execute=True):
            draft = make_article(title, f"<p>{text}</p>")
            actions.article_changed(draft.pk)
        assert related_ids(draft) == []
        assert not RelatedArticle.objects.filter(related=draft).exists()

    def test_the_article_page_reads_the_stored_rows(self, published, client):
        article = published[0]
        RelatedArticle.objects.filter(article=article).delete()
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert response.context["related"] == []
