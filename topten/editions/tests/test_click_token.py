import base64
import hashlib
import hmac
import struct

from hypothesis import given
from hypothesis import strategies as st

from topten.editions.clicks import click_token, click_url, read_click_token


def _token_of(raw: bytes) -> str:
    """28 bytes as a token: url-safe base64 without padding."""
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class TestClickToken:
    @given(
        st.integers(0, 2**63 - 1),
        st.integers(0, 2**63 - 1),
        st.integers(0, 2**16 - 1),
    )
    def test_any_token_reads_back_its_fields(self, edition_id, subscriber_id, link_index):
        token = click_token(edition_id, subscriber_id, link_index)
        assert read_click_token(token) == (edition_id, subscriber_id, link_index)

    def test_a_token_reads_back_its_fields(self):
        assert read_click_token(click_token(7, 123456789, 19)) == (7, 123456789, 19)

    def test_the_url_is_absolute_under_r(self, settings):
        settings.SITE_URL = "https://topten.example"
        url = click_url(1, 2, 3)
        assert url == f"https://topten.example/r/{click_token(1, 2, 3)}/"

    def test_a_token_signed_with_another_secret_is_rejected(self, settings):
        token = click_token(1, 2, 3)
        settings.SECRET_KEY = "another secret entirely, rotated"
        assert read_click_token(token) is None

    def test_changing_any_character_breaks_the_token(self):
        token = click_token(1, 2, 3)
        for i in range(len(token) - 1):  # the last character carries padding bits
            flipped = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]
            assert read_click_token(flipped) is None, i

    def test_garbage_is_rejected(self):
        for token in ["", "x", "%%%", "A" * 38, "A" * 500, "../../etc"]:
            assert read_click_token(token) is None

    def test_links_either_side_of_the_squeezed_range_read_back(self):
        from topten.editions.clicks import SQUEEZED_LINKS

        for index in (0, SQUEEZED_LINKS - 1, SQUEEZED_LINKS, 2**16 - 1):
            assert read_click_token(click_token(3, 4, index)) == (3, 4, index)

    def test_a_squeezed_mac_is_its_slice_of_the_readers_squeeze(self, settings):
        # Made by hand: SHAKE256(key || edition id || subscriber id), 10 bytes per link.
        key = hmac.digest(settings.SECRET_KEY.encode(), b"topten.editions.click-token.v3", "sha256")
        macs = hashlib.shake_256(key + struct.pack(">QQ", 5, 42)).digest(80)
        raw = struct.pack(">QQH", 5, 42, 7) + macs[70:80]
        assert click_token(5, 42, 7) == _token_of(raw)
        # Another link's slice, or another reader's, is no MAC for this one.
        for tag in (
            macs[60:70],
            hashlib.shake_256(key + struct.pack(">QQ", 5, 43)).digest(80)[70:],
        ):
            forged = struct.pack(">QQH", 5, 42, 7) + tag
            assert read_click_token(_token_of(forged)) is None

    def test_a_token_from_an_edition_sent_before_the_squeeze_still_reads(self, settings):
        # The earlier format: the same 18-byte payload and a keyed BLAKE2b of it.
        key = hmac.digest(settings.SECRET_KEY.encode(), b"topten.editions.click-token.v2", "sha256")
        payload = struct.pack(">QQH", 5, 42, 7)
        raw = payload + hashlib.blake2b(payload, key=key, digest_size=10).digest()
        token = _token_of(raw)
        assert token != click_token(5, 42, 7)
        assert read_click_token(token) == (5, 42, 7)
        settings.SECRET_KEY = "another secret entirely, rotated"
        assert read_click_token(token) is None

    def test_a_token_from_an_edition_sent_before_blake2b_still_reads(self, settings):
        # The earlier format: the same 18-byte payload and 10 bytes of HMAC-SHA256.
        key = hmac.digest(settings.SECRET_KEY.encode(), b"topten.editions.click-token.v1", "sha256")
        payload = struct.pack(">QQH", 5, 42, 7)
        raw = payload + hmac.digest(key, payload, hashlib.sha256)[:10]
        token = _token_of(raw)
        assert token != click_token(5, 42, 7)
        assert read_click_token(token) == (5, 42, 7)
        settings.SECRET_KEY = "another secret entirely, rotated"
        assert read_click_token(token) is None


def test_the_click_token_benchmark_prints_its_figures_and_baseline(capsys, db):
    import json

    from topten.editions.bench import main

    assert main(["--calls", "200"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for key in ("click_url_us", "verify_us", "send_loop_20_links_us", "baseline_hmac_sha256_us"):
        assert figures[key] > 0, key
    ratio = figures["send_loop_20_links_us"] / (20 * figures["baseline_hmac_sha256_us"])
    assert abs(figures["send_loop_ratio_to_20_hmacs"] - ratio) < 0.02  # from unrounded figures
