import pytest
from django.db import transaction

from topten.core.management.commands.demo import load_demo
from topten.web.cache import STORE


@pytest.fixture(autouse=True)
def _empty_page_store():
    """The page store is per process: start every test without pages from another."""
    STORE.clear()
    yield
    STORE.clear()


@pytest.fixture(scope="class")
def _demo_for_class(django_db_setup, django_db_blocker):
    """Loads the demo once per test class (it takes seconds): each test runs in a savepoint
    inside this transaction, which is rolled back after the class, as setUpTestData does."""
    with django_db_blocker.unblock(), transaction.atomic():
        publication = load_demo()
        yield publication
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_for_class, db):
    """The demo publication with its published articles (the readers' view)."""
    return _demo_for_class


@pytest.fixture
def published(demo):
    from topten.newsroom.models import Article

    return Article.objects.published().order_by("-published_at").first()
