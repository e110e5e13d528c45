import pytest
from django.urls import reverse

from topten.newsroom.models import Article
from topten.newsroom.tests.conftest import article_form

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:newsroom_article_add")


class TestAdminCreate:
    def test_an_editor_creates_a_draft(self, editor_client, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(ADD_URL, article_form())
        assert response.status_code == 302
        article = Article.objects.get(slug="harbour-reopens")
        assert article.status == Article.Status.DRAFT
        assert article.source_name == "AFP"
        assert not article.is_live

    def test_the_body_is_sanitised_when_stored(self, editor_client):
        body = '<p onclick="steal()">Hi <a href="javascript:alert(1)">x</a></p><script>x</script>'
        editor_client.post(ADD_URL, article_form(body=body))
        stored = Article.objects.get(slug="harbour-reopens").body
        assert stored == '<p>Hi <a rel="noopener noreferrer nofollow">x</a></p>'

    def test_scheduling_without_a_time_is_refused(self, editor_client):
        response = editor_client.post(ADD_URL, article_form(status="scheduled"))
        assert response.status_code == 200
        assert "Set the publish time to schedule this article." in response.content.decode()
        assert not Article.objects.exists()

    def test_a_published_article_with_a_future_time_is_refused(self, editor_client):
        form = article_form(status="published", published_at_0="2999-01-01", published_at_1="08:00")
        response = editor_client.post(ADD_URL, form)
        assert "The publish time is in the future" in response.content.decode()
        assert not Article.objects.exists()

    def test_the_form_shows_source_attribution_and_lead_image_sections(self, editor_client):
        content = editor_client.get(ADD_URL).content.decode()
        assert "Source attribution" in content
        assert "Lead image" in content
        assert "Save and preview" in content

    def test_the_list_can_be_searched_and_filtered(self, editor_client):
        editor_client.post(ADD_URL, article_form())
        url = reverse("admin:newsroom_article_changelist")
        assert "Harbour reopens" in editor_client.get(url, {"q": "harbour"}).content.decode()
        assert (
            "Harbour reopens"
            not in editor_client.get(url, {"status__exact": "published"}).content.decode()
        )

    def test_a_reader_cannot_reach_the_admin(self, client, reader):
        client.force_login(reader)
        response = client.post(ADD_URL, article_form())
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
        assert not Article.objects.exists()
