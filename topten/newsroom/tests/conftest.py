"""Personas and helpers of the newsroom tests.

- editor: staff with every newsroom permission; writes, previews, schedules and publishes.
- reader: a logged-in account without staff status; may see only published pages.
"""

import io

import pytest
from django.contrib.auth.models import Permission, User
from PIL import Image

from topten.newsroom.models import Article


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "editor@example.com", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="newsroom"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reader(db):
    return User.objects.create_user("reader", "reader@example.com")


def make_article(headline="A headline", body="<p>Body text.</p>", **fields) -> Article:
    return Article.objects.create(headline=headline, body=body, **fields)


def image_bytes(width=2000, height=1000, fmt="PNG", mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (200, 80, 40) if mode == "RGB" else 128).save(buffer, fmt)
    return buffer.getvalue()


def article_form(**overrides) -> dict:
    """The POST data of the admin's article form, with empty inlines."""
    data = {
        "headline": "Harbour reopens after storm repairs",
        "slug": "harbour-reopens",
        "standfirst": "Ferries run again from Monday.",
        "body": "<p>The harbour of Valmora reopened.</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "source_name": "AFP",
        "source_url": "",
        "republished_from": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
    }
    for prefix in ("related_links", "share_counts"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | overrides
