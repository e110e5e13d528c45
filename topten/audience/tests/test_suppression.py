import pytest
from django.urls import reverse

from topten.audience.actions import (
    is_suppressed,
    process_signup_requests,
    suppress_address,
)
from topten.audience.models import Subscriber, Suppression
from topten.audience.tests.helpers import signup_data
from topten.audience.tests.smtp import deliver, link_in

pytestmark = pytest.mark.django_db


class TestSuppression:
    def test_a_hard_bounce_marks_the_subscriber_bounced(self, confirmed_subscriber):
        suppress_address("ann@example.com", Suppression.Reason.HARD_BOUNCE, source="webhook")
        confirmed_subscriber.refresh_from_db()
        assert confirmed_subscriber.status == Subscriber.Status.BOUNCED
        assert is_suppressed("ann@example.com")

    def test_a_complaint_marks_the_subscriber_complained(self, confirmed_subscriber):
        suppress_address("Ann@Example.com", Suppression.Reason.COMPLAINT, source="webhook")
        confirmed_subscriber.refresh_from_db()
        assert confirmed_subscriber.status == Subscriber.Status.COMPLAINED

    def test_a_complaint_is_never_downgraded(self, db):
        suppress_address("x@example.com", Suppression.Reason.COMPLAINT, source="webhook")
        suppress_address("x@example.com", Suppression.Reason.HARD_BOUNCE, source="webhook")
        assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINT

    def test_an_unknown_address_is_suppressed_too(self, db):
        suppress_address("stranger@example.com", "bounced", source="webhook")
        assert is_suppressed("stranger@example.com")

    def test_resubscribing_needs_a_fresh_double_opt_in(self, client, smtp, unsubscribed_subscriber):
        deliver()
        smtp.clear()
        client.post(reverse("audience:index"), signup_data("cat@example.com"))
        process_signup_requests()
        deliver()
        assert Subscriber.objects.get(pk=unsubscribed_subscriber.pk).status == "unsubscribed"
        client.post(link_in(smtp.to("cat@example.com")[0], "/confirm/"))
        assert Subscriber.objects.get(pk=unsubscribed_subscriber.pk).status == "confirmed"
        assert not is_suppressed("cat@example.com")

    def test_a_complained_address_gets_no_email_from_a_signup(self, client, smtp, db):
        suppress_address("angry@example.com", "complained", source="webhook")
        client.post(reverse("audience:index"), signup_data("angry@example.com"))
        process_signup_requests()
        deliver()
        assert smtp.to("angry@example.com") == []
