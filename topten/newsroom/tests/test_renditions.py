import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from topten.newsroom.models import Article
from topten.newsroom.tests.conftest import article_form, image_bytes

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:newsroom_article_add")


def upload(data: bytes, name="photo.png", content_type="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header that claims a huge size with almost no data: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def add_with_image(client, capture, data: bytes, **fields):
    form = article_form(lead_image=upload(data), lead_image_alt="A harbour", **fields)
    with capture(execute=True):
        return client.post(ADD_URL, form)


def media(path: str) -> Path:
    return Path(settings.MEDIA_ROOT) / path


class TestRenditions:
    def test_an_upload_gets_jpeg_and_webp_renditions_of_each_width(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        response = add_with_image(
            editor_client, django_capture_on_commit_callbacks, image_bytes(2000, 1000)
        )
        assert response.status_code == 302
        renditions = Article.objects.get().renditions
        for width in (480, 960, 1600):
            with Image.open(media(renditions[str(width)])) as jpeg:
                assert (jpeg.format, jpeg.size) == ("JPEG", (width, width // 2))
            with Image.open(media(renditions[f"webp:{width}"])) as webp:
                assert (webp.format, webp.width) == ("WEBP", width)

    def test_the_article_gives_rendition_urls_and_a_srcset(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        add_with_image(editor_client, django_capture_on_commit_callbacks, image_bytes(1000, 500))
        article = Article.objects.get()
        assert article.rendition_url(480) == settings.MEDIA_URL + article.renditions["480"]
        assert article.rendition_srcset("webp").endswith(" 960w")
        assert len(article.rendition_srcset().split(", ")) == 2

    def test_a_small_image_is_never_upscaled(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        add_with_image(editor_client, django_capture_on_commit_callbacks, image_bytes(300, 200))
        renditions = Article.objects.get().renditions
        assert sorted(k for k in renditions if k.isdigit()) == ["480"]
        with Image.open(media(renditions["480"])) as img:
            assert img.size == (300, 200)

    def test_a_transparent_png_is_flattened_onto_white(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        add_with_image(
            editor_client, django_capture_on_commit_callbacks, image_bytes(600, 300, mode="LA")
        )
        with Image.open(media(Article.objects.get().renditions["480"])) as img:
            assert img.mode == "RGB"

    def test_a_new_upload_replaces_the_old_renditions(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        add_with_image(editor_client, django_capture_on_commit_callbacks, image_bytes(1000, 500))
        article = Article.objects.get()
        old = article.renditions["480"]
        form = article_form(
            slug=article.slug,
            lead_image=upload(image_bytes(1200, 600), "new.png"),
            lead_image_alt="New",
        )
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(reverse("admin:newsroom_article_change", args=[article.pk]), form)
        article.refresh_from_db()
        assert (
            article.renditions["source"].endswith(".png") and "new" in article.renditions["source"]
        )
        assert not media(old).exists()
        assert media(article.renditions["480"]).exists()

    def test_a_file_that_is_not_an_image_is_refused(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        form = article_form(lead_image=upload(b"<?php echo 1; ?>", "evil.png"), lead_image_alt="x")
        response = editor_client.post(ADD_URL, form)
        assert response.status_code == 200
        assert (
            "Upload a valid image" in response.content.decode()
            or "not an image" in response.content.decode()
        )
        assert not Article.objects.exists()

    def test_a_decompression_bomb_is_refused_with_a_clear_error(self, editor_client):
        form = article_form(lead_image=upload(png_claiming(100_000, 100_000)), lead_image_alt="x")
        response = editor_client.post(ADD_URL, form)
        assert response.status_code == 200
        assert "The image is too large" in response.content.decode()
        assert not Article.objects.exists()

    def test_an_image_over_the_pixel_limit_is_refused(self, editor_client, settings):
        settings.MAX_IMAGE_PIXELS = 1_000_000
        form = article_form(lead_image=upload(image_bytes(1200, 1000)), lead_image_alt="x")
        response = editor_client.post(ADD_URL, form)
        assert (
            "The image is too large (1200×1000 pixels): the limit is 1 megapixels."
            in response.content.decode()
        )

    def test_an_image_needs_alt_text(self, editor_client):
        form = article_form(lead_image=upload(image_bytes(600, 300)))
        response = editor_client.post(ADD_URL, form)
        assert "Describe the image for readers who cannot see it." in response.content.decode()

    def test_clearing_the_image_drops_its_renditions(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        add_with_image(editor_client, django_capture_on_commit_callbacks, image_bytes(1000, 500))
        article = Article.objects.get()
        old = article.renditions["480"]
        form = article_form(slug=article.slug, **{"lead_image-clear": "on"})
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(reverse("admin:newsroom_article_change", args=[article.pk]), form)
        article.refresh_from_db()
        assert article.renditions == {}
        assert not media(old).exists()
