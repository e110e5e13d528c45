import pytest

from topten.lib.emailurl import parse_email_url
from topten.lib.env import ConfigError, envbool, envint, envtime


class TestSettingsHelpers:
    def test_envbool_reads_true_and_false(self, monkeypatch):
        monkeypatch.setenv("X_FLAG", "yes")
        assert envbool("X_FLAG") is True
        monkeypatch.setenv("X_FLAG", "off")
        assert envbool("X_FLAG", True) is False

    def test_envbool_fails_loudly_on_nonsense(self, monkeypatch):
        monkeypatch.setenv("X_FLAG", "maybe")
        with pytest.raises(ConfigError, match="X_FLAG"):
            envbool("X_FLAG")

    def test_envint_fails_loudly_on_nonsense(self, monkeypatch):
        monkeypatch.setenv("X_COUNT", "ten")
        with pytest.raises(ConfigError, match="not an integer"):
            envint("X_COUNT", 1)

    def test_envtime_parses_a_time_of_day(self, monkeypatch):
        monkeypatch.setenv("X_TIME", "06:30")
        assert envtime("X_TIME", "06:00").hour == 6
        monkeypatch.setenv("X_TIME", "25:00")
        with pytest.raises(ConfigError):
            envtime("X_TIME", "06:00")

    def test_smtp_url_with_starttls_and_credentials(self):
        cfg = parse_email_url("smtp://me%40x.org:s%3Acret@mail.example.org:587?tls=1")
        assert cfg["EMAIL_HOST"] == "mail.example.org"
        assert cfg["EMAIL_PORT"] == 587
        assert cfg["EMAIL_HOST_USER"] == "me@x.org"
        assert cfg["EMAIL_HOST_PASSWORD"] == "s:cret"
        assert cfg["EMAIL_USE_TLS"] is True
        assert cfg["EMAIL_USE_SSL"] is False

    def test_smtps_url_uses_implicit_tls_on_465(self):
        cfg = parse_email_url("smtps://mail.example.org")
        assert cfg["EMAIL_PORT"] == 465
        assert cfg["EMAIL_USE_SSL"] is True

    def test_capture_and_anymail_urls_pick_their_backends(self):
        assert parse_email_url("capture://")["EMAIL_BACKEND"].endswith("CaptureBackend")
        assert "postmark" in parse_email_url("anymail://postmark")["EMAIL_BACKEND"]

    def test_unknown_scheme_or_service_is_a_clear_error(self):
        with pytest.raises(ConfigError, match="scheme"):
            parse_email_url("pigeon://coop")
        with pytest.raises(ConfigError, match="unknown email service"):
            parse_email_url("anymail://nope")
