from django.conf import settings

from topten.newsroom.models import Article
from topten.web import seo
from topten.web.templatetags.web_tags import srcset

RENDITIONS = {
    "source": "articles/x.jpg",
    "480": "renditions/x-480.jpg",
    "960": "renditions/x-960.jpg",
    "webp:480": "renditions/x-480.webp",
    "webp:960": "renditions/x-960.webp",
}


def article(renditions=RENDITIONS, image="articles/x.jpg"):
    return Article(headline="h", lead_image=image, renditions=renditions)


class TestLeadImage:
    def test_it_picks_the_smallest_rendition_wide_enough(self):
        assert seo.rendition_url(article(), 700) == settings.MEDIA_URL + "renditions/x-960.jpg"
        assert seo.rendition_url(article(), 480) == settings.MEDIA_URL + "renditions/x-480.jpg"

    def test_it_falls_back_to_the_widest_then_to_the_original(self):
        assert seo.rendition_url(article(), 4000) == settings.MEDIA_URL + "renditions/x-960.jpg"
        assert seo.rendition_url(article({}), 480) == settings.MEDIA_URL + "articles/x.jpg"
        assert seo.rendition_url(article({}, image=""), 480) == ""

    def test_srcset_lists_each_format_separately(self):
        assert srcset(article()) == (
            f"{settings.MEDIA_URL}renditions/x-480.jpg 480w, "
            f"{settings.MEDIA_URL}renditions/x-960.jpg 960w"
        )
        assert srcset(article(), "webp").endswith("x-960.webp 960w")

    def test_the_open_graph_image_is_absolute(self):
        assert seo.lead_image_url(article()).startswith(settings.SITE_URL + settings.MEDIA_URL)
