import pytest
from django.urls import reverse

from topten.newsroom.models import Article
from topten.web.search import search_articles, terms

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"',
    '"unbalanced',
    "NEAR(a b",
    "headline:eclipse",
    "a OR OR b",
    "-eclipse",
    "*",
    "^eclipse",
    "(((",
    "eclipse' OR 1=1 --",
    "\x00\x01",
    "&&||!!::",
    "🙂 ☃",
    "x" * 10_240,
    "eclipse " * 2000,
]


def make(headline, body="<p>Nothing to see.</p>", status="published", standfirst=""):
    return Article.objects.create(
        headline=headline, body=body, status=status, standfirst=standfirst
    )


class TestSearch:
    def test_it_finds_an_article_by_a_word_of_its_headline_or_body(self):
        lighthouse = make("Lighthouse keepers return", "<p>The harbour at Brest.</p>")
        make("Unrelated story")
        assert search_articles("lighthouse") == [lighthouse]
        assert search_articles("harbour") == [lighthouse]

    def test_all_words_must_match(self):
        both = make("Solar ferry crosses the lake")
        make("Solar panels on roofs")
        assert search_articles("solar ferry") == [both]

    def test_headline_matches_rank_above_body_matches(self):
        in_body = make("Local news", "<p>A note about glaciers.</p>")
        in_headline = make("Glaciers retreat again")
        assert search_articles("glaciers") == [in_headline, in_body]

    def test_drafts_are_never_found(self):
        make("Embargoed volcano story", status="draft")
        assert search_articles("volcano") == []

    def test_an_edited_article_is_found_by_its_new_words(self):
        article = make("Old headline")
        article.headline = "Marmots whistle at dawn"
        article.save()
        assert search_articles("marmots") == [article]
        assert search_articles("old headline") == []

    def test_a_deleted_article_is_gone_from_the_results(self):
        article = make("Vanishing story")
        article.delete()
        assert search_articles("vanishing") == []

    @pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
    def test_hostile_queries_never_fail(self, client, query):
        make("Eclipse over the valley")
        assert isinstance(search_articles(query), list)
        response = client.get(reverse("web:search"), {"q": query})
        assert response.status_code == 200

    def test_terms_keep_only_plain_words(self):
        assert terms('"NEAR(a b" OR x*') == ["near", "a", "b", "or", "x"]
        assert len(terms("word " * 1000)) <= 12

    def test_the_search_page_lists_results_and_escapes_the_query(self, client):
        make("Eclipse over the valley")
        response = client.get(reverse("web:search"), {"q": "eclipse <b>x</b>"})
        content = response.content.decode()
        assert "<b>x</b>" not in content and "&lt;b&gt;x&lt;/b&gt;" in content
        response = client.get(reverse("web:search"), {"q": "eclipse"})
        assert "Eclipse over the valley" in response.content.decode()
        assert "1 result" in response.content.decode()

    def test_an_empty_query_shows_the_form_without_results(self, client):
        response = client.get(reverse("web:search"))
        assert response.status_code == 200
        assert b'name="q"' in response.content
        assert b"result" not in response.content
