import pytest
from django.urls import reverse

from topten.newsroom import actions
from topten.newsroom.models import Article, Author, Tag
from topten.newsroom.tests.conftest import article_form, make_article

pytestmark = pytest.mark.django_db


def preview_url(article) -> str:
    return reverse("admin:newsroom_article_preview", args=[article.pk])


@pytest.fixture
def draft():
    return make_article(
        "Ferry strike ends in Valmora",
        "<p>Ferries to the islands run again from Valmora harbour.</p>",
        standfirst="Crews accepted a new contract.",
        source_name="Reuters",
    )


class TestAdminPreview:
    def test_an_editor_sees_the_draft_in_the_public_template(self, editor_client, draft):
        response = editor_client.get(preview_url(draft))
        assert response.status_code == 200
        assert "web/article.html" in [t.name for t in response.templates]
        assert response.context["article"] == draft
        content = response.content.decode()
        assert "Ferries to the islands run again" in content
        assert "Preview" in content
        assert "Reuters" in content

    def test_the_preview_shows_byline_tags_and_description_as_the_page_will(
        self, editor_client, draft
    ):
        draft.authors.add(Author.objects.create(name="Ana Quell", slug="ana-quell"))
        draft.tags.add(Tag.objects.create(name="Ferries", slug="ferries"))
        content = editor_client.get(preview_url(draft)).content.decode()
        assert 'By <a href="/author/ana-quell/">Ana Quell</a>' in content
        assert '<a href="/tag/ferries/">Ferries</a>' in content
        assert '<meta property="article:tag" content="Ferries">' in content
        assert '<meta name="description" content="Crews accepted a new contract.">' in content
        assert '"author":[{"@type":"Person","name":"Ana Quell"' in content

    def test_the_preview_offers_no_share_links(self, editor_client, draft):
        content = editor_client.get(preview_url(draft)).content.decode()
        assert 'class="share-links"' in content and 'class="share ' not in content

    def test_the_preview_is_never_cached_or_indexed(self, editor_client, draft):
        response = editor_client.get(preview_url(draft))
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
        assert "noindex" in response["X-Robots-Tag"]

    def test_the_public_page_of_the_draft_is_not_found(self, client, draft):
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_the_preview_lists_the_related_posts_it_would_have(self, editor_client, draft):
        actions.publish_article(
            make_article(
                "Valmora ferry crews vote on strike", "<p>Ferry crews of Valmora harbour vote.</p>"
            )
        )
        related = editor_client.get(preview_url(draft)).context["related"]
        assert [a.headline for a in related] == ["Valmora ferry crews vote on strike"]

    def test_a_reader_is_sent_to_the_login_page(self, client, reader, draft):
        client.force_login(reader)
        response = client.get(preview_url(draft))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]

    def test_anonymous_visitors_are_sent_to_the_login_page(self, client, draft):
        assert client.get(preview_url(draft)).status_code == 302

    def test_an_unknown_article_is_not_found(self, editor_client):
        assert (
            editor_client.get(reverse("admin:newsroom_article_preview", args=[999])).status_code
            == 404
        )

    def test_save_and_preview_saves_then_opens_the_preview(self, editor_client):
        response = editor_client.post(
            reverse("admin:newsroom_article_add"), article_form(_preview="Save and preview")
        )
        article = Article.objects.get(slug="harbour-reopens")
        assert response.status_code == 302
        assert response["Location"] == preview_url(article)
