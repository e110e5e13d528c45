"""Personas and state for the editions tests, built through the real actions.

- `editor`: a staff user; may use the desk, schedule, see reports.
- `reader`: a logged-in non-staff user; may not open the desk.
- `articles`: twelve published articles, newest first.
- `full_edition`: today's draft with ten stories from those articles.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from topten.editions import actions
from topten.newsroom.actions import publish_article
from topten.newsroom.models import Article, Publication


@pytest.fixture
def publication(db):
    return Publication.objects.create(
        pk=1,
        name="Lisa's Top Ten",
        legal_name="Lisa's Top Ten Media",
        postal_address="1 Example Street, 10115 Berlin, Germany",
        timezone="Europe/London",
    )


def make_article(n: int, *, hours_ago: float = 1) -> Article:
    article = Article.objects.create(
        headline=f"Story number {n} about the world",
        standfirst=f"The first sentence of story {n}. The second sentence of story {n}.",
        body=f"<p>Body {n}</p>",
        source_name="AFP",
    )
    return publish_article(article, when=timezone.now() - timedelta(hours=hours_ago))


@pytest.fixture
def articles(publication):
    return [make_article(n, hours_ago=n + 1) for n in range(12)]


@pytest.fixture
def edition(publication):
    return actions.start_edition(actions.publication_today())


@pytest.fixture
def full_edition(edition, articles):
    for article in articles[:10]:
        actions.add_slot_from_article(edition, article)
    return edition


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", "editor@example.com", "pw", is_staff=True)


@pytest.fixture
def reader(db):
    return User.objects.create_user("reader", "reader@example.com", "pw")


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client
