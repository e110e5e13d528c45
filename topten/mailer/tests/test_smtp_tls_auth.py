import datetime as dt
import ipaddress
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from topten.mailer.replies import Outcome
from topten.mailer.sink import Sink
from topten.mailer.smtp import Outgoing, SMTPSettings, SyncPool

MESSAGE = b"From: a@topten.test\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nhello\r\n"


@pytest.fixture
def certificate(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return str(cert_path), context


def send_one(settings: SMTPSettings):
    pool = SyncPool(settings, 2)
    try:
        return pool.send([Outgoing(1, "a@topten.test", "b@example.com", MESSAGE)])
    finally:
        pool.close()


class TestSmtpTlsAndAuth:
    def test_it_sends_over_starttls_with_auth(self, certificate):
        cafile, context = certificate
        sink = Sink(tls_context=context, users={"news": "s3cret"}).start()
        try:
            results = send_one(
                SMTPSettings("127.0.0.1", sink.port, "news", "s3cret", starttls=True, cafile=cafile)
            )
        finally:
            sink.stop()
        assert [r.outcome for r in results] == [Outcome.SENT]
        assert sink.sessions == [{"mechanism": "PLAIN", "ok": True}]
        assert list(sink.accepted()) == ["b@example.com"]

    def test_it_sends_over_implicit_tls(self, certificate):
        cafile, context = certificate
        sink = Sink(tls_context=context, implicit_tls=True).start()
        try:
            results = send_one(
                SMTPSettings("127.0.0.1", sink.port, implicit_tls=True, cafile=cafile)
            )
        finally:
            sink.stop()
        assert [r.outcome for r in results] == [Outcome.SENT]

    def test_an_untrusted_certificate_is_refused(self, certificate):
        _, context = certificate
        sink = Sink(tls_context=context).start()
        try:
            results = send_one(SMTPSettings("127.0.0.1", sink.port, starttls=True))
        finally:
            sink.stop()
        assert results[0].outcome is Outcome.NOT_ATTEMPTED
        assert "CERTIFICATE_VERIFY_FAILED" in results[0].text
        assert not sink.accepted()

    def test_a_wrong_password_sends_nothing(self, certificate):
        cafile, context = certificate
        sink = Sink(tls_context=context, users={"news": "s3cret"}).start()
        try:
            results = send_one(
                SMTPSettings("127.0.0.1", sink.port, "news", "wrong", starttls=True, cafile=cafile)
            )
        finally:
            sink.stop()
        assert results[0].outcome is Outcome.NOT_ATTEMPTED and results[0].code == 535
        assert not sink.accepted()

    def test_a_refused_connection_is_not_attempted_and_trips_the_breaker(self):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        results = send_one(SMTPSettings("127.0.0.1", port, timeout=2))
        assert results[0].outcome is Outcome.NOT_ATTEMPTED and results[0].relay_down


class TestPooledSessions:
    def test_a_session_the_relay_dropped_is_reopened_without_tripping_the_breaker(self):
        import time

        sink = Sink().start()
        pool = SyncPool(SMTPSettings("127.0.0.1", sink.port), 1)
        try:
            first = pool.send([Outgoing(1, "a@topten.test", "b@example.com", MESSAGE)])
            sink.drop_sessions()
            time.sleep(0.2)
            second = pool.send([Outgoing(2, "a@topten.test", "c@example.com", MESSAGE)])
        finally:
            pool.close()
            sink.stop()
        assert [r.outcome for r in first + second] == [Outcome.SENT, Outcome.SENT]
        assert not second[0].relay_down
