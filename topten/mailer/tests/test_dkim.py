import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from topten.mailer import pipeline
from topten.mailer.dkim import load_signer
from topten.mailer.tests.conftest import drain
from topten.mailer.tests.helpers import dkim_verifies, parse

pytestmark = pytest.mark.django_db


def write_key(path, key):
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(path)


@pytest.fixture(params=["ed25519", "rsa"])
def dkim_key(request, settings, tmp_path):
    if request.param == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings.DKIM_DOMAIN = "topten.test"
    settings.DKIM_SELECTOR = "s2026"
    settings.DKIM_PRIVATE_KEY_PATH = write_key(tmp_path / "dkim.pem", key)
    return load_signer("topten.test", "s2026", settings.DKIM_PRIVATE_KEY_PATH)


class TestDkim:
    def test_dkimpy_verifies_every_signature(self, edition, readers, sink, dkim_key):
        readers(4)
        pipeline.send_now(edition)
        drain()
        messages = sink.messages()
        assert len(messages) == 4
        assert all(dkim_verifies(m, dkim_key.dns_record()) for m in messages)

    def test_the_signature_covers_the_unsubscribe_headers(self, edition, readers, sink, dkim_key):
        readers(1)
        pipeline.send_now(edition)
        drain()
        tags = parse(sink.messages()[0])["DKIM-Signature"]
        signed = tags.split("h=")[1].split(";")[0].split(":")
        for name in ("from", "subject", "list-unsubscribe", "list-unsubscribe-post", "message-id"):
            assert name in signed
        assert "d=topten.test" in tags

    def test_a_changed_body_fails_verification(self, edition, readers, sink, dkim_key):
        readers(1)
        pipeline.send_now(edition)
        drain()
        tampered = sink.messages()[0].replace(b"Story number 1", b"Story number 9")
        assert not dkim_verifies(tampered, dkim_key.dns_record())


class TestDkimSettings:
    def test_a_half_configured_key_is_a_clear_error(self):
        from topten.lib.env import ConfigError

        with pytest.raises(ConfigError, match="DKIM needs"):
            load_signer("topten.test", "", "")
