import html5lib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from topten.lib.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    GENERIC_ATTRIBUTES,
    URL_SCHEMES,
    clean_html,
    url_scheme,
)

# Tags and attributes that carry URLs come several times, so generated elements often hold
# a hostile URL where one would be honoured.
TAGS = (
    sorted(ALLOWED_TAGS)
    + ["a", "img", "blockquote", "q"] * 6
    + [
        "script",
        "svg",
        "math",
        "style",
        "iframe",
        "noscript",
        "textarea",
        "title",
        "template",
        "xmp",
        "object",
        "embed",
        "base",
        "form",
        "button",
        "input",
        "mglyph",
        "SCRIPT",
        "Svg",
    ]
)
ATTRIBUTES = ["href", "src", "cite"] * 3 + [
    "src",
    "cite",
    "title",
    "alt",
    "onerror",
    "onclick",
    "OnLoad",
    "style",
    "xlink:href",
    "formaction",
    "srcdoc",
    "rel",
    "target",
    "class",
    "id",
]
SCHEMES = [
    "",
    "http://ok.test/",
    "https://ok.test/",
    "mailto:a@ok.test",
    "javascript:",
    "JaVaScRiPt:",
    " javascript:",
    "java\tscript:",
    "java&#x09;script:",
    "jav&#x0A;ascript:",
    "&#106;avascript:",
    "&#x6A;avascript:",
    "data:",
    "data:text/html,",
    "vbscript:",
    "file:",
    "//ok.test/",
]
noise = st.sampled_from(["<", ">", "</", "/>", '"', "'", "=", "&#", ";", "<!--", "-->", "\x00"])
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=6)
value = st.tuples(st.sampled_from(SCHEMES), text).map("".join)
quote = st.sampled_from(['"', "'", ""])
attribute = st.builds(lambda n, q, v: f" {n}={q}{v}{q}", st.sampled_from(ATTRIBUTES), quote, value)


def _element(children):
    return st.builds(
        lambda name, attrs, inner, close: (
            f"<{name}{''.join(attrs)}>{''.join(inner)}" + (f"</{name}>" if close else "")
        ),
        st.sampled_from(TAGS),
        st.lists(attribute, max_size=3),
        st.lists(children, max_size=3),
        st.booleans(),
    )


# Tag soup: nested real, allowed and dangerous elements with hostile attributes, broken
# up by stray brackets, quotes, entities and comment markers.
soup = st.recursive(text | noise, _element, max_leaves=12).map(str)
soup = st.lists(soup, min_size=1, max_size=4).map("".join)

LINK_ATTRIBUTES = {"a": {"rel"}}  # added by the sanitiser itself


def elements(fragment):
    for element in fragment.iter():
        if isinstance(element.tag, str) and element.tag != "DOCUMENT_FRAGMENT":
            yield element


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class TestSanitiserProperties:
    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(soup)
    def test_output_holds_only_allowlisted_tags_attributes_and_schemes(self, html):
        fragment = html5lib.parseFragment(clean_html(html), treebuilder="etree")
        for element in elements(fragment):
            tag = local_name(element.tag)
            assert tag in ALLOWED_TAGS, tag
            allowed = (
                ALLOWED_ATTRIBUTES.get(tag, set())
                | LINK_ATTRIBUTES.get(tag, set())
                | GENERIC_ATTRIBUTES
            )
            for name, value in element.attrib.items():
                assert name in allowed, (tag, name)
                if name in {"href", "src", "cite"}:
                    assert url_scheme(value) in URL_SCHEMES | {""}, value

    @settings(max_examples=400, deadline=None)
    @given(soup)
    def test_cleaning_is_idempotent(self, html):
        once = clean_html(html)
        assert clean_html(once) == once
