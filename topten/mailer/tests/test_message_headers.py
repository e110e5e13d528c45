import re

import pytest

from topten.audience.models import Subscriber
from topten.mailer import pipeline
from topten.mailer.inbound import mailto_subject, read_token
from topten.mailer.models import Send
from topten.mailer.tests.conftest import drain
from topten.mailer.tests.helpers import parse

pytestmark = pytest.mark.django_db

FEEDBACK_ID = re.compile(r"^[^:]*(:[^:]*){0,3}$")


@pytest.fixture
def captured(edition, readers, sink):
    readers(5)
    pipeline.send_now(edition)
    drain()
    return [parse(data) for data in sink.messages()]


class TestMessageHeaders:
    def test_every_message_has_one_click_unsubscribe_headers(self, captured):
        for msg in captured:
            uris = re.findall(r"<([^>]+)>", msg["List-Unsubscribe"])
            assert [u for u in uris if u.startswith("http")] == [uris[0]]
            assert "/subscribe/unsubscribe/" in uris[0]
            assert uris[1].startswith("mailto:")
            assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    def test_the_mailto_subject_carries_the_readers_signed_token(self, captured):
        emails = set()
        for msg in captured:
            mailto = re.findall(r"<mailto:([^>]+)>", msg["List-Unsubscribe"])[0]
            subject = mailto.partition("?subject=")[2]
            subscriber = Subscriber.objects.get(email=msg["To"])
            assert subject == mailto_subject(subscriber.pk)
            assert read_token(subject)[0] == subscriber.pk
            emails.add(subscriber.email)
        assert len(emails) == 5

    def test_the_body_shows_the_unsubscribe_link_and_postal_address(self, captured):
        for msg in captured:
            unsubscribe = re.findall(r"<([^>]+)>", msg["List-Unsubscribe"])[0]
            for part in ("plain", "html"):
                body = msg.get_body((part,)).get_content()
                assert unsubscribe in body
                assert "10115 Berlin" in body

    def test_message_ids_are_unique_per_subscriber(self, captured):
        ids = [msg["Message-ID"] for msg in captured]
        assert len(set(ids)) == 5 and all(i.endswith("@topten.test>") for i in ids)

    def test_feedback_id_has_the_gmail_shape(self, captured):
        for msg in captured:
            value = msg["Feedback-ID"]
            assert FEEDBACK_ID.match(value)
            assert 5 <= len(value.split(":")[-1]) <= 15

    def test_single_instance_headers_appear_once(self, captured):
        for msg in captured:
            for name in ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe"):
                assert len(msg.get_all(name)) == 1

    def test_each_message_is_personalised(self, captured):
        greetings = sorted(
            re.search(r"Reader\d+", m.get_body(("plain",)).get_content()).group(0) for m in captured
        )
        assert greetings == [f"Reader{i}" for i in range(5)]


class TestHeaderInjection:
    def test_a_first_name_with_newlines_cannot_add_headers(self, edition, readers, sink):
        from topten.audience.models import Subscriber

        readers(1)
        Subscriber.objects.update(first_name="Eve\r\nBcc: victim@example.org")
        pipeline.send_now(edition)
        drain()
        msg = parse(sink.messages()[0])
        assert msg["Bcc"] is None
        assert list(sink.accepted()) == ["reader0@example.com"]

    def test_an_address_with_newlines_is_failed_not_sent(self, edition, readers, sink):
        from topten.audience.models import Subscriber
        from topten.mailer.models import Delivery

        readers(2)
        Subscriber.objects.filter(email="reader1@example.com").update(
            email="reader1@example.com\r\nBcc: x@example.org"
        )
        pipeline.send_now(edition)
        drain()
        assert list(sink.accepted()) == ["reader0@example.com"]
        assert Delivery.objects.filter(status="failed").count() == 1


class TestMessageIdStability:
    def test_a_retried_delivery_keeps_its_message_id(self, edition, readers, sink, fast_retries):
        readers(3)
        sink.script = lambda rcpt, seen: "451 4.3.0 later" if seen == 0 else None
        pipeline.send_now(edition)
        drain()
        ids = {parse(d)["Message-ID"] for d in sink.messages()}
        factory = pipeline.make_factory(Send.objects.get(edition=edition))
        from topten.audience.models import Subscriber

        assert ids == {factory.message_id(s.pk) for s in Subscriber.objects.all()}
