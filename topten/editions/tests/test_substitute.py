import pytest

from topten.editions.rendering import personal_values, substitute


def click(i):
    return f"https://t.test/r/{i}/"


class TestSubstitute:
    def test_it_replaces_names_and_click_links(self):
        out = substitute(
            "Hi [[first_name]] <a href=[[click:0]]>a</a> <a href=[[click:12]]>b</a>",
            {"first_name": "Ann"},
            click,
        )
        assert out == "Hi Ann <a href=https://t.test/r/0/>a</a> <a href=https://t.test/r/12/>b</a>"

    def test_a_missing_value_is_an_error_not_a_blank(self):
        with pytest.raises(KeyError):
            substitute("[[unsubscribe_url]]", {}, click)

    def test_text_that_only_looks_like_a_placeholder_is_left_alone(self):
        text = "[[ first_name ]] [first_name] [[click:x]] [[Click:1]]"
        assert substitute(text, {"first_name": "Ann"}, click) == text

    def test_html_values_are_escaped_and_a_blank_name_stays_blank(self):
        values = personal_values(
            first_name="<b>Tom & Jerry</b>",
            unsubscribe_url="u",
            preferences_url="p",
            web_url="w",
            html=True,
        )
        assert values["first_name"] == "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;"
        blank = personal_values(
            first_name=" ", unsubscribe_url="u", preferences_url="p", web_url="w", html=False
        )
        assert blank["first_name"] == ""
