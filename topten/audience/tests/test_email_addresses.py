import pytest

from topten.audience.addresses import InvalidEmail, normalise_email


class TestEmailAddresses:
    def test_the_domain_is_lower_cased_and_the_local_part_kept(self):
        assert normalise_email("  Ann.Lee@Example.ORG ") == "Ann.Lee@example.org"

    def test_an_internationalised_domain_becomes_punycode(self):
        assert normalise_email("ann@bücher.de") == "ann@xn--bcher-kva.de"

    @pytest.mark.parametrize("raw", ["ann@example.org\r\nBcc: x@y.z", "ann\n@example.org"])
    def test_a_line_break_is_refused(self, raw):
        with pytest.raises(InvalidEmail, match="line break"):
            normalise_email(raw)

    def test_an_address_over_254_characters_is_refused(self):
        with pytest.raises(InvalidEmail, match="254"):
            normalise_email("a" * 64 + "@" + ("b" * 60 + ".") * 3 + "c" * 10 + ".org")

    def test_a_local_part_over_64_characters_is_refused(self):
        with pytest.raises(InvalidEmail, match="64"):
            normalise_email("a" * 65 + "@example.org")

    def test_a_local_part_of_64_characters_is_fine(self):
        assert normalise_email("a" * 64 + "@example.org")

    def test_a_non_ascii_local_part_is_refused(self):
        with pytest.raises(InvalidEmail):
            normalise_email("jösé@example.org")

    @pytest.mark.parametrize("raw", ["", "ann", "ann@", "@example.org", "ann@@x", "a b@x.org"])
    def test_a_malformed_address_is_refused(self, raw):
        with pytest.raises(InvalidEmail):
            normalise_email(raw)

    def test_a_control_character_is_refused(self):
        with pytest.raises(InvalidEmail):
            normalise_email("ann\x00@example.org")
