import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from topten.editions.models import Edition, Slot
from topten.newsroom.models import Article, Author, RelatedArticle, Section, Tag

pytestmark = pytest.mark.django_db


class TestPages:
    @pytest.fixture(autouse=True)
    def _demo(self, demo):
        pass

    def test_home_shows_name_tagline_and_articles(self, client):
        response = client.get("/")
        assert response.status_code == 200
        assert (
            b"Home of Lisa&#x27;s Top Ten, the daily email that brings you the world"
            in response.content
        )
        assert response.content.count(b'class="card"') >= 12

    def test_home_links_subscribe_and_donate_in_the_header(self, client):
        header = client.get("/").content.split(b"</header>")[0]
        assert reverse("audience:index").encode() in header
        assert reverse("donations:index").encode() in header

    def test_home_shows_the_latest_sent_edition(self, client):
        Edition.objects.all().delete()
        edition = Edition.objects.create(
            date=timezone.localdate(), subject="Monday's ten", status=Edition.Status.SENT
        )
        Slot.objects.create(edition=edition, position=1, headline="Slot one news", blurb="b")
        Edition.objects.create(
            date=timezone.localdate() + timedelta(days=1), subject="Draft ten", status="draft"
        )
        content = client.get("/").content.decode()
        assert "Monday&#x27;s ten" in content and "Slot one news" in content
        assert "Draft ten" not in content

    def test_every_article_page_renders_with_its_source(self, client):
        for article in Article.objects.published():
            response = client.get(article.get_absolute_url())
            assert response.status_code == 200
            assert article.source_name.encode() in response.content

    def test_article_page_has_byline_share_total_signup_box_and_body(self, client):
        article = Article.objects.published().first()
        Article.objects.filter(pk=article.pk).update(share_total=7)
        content = client.get(article.get_absolute_url()).content.decode()
        assert "Total 7 Shares" in content
        assert f'<span class="source">{article.source_name}</span>' in content
        assert "Lisa Marten" in content
        assert 'class="signup-box"' in content
        assert article.body[:40] in content

    def test_article_page_shows_up_to_four_related_posts(self, client):
        article, *others = Article.objects.published()
        RelatedArticle.objects.all().delete()
        for rank, other in enumerate(others[:6]):
            RelatedArticle.objects.create(article=article, related=other, rank=rank, score=1)
        content = client.get(article.get_absolute_url()).content.decode()
        related = content.split('id="related-heading">Related Posts</h2>')[1]
        assert related.count('class="card"') == 4
        assert others[0].headline in related

    def test_draft_article_is_not_public(self, client):
        draft = Article.objects.create(headline="Secret draft", body="<p>x</p>")
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_every_public_page_renders_with_the_demo_data(self, client):
        urls = ["/", "/search/?q=the", "/feed/", "/feed/atom/", "/sitemap.xml"]
        urls += ["/news-sitemap.xml", "/robots.txt"]
        for model in (Section, Tag, Author):
            urls += [obj.get_absolute_url() for obj in model.objects.all()]
        for article in Article.objects.published():
            day = timezone.localtime(article.published_at)
            urls += [
                article.get_absolute_url(),
                f"/{day:%Y}/",
                f"/{day:%Y/%m}/",
                f"/{day:%Y/%m/%d}/",
            ]
        for section in Section.objects.all():
            urls += [f"/section/{section.slug}/feed/", f"/section/{section.slug}/feed/atom/"]
        for url in sorted(set(urls)):
            assert client.get(url).status_code == 200, url

    def test_unknown_page_is_a_friendly_404(self, client):
        response = client.get("/news/no-such-story/")
        assert response.status_code == 404
        assert b"Page not found" in response.content
        assert b'role="search"' in response.content

    def test_section_tag_and_author_pages_list_articles(self, client):
        article = Article.objects.published().first()
        for url in [
            article.section.get_absolute_url(),
            article.tags.first().get_absolute_url(),
            reverse("web:author", args=["lisa"]),
        ]:
            response = client.get(url)
            assert response.status_code == 200
            assert article.headline.encode() in response.content

    def test_date_archive_pages_list_the_articles_of_that_period(self, client):
        article = Article.objects.published().first()
        day = timezone.localtime(article.published_at)
        for url in [f"/{day:%Y}/", f"/{day:%Y/%m}/", f"/{day:%Y/%m/%d}/"]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert article.headline.encode() in response.content

    def test_impossible_or_future_dates_are_404(self, client):
        for url in ["/2026/13/", "/2026/02/30/", "/2026/00/", "/0000/", "/9999/", "/9999/12/31/"]:
            assert client.get(url).status_code == 404, url

    def test_article_date_links_to_its_day_archive(self, client):
        article = Article.objects.published().first()
        day = timezone.localtime(article.published_at)
        content = client.get(article.get_absolute_url()).content.decode()
        assert re.search(rf'href="/{day:%Y/%m/%d}/"', content)

    def test_article_date_is_shown_in_the_site_time_zone(self, client, settings):
        settings.TIME_ZONE = "Pacific/Auckland"  # UTC+13 in December
        article = Article.objects.published().first()
        article.published_at = datetime(2024, 12, 31, 20, 30, tzinfo=UTC)
        article.save()
        content = client.get(article.get_absolute_url()).content.decode()
        assert 'href="/2025/01/01/"' in content
        assert 'datetime="2025-01-01T09:30:00+13:00"' in content

    def test_listing_pages_are_paginated(self, client):
        section = Article.objects.published().first().section
        for n in range(25):
            Article.objects.create(
                headline=f"Filler {n}", body="<p>x</p>", section=section, status="published"
            )
        first = client.get(section.get_absolute_url())
        assert b'rel="next"' in first.content
        second = client.get(section.get_absolute_url() + "?page=2")
        assert second.status_code == 200 and b"Page 2 of" in second.content
        for page in ["abc", "0", "99"]:
            assert client.get(section.get_absolute_url() + f"?page={page}").status_code == 404
