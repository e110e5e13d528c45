import threading

import pytest
from django.db import connection, connections

from topten.newsroom.models import Article, ShareCount
from topten.web.actions import record_share

pytestmark = pytest.mark.django_db(transaction=True)


class TestShareConcurrency:
    def test_concurrent_shares_lose_no_count(self):
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race")
        article = Article.objects.create(headline="Race", body="<p>x</p>", status="published")
        barrier = threading.Barrier(8)

        def click():
            try:
                barrier.wait()
                for _ in range(10):
                    record_share(article.pk, "x")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=click) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert ShareCount.objects.get(article=article, network="x").count == 80
        article.refresh_from_db()
        assert article.share_total == 80
