from topten.mailer.espmerge import merge, usable
from topten.mailer.personalize import compile_template

TEXT = compile_template("Hi [[first_name]], [[web_url]] [[click:0]] [[click:0]]")
HTML = compile_template('<a href="[[click:0]]">[[first_name]]</a>', escape=True)
SYNTAX = "%recipient.{}%"


def values(name, click):
    return {"first_name": name, "web_url": "https://w/", ("click", 0): click}


class TestEspMerge:
    def test_personal_slots_become_merge_fields_and_shared_ones_text(self):
        merged = merge(SYNTAX, TEXT, None, [values("A", "https://r/1"), values("B", "https://r/2")])
        assert merged.text == (
            "Hi %recipient.first_name%, https://w/ %recipient.click_0% %recipient.click_0%"
        )
        assert merged.data == [
            {"first_name": "A", "click_0": "https://r/1"},
            {"first_name": "B", "click_0": "https://r/2"},
        ]

    def test_html_gets_escaped_values_under_their_own_key_only_when_escaping_changes_them(self):
        people = [values("A & B", "https://r/1"), values("C", "https://r/2")]
        merged = merge(SYNTAX, TEXT, HTML, people)
        assert merged.html == '<a href="%recipient.click_0%">%recipient.first_name_html%</a>'
        assert merged.data[0]["first_name"] == "A & B"
        assert merged.data[0]["first_name_html"] == "A &amp; B"

    def test_a_value_shared_by_everyone_is_written_into_the_html_escaped(self):
        merged = merge(SYNTAX, TEXT, HTML, [values("A & B", "https://r/1")] * 2)
        assert merged.html == '<a href="https://r/1">A &amp; B</a>'
        assert merged.data == [{}, {}]

    def test_an_edition_containing_the_merge_syntax_cannot_be_merged(self):
        tricky = compile_template("Write %recipient.name% in Mailgun, [[first_name]]")
        assert not usable(SYNTAX, [TEXT, tricky])
        assert usable(SYNTAX, [TEXT, HTML])
