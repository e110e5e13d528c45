import threading

import pytest
from django.db import connection

from topten.editions import actions
from topten.editions.models import Edition

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises"
    ),
]


class TestConcurrentAdds:
    def test_two_desks_adding_at_once_get_different_slots(self, edition):
        barrier = threading.Barrier(6)
        errors = []

        def add(n):
            try:
                barrier.wait()
                actions.add_slot(
                    Edition.objects.get(pk=edition.pk),
                    headline=f"Story {n}",
                    blurb="One. Two.",
                    sources=[("AFP", "https://afp.test/")],
                )
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=add, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert sorted(edition.slots.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]
