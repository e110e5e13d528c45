"""Newsroom settings, read from Django settings (which may take them from the environment)."""

from django.conf import settings

from topten.lib.env import envint


def related_window() -> int:
    """How many of the most recent published articles are candidates for related posts."""
    return getattr(settings, "RELATED_WINDOW", None) or envint("RELATED_WINDOW", 1000)


def rendition_widths() -> tuple[int, ...]:
    return tuple(getattr(settings, "RENDITION_WIDTHS", (480, 960, 1600)))


def max_image_pixels() -> int:
    """Uploads with more pixels than this are refused (decompression-bomb guard)."""
    return getattr(settings, "MAX_IMAGE_PIXELS", None) or envint("MAX_IMAGE_PIXELS", 40_000_000)


def max_image_bytes() -> int:
    return getattr(settings, "MAX_IMAGE_BYTES", None) or envint("MAX_IMAGE_BYTES", 20 * 1024 * 1024)
