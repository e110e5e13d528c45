"""Lead images: checking an upload and making the resized renditions (Pillow)."""

import io
import warnings
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from topten.newsroom import conf

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
RENDITION_FORMATS = {
    "jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
    "webp": ("WEBP", {"quality": 80, "method": 4}),
}


def check_image(file) -> tuple[int, int]:
    """Raise ValidationError unless `file` is a JPEG/PNG/WebP/GIF of sane size; return (w, h).

    Only the header is decoded, so a decompression bomb is refused before it is expanded.
    """
    size = getattr(file, "size", None)
    if size is not None and size > conf.max_image_bytes():
        raise ValidationError(
            f"The image file is {size // 1024 // 1024} MB; the limit is "
            f"{conf.max_image_bytes() // 1024 // 1024} MB.",
            code="image_too_big",
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as img:
                width, height, fmt = img.width, img.height, img.format
                img.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except Exception:
        raise ValidationError(
            "This file is not an image we can use: upload a JPEG, PNG, WebP or GIF.",
            code="not_an_image",
        ) from None
    finally:
        file.seek(0)
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(
            f"{fmt} images are not accepted: upload a JPEG, PNG, WebP or GIF.", code="bad_format"
        )
    if width * height > conf.max_image_pixels():
        raise _too_many_pixels(width, height)
    return width, height


def _too_many_pixels(width=None, height=None) -> ValidationError:
    limit = conf.max_image_pixels() / 1_000_000
    dims = f" ({width}×{height} pixels)" if width else ""
    return ValidationError(
        f"The image is too large{dims}: the limit is {limit:g} megapixels. "
        "Resize it before uploading.",
        code="too_many_pixels",
    )


def make_renditions(name: str, widths=None, reuse: bool = False) -> dict[str, str]:
    """Resize the stored image `name` to each width (never upscaling), as JPEG and WebP.

    Returns {"480": "path.jpg", "webp:480": "path.webp", ..., "source": name}. With
    `reuse`, renditions already in storage are kept (for images whose name fixes their
    content, like the demo's).
    """
    widths = sorted(widths or conf.rendition_widths())
    if reuse and (existing := _existing_renditions(name, widths)):
        return existing
    with default_storage.open(name, "rb") as f, Image.open(f) as img:
        img = ImageOps.exif_transpose(img)
        img = _flatten(img)
        stem = _stem(name)
        result = {"source": name}
        for width in _useful_widths(img.width, widths):
            resized = _resize(img, width)
            for ext, (fmt, options) in RENDITION_FORMATS.items():
                path = _save(resized, f"{stem}-{width}.{ext}", fmt, options)
                result[str(width) if ext == "jpg" else f"{ext}:{width}"] = path
        return result


def _stem(name: str) -> PurePosixPath:
    return PurePosixPath("renditions") / PurePosixPath(name).with_suffix("")


def _existing_renditions(name: str, widths: list[int]) -> dict[str, str] | None:
    with default_storage.open(name, "rb") as f, Image.open(f) as img:
        width, _ = ImageOps.exif_transpose(img).size
    result = {"source": name}
    for w in _useful_widths(width, widths):
        for ext in RENDITION_FORMATS:
            path = f"{_stem(name)}-{w}.{ext}"
            if not default_storage.exists(path):
                return None
            result[str(w) if ext == "jpg" else f"{ext}:{w}"] = path
    return result


def _useful_widths(original: int, widths: list[int]) -> list[int]:
    """Widths not wider than the original; a narrow original still gets the smallest slot."""
    useful = [w for w in widths if w <= original]
    return useful or widths[:1]


def _resize(img: Image.Image, width: int) -> Image.Image:
    if img.width <= width:
        return img
    height = max(1, round(img.height * width / img.width))
    return img.resize((width, height), Image.Resampling.LANCZOS)


def _flatten(img: Image.Image) -> Image.Image:
    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        img = img.convert("RGBA")
        background = Image.new("RGB", img.size, (255, 255, 255))
        background.paste(img, mask=img.getchannel("A"))
        return background
    return img.convert("RGB")


def _save(img: Image.Image, path: str, fmt: str, options: dict) -> str:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **options)
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, ContentFile(buffer.getvalue()))


def delete_renditions(renditions: dict) -> None:
    for key, path in renditions.items():
        if key != "source" and default_storage.exists(path):
            default_storage.delete(path)
