import pytest

from topten.core.management.commands.demo import load_demo
from topten.web.cache import STORE


@pytest.fixture(autouse=True)
def _empty_page_store():
    """The page store is per process: start every test without pages from another."""
    STORE.clear()
    yield
    STORE.clear()


@pytest.fixture
def demo(db):
    """The demo publication with its published articles (the readers' view)."""
    return load_demo()


@pytest.fixture
def published(demo):
    from topten.newsroom.models import Article

    return Article.objects.published().order_by("-published_at").first()
