import html5lib
import pytest

pytestmark = pytest.mark.django_db
NS = "{http://www.w3.org/1999/xhtml}"


def parse(client, url):
    return html5lib.parse(client.get(url).content)


class TestAccessibility:
    def test_pages_have_landmarks_one_h1_and_a_skip_link(self, client, published):
        for url in ["/", published.get_absolute_url(), published.section.get_absolute_url()]:
            doc = parse(client, url)
            assert doc.get("lang") == "en", url
            assert doc.find(f".//{NS}header") is not None, url
            assert doc.find(f".//{NS}main") is not None, url
            assert doc.find(f".//{NS}footer") is not None, url
            assert len(doc.findall(f".//{NS}h1")) == 1, url
            skip = doc.find(f".//{NS}a[@class='skip-link']")
            assert skip.get("href") == "#main", url

    def test_every_image_has_an_alt_attribute(self, client, published):
        for url in ["/", published.get_absolute_url()]:
            for img in parse(client, url).iter(f"{NS}img"):
                assert img.get("alt") is not None, (url, img.get("src"))

    def test_every_form_field_has_a_label(self, client, published):
        doc = parse(client, "/search/?q=x")
        labels = {label.get("for") for label in doc.iter(f"{NS}label")}
        for field in doc.iter(f"{NS}input"):
            assert field.get("id") in labels, field.get("name")

    def test_navigation_regions_are_named(self, client, published):
        for nav in parse(client, "/").iter(f"{NS}nav"):
            assert nav.get("aria-label"), "a nav without a name"
