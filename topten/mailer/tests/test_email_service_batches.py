import json

import pytest

from topten.audience import links
from topten.audience.models import Subscriber
from topten.mailer import esp, pipeline
from topten.mailer.models import Delivery
from topten.mailer.tests import esp_services
from topten.mailer.tests.conftest import drain
from topten.mailer.tests.esp_services import bodies

pytestmark = pytest.mark.django_db
READERS = [f"reader{i}@example.com" for i in range(3)]


def send(edition):
    pipeline.send_now(edition)
    drain()
    return {d.email: d for d in Delivery.objects.all()}


def reader(email):
    return Subscriber.objects.get(email=email)


class TestEmailServiceBatches:
    def test_postmark_gets_one_batch_call_with_each_readers_own_message(
        self, settings, httpserver, edition, readers
    ):
        path = esp_services.use(settings, httpserver, "postmark")
        httpserver.expect_request(path, method="POST").respond_with_handler(
            esp_services.postmark_batch()
        )
        readers(3)
        deliveries = send(edition)
        [batch] = bodies(httpserver)
        assert [m["To"] for m in batch] == READERS
        message_ids = set()
        for i, message in enumerate(batch):
            headers = {h["Name"]: h["Value"] for h in message["Headers"]}
            unsubscribe = links.unsubscribe_url(reader(READERS[i]).pk)
            assert f"Good morning Reader{i}" in message["TextBody"]
            assert unsubscribe in message["HtmlBody"]
            assert headers["List-Unsubscribe"].startswith(f"<{unsubscribe}>")
            assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            assert headers["Message-ID"].startswith(f"<{edition.pk}.")
            message_ids.add(headers["Message-ID"])
        assert len(message_ids) == 3
        assert deliveries[READERS[1]].status == "sent"
        assert deliveries[READERS[1]].provider_message_id == f"pm-1-{READERS[1]}"

    def test_a_batch_holds_at_most_the_services_batch_size(
        self, settings, httpserver, edition, readers, monkeypatch
    ):
        monkeypatch.setitem(esp.BATCH, "postmark", (2, "bodies"))
        path = esp_services.use(settings, httpserver, "postmark")
        httpserver.expect_request(path, method="POST").respond_with_handler(
            esp_services.postmark_batch()
        )
        readers(5)
        send(edition)
        assert [len(batch) for batch in bodies(httpserver)] == [2, 2, 1]
        assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}

    def test_mailgun_gets_one_body_with_merge_fields_and_each_readers_values(
        self, settings, httpserver, edition, readers
    ):
        path = esp_services.use(settings, httpserver, "mailgun")
        httpserver.expect_request(path, method="POST").respond_with_handler(
            esp_services.mailgun_queued
        )
        readers(3)
        deliveries = send(edition)
        [form] = bodies(httpserver)
        assert form["to"] == READERS
        [text], [html] = form["text"], form["html"]
        assert "Good morning %recipient.first_name%" in text
        assert 'href="%recipient.unsubscribe_url%"' in html
        assert "%recipient.web_url%" not in text  # the same for everyone: in the body
        assert form["h:List-Unsubscribe"] == ["%recipient.h:List-Unsubscribe%"]
        variables = json.loads(form["recipient-variables"][0])
        one = variables[READERS[1]]
        unsubscribe = links.unsubscribe_url(reader(READERS[1]).pk)
        assert one["first_name"] == "Reader1"
        assert one["unsubscribe_url"] == unsubscribe
        assert one["h:List-Unsubscribe"].startswith(f"<{unsubscribe}>")
        assert one["h:Message-Id"].startswith(f"<{edition.pk}.")
        assert deliveries[READERS[1]].status == "sent"
        # Mailgun gives one id to the whole call: each delivery keeps its own Message-ID.
        assert f"<{deliveries[READERS[1]].provider_message_id}>" == one["h:Message-Id"]

    def test_a_name_that_escaping_changes_gets_an_html_merge_field_of_its_own(
        self, settings, httpserver, edition, readers
    ):
        path = esp_services.use(settings, httpserver, "mailgun")
        httpserver.expect_request(path, method="POST").respond_with_handler(
            esp_services.mailgun_queued
        )
        readers(2)
        Subscriber.objects.filter(email=READERS[0]).update(first_name="Tom & <Jerry>")
        send(edition)
        [form] = bodies(httpserver)
        variables = json.loads(form["recipient-variables"][0])[READERS[0]]
        assert variables["first_name"] == "Tom & <Jerry>"
        assert variables["first_name_html"] == "Tom &amp; &lt;Jerry&gt;"
        assert "%recipient.first_name%" in form["text"][0]
        assert "%recipient.first_name_html%" in form["html"][0]

    def test_sendgrid_gets_a_personalization_per_reader_with_substitutions_and_headers(
        self, settings, httpserver, edition, readers
    ):
        path = esp_services.use(settings, httpserver, "sendgrid")
        httpserver.expect_request(path, method="POST").respond_with_handler(
            esp_services.sendgrid_accepted
        )
        readers(3)
        deliveries = send(edition)
        [body] = bodies(httpserver)
        people = body["personalizations"]
        assert [p["to"][0]["email"] for p in people] == READERS
        assert people[2]["substitutions"]["%%topten.first_name%%"] == "Reader2"
        unsubscribe = links.unsubscribe_url(reader(READERS[2]).pk)
        assert people[2]["headers"]["List-Unsubscribe"].startswith(f"<{unsubscribe}>")
        text = next(c["value"] for c in body["content"] if c["type"] == "text/plain")
        assert "Good morning %%topten.first_name%%" in text
        anymail_id = people[2]["custom_args"]["anymail_id"]
        assert deliveries[READERS[2]].provider_message_id == anymail_id

    def test_text_only_readers_get_a_call_without_html(
        self, settings, httpserver, edition, readers
    ):
        path = esp_services.use(settings, httpserver, "mailgun")
        httpserver.expect_request(path, method="POST").respond_with_handler(
            esp_services.mailgun_queued
        )
        readers(3)
        Subscriber.objects.filter(email=READERS[1]).update(format="text")
        send(edition)
        calls = bodies(httpserver)
        assert sorted(c["to"] for c in calls) == [[READERS[0], READERS[2]], [READERS[1]]]
        assert [("html" in c) for c in calls if c["to"] == [READERS[1]]] == [False]

    def test_an_edition_quoting_the_merge_syntax_goes_one_call_per_message(
        self, settings, httpserver, edition, readers
    ):
        path = esp_services.use(settings, httpserver, "mailgun")
        httpserver.expect_request(path, method="POST").respond_with_handler(
            esp_services.mailgun_queued
        )
        edition.slots.filter(position=1).update(blurb="Mailgun fills in %recipient.name% here.")
        readers(2)
        send(edition)
        calls = bodies(httpserver)
        assert sorted(c["to"] for c in calls) == [[r] for r in READERS[:2]]
        assert all("%recipient.name%" in c["text"][0] for c in calls)
        assert "Good morning Reader0" in calls[0]["text"][0] + calls[1]["text"][0]

    def test_a_service_without_merging_gets_a_call_per_message(
        self, settings, httpserver, edition, readers
    ):
        path = esp_services.use(settings, httpserver, "resend")
        httpserver.expect_request(path, method="POST").respond_with_handler(
            esp_services.resend_sent
        )
        readers(3)
        deliveries = send(edition)
        calls = bodies(httpserver)
        assert sorted(c["to"] for c in calls) == [[r] for r in READERS]
        assert all(f"Good morning Reader{READERS.index(c['to'][0])}" in c["text"] for c in calls)
        assert deliveries[READERS[0]].provider_message_id == f"re-{READERS[0]}"
