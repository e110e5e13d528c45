"""`topten mail inbound`: an MTA pipes mail to the List-Unsubscribe mailto into it."""

import base64
import email
import io
import logging
import os
import re
import socket
import subprocess
import sys
from email import policy
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection

from topten.audience.models import ConsentEvent, Subscriber, Suppression
from topten.mailer import pipeline
from topten.mailer.inbound import mailto_subject
from topten.mailer.tests.conftest import drain

pytestmark = pytest.mark.django_db
MAIL = Path(__file__).parent / "inbound_mail"


@pytest.fixture
def reader(readers):
    return readers(2)[0]


def eml(name: str, subject: str) -> bytes:
    """A recorded mail, with this test's subscriber's token where the token goes."""
    raw = (MAIL / name).read_bytes()
    raw = raw.replace(b"@@SUBJECT_B64@@", base64.b64encode(subject.encode()))
    return raw.replace(b"@@SUBJECT@@", subject.encode())


def pipe(raw: bytes, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    call_command("mail", "inbound")


def status(subscriber) -> str:
    return Subscriber.objects.get(pk=subscriber.pk).status


class TestInboundUnsubscribePipe:
    def test_a_mail_clients_unsubscribe_message_unsubscribes_its_reader(self, reader, monkeypatch):
        pipe(eml("apple_mail.eml", mailto_subject(reader.pk)), monkeypatch)
        assert status(reader) == "unsubscribed"
        event = ConsentEvent.objects.get(action="unsubscribe")
        assert (event.subscriber_id, event.source) == (reader.pk, "email")
        assert Suppression.objects.filter(reason="unsubscribed").count() == 1
        assert Subscriber.objects.filter(status="confirmed").count() == 1

    def test_the_mailto_of_a_sent_newsletter_unsubscribes_its_reader(
        self, reader, edition, settings, tmp_path
    ):
        settings.SEND_EMAIL_URL = "capture://"
        settings.SEND_UNSUBSCRIBE_MAILTO = "unsubscribe@topten.test"
        pipeline.send_now(edition)
        drain()
        sent = [p for p in (tmp_path / "mail").glob("*.eml") if b"reader0@" in p.read_bytes()]
        newsletter = email.message_from_bytes(sent[0].read_bytes(), policy=policy.default)
        mailto = re.search(r"<(mailto:[^>]+)>", str(newsletter["List-Unsubscribe"])).group(1)
        parts = urlsplit(mailto)
        assert parts.path == "unsubscribe@topten.test"
        subject = parse_qs(parts.query)["subject"][0]
        call_command("mail", "inbound", str(self._write(tmp_path, subject)))
        assert status(reader) == "unsubscribed"

    def _write(self, tmp_path, subject) -> Path:
        path = tmp_path / "reply.eml"
        path.write_bytes(eml("apple_mail.eml", subject))
        return path

    def test_an_encoded_subject_is_read(self, reader, monkeypatch):
        pipe(eml("encoded_subject.eml", mailto_subject(reader.pk)), monkeypatch)
        assert status(reader) == "unsubscribed"

    def test_a_second_mail_changes_nothing_more(self, reader, monkeypatch):
        for _ in range(2):
            pipe(eml("apple_mail.eml", mailto_subject(reader.pk)), monkeypatch)
        assert ConsentEvent.objects.filter(action="unsubscribe").count() == 1

    def test_a_forged_token_unsubscribes_nobody_and_is_logged(self, reader, monkeypatch, caplog):
        forged = mailto_subject(reader.pk)[:-4] + "AAAA"
        with caplog.at_level(logging.WARNING, logger="topten.mailer.inbound"):
            pipe(eml("apple_mail.eml", forged), monkeypatch)
        assert status(reader) == "confirmed"
        assert "bad token" in caplog.text
        assert "reader0@example.com" not in caplog.text  # the sender's domain only

    def test_another_subscribers_id_with_this_signature_unsubscribes_nobody(
        self, readers, monkeypatch
    ):
        first, second = readers(2)
        token = mailto_subject(first.pk).replace(f"-{first.pk}-", f"-{second.pk}-")
        pipe(eml("apple_mail.eml", token), monkeypatch)
        assert {status(first), status(second)} == {"confirmed"}

    def test_a_mail_without_a_token_unsubscribes_nobody(self, reader, monkeypatch):
        pipe(eml("no_token.eml", ""), monkeypatch)  # its sender's address is not trusted
        assert status(reader) == "confirmed"

    def test_a_delivery_report_quoting_the_newsletter_unsubscribes_nobody(
        self, reader, monkeypatch
    ):
        pipe(eml("delivery_report.eml", mailto_subject(reader.pk)), monkeypatch)
        assert status(reader) == "confirmed"

    def test_an_auto_reply_unsubscribes_nobody_even_with_a_token(self, reader, monkeypatch):
        pipe(eml("auto_reply.eml", mailto_subject(reader.pk)), monkeypatch)
        assert status(reader) == "confirmed"

    @pytest.mark.django_db(transaction=True)
    def test_an_mta_pipe_into_the_command_exits_0_and_unsubscribes(self, reader, settings):
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: the SQLite test database lives in this process")
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        done = command(eml("apple_mail.eml", mailto_subject(reader.pk)), settings, url)
        assert done.returncode == 0, done.stderr
        assert status(reader) == "unsubscribed"

    def test_an_unreachable_database_asks_the_mta_to_try_again(self, reader, settings):
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        url = f"postgres://postgres@127.0.0.1:{port}/topten_feat_nowhere"
        done = command(eml("apple_mail.eml", mailto_subject(reader.pk)), settings, url)
        assert done.returncode == 75, done.stderr
        assert status(reader) == "confirmed"


def command(raw: bytes, settings, database_url: str):
    """`topten mail inbound` in a process of its own, the message on its standard input."""
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY=settings.SECRET_KEY)
    env.update(CACHE_URL="locmem://", STATIC_MANIFEST="false", LOG_LEVEL="ERROR")
    return subprocess.run(
        [sys.executable, "-m", "topten", "mail", "inbound"],
        input=raw,
        env=env,
        capture_output=True,
        timeout=120,
    )
