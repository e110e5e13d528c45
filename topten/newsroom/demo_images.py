"""Lead images for the demo articles, drawn with Pillow: an abstract gradient with shapes
and the section name. Deterministic, so the demo looks the same on every machine."""

import io
import random

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 900
CREDIT = "Illustration: Topten demo"

PALETTES = {
    "World": [(18, 52, 86), (44, 120, 160), (240, 180, 90)],
    "Science": [(30, 20, 70), (90, 60, 160), (120, 220, 210)],
    "Economy": [(20, 60, 50), (60, 140, 100), (230, 210, 120)],
    "Climate": [(10, 70, 90), (80, 170, 190), (250, 240, 220)],
    "Health": [(110, 20, 40), (210, 90, 100), (250, 220, 200)],
    "Technology": [(25, 25, 35), (60, 80, 130), (120, 240, 160)],
    "Culture": [(70, 30, 60), (180, 80, 90), (250, 200, 120)],
    "Sport": [(20, 60, 30), (220, 120, 30), (250, 240, 200)],
}
DEFAULT_PALETTE = [(40, 40, 60), (100, 110, 150), (230, 230, 240)]


def lead_image(section: str, seed: int) -> bytes:
    """A 1600×900 JPEG: a four-corner gradient, translucent shapes and the section name."""
    rng = random.Random(seed)
    dark, mid, light = PALETTES.get(section, DEFAULT_PALETTE)
    corners = Image.new("RGB", (2, 2))
    corners.putdata([dark, mid, mid, light] if seed % 2 else [mid, dark, light, mid])
    img = corners.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC).convert("RGBA")
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for _ in range(7):
        x, y, r = rng.randrange(WIDTH), rng.randrange(HEIGHT), rng.randrange(80, 380)
        colour = (*rng.choice([light, mid, (255, 255, 255)]), rng.randrange(40, 110))
        if rng.random() < 0.6:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r // 3, x + r, y + r // 3), fill=colour)
    font = ImageFont.load_default(size=150)
    draw.text(
        (90, HEIGHT - 260),
        section.upper(),
        font=font,
        fill=(255, 255, 255, 235),
        stroke_width=4,
        stroke_fill=(*dark, 200),
    )
    img = Image.alpha_composite(img, overlay).convert("RGB")
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
