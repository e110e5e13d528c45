import time

import pytest
import time_machine

from topten.donations.models import DonationIntent
from topten.donations.tasks import WORKER_TASKS
from topten.donations.tests.conftest import deliver_recorded, open_checkout

pytestmark = pytest.mark.django_db


class TestAbandonedIntents:
    def test_an_abandoned_checkout_is_forgotten_after_thirty_days(self, client, stripe_api):
        abandoned = open_checkout(
            client, stripe_api, session_id="cs_test_abandoned", public_name="Left halfway"
        )
        completed = open_checkout(client, stripe_api)
        deliver_recorded(client, "evt_checkout_session_completed_payment.json", completed)
        [task] = WORKER_TASKS
        assert task() == 0
        with time_machine.travel(time.time() + 31 * 86400, tick=False):
            assert task() == 1
        assert not DonationIntent.objects.filter(pk=abandoned.pk).exists()
        assert DonationIntent.objects.filter(pk=completed.pk).exists()
