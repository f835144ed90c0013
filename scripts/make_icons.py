#!/usr/bin/env python3
"""Generate the Interview Coach PWA icons (one-off helper).

Design: a teal rounded square (#0d9488 -> #0f766e diagonal gradient) with a
white speech bubble holding a teal check mark.  Everything is described once,
on a 512x512 design grid, and rendered at 4x then downscaled with LANCZOS for
anti-aliasing.  The same geometry is written out as assets/icons/icon.svg.

Pillow is NOT a project dependency; run this from a throwaway venv:

    python3 -m venv /tmp/iconvenv && /tmp/iconvenv/bin/pip install pillow
    /tmp/iconvenv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
ICONS = ASSETS / "icons"

# --- design (512-unit grid) --------------------------------------------------
GRID = 512
TEAL = (13, 148, 136)  # #0d9488 (brand)
TEAL_DARK = (15, 118, 110)  # #0f766e
WHITE = (255, 255, 255)
CORNER_RADIUS = 112  # background rounded-square radius ("any" icons)

# Speech bubble: rounded body plus a tail at the bottom-left.
BODY = (104, 112, 408, 340)  # x0, y0, x1, y1
BODY_RADIUS = 76
# Tail: straight outer edge down to the tip, then a concave quadratic curve
# back up into the body's bottom edge (start/end points sit inside the body).
TAIL_START = (156, 320)
TAIL_TIP = (134, 406)
TAIL_CTRL = (192, 360)
TAIL_END = (256, 336)
# Check mark inside the bubble (stroke with round caps/joins).
CHECK = [(186, 230), (234, 278), (326, 186)]
CHECK_WIDTH = 38

SUPERSAMPLE = 4


def _gradient(size: int) -> Image.Image:
    """Diagonal (top-left -> bottom-right) TEAL -> TEAL_DARK gradient."""
    # linear_gradient('L') is 256x256, black at the top, white at the bottom.
    # (vertical + horizontal) / 2 gives t = (x + y) / (2 * size), which is
    # exactly what the SVG's userSpaceOnUse gradient (0,0)->(512,512) does.
    v = Image.linear_gradient("L").resize((size, size), Image.BICUBIC)
    h = v.transpose(Image.TRANSPOSE)
    mask = ImageChops.add(v, h, scale=2.0)
    return Image.composite(
        Image.new("RGB", (size, size), TEAL_DARK),
        Image.new("RGB", (size, size), TEAL),
        mask,
    )


def _tail_points(steps: int = 48) -> list[tuple[float, float]]:
    """Tail outline as a polygon (quadratic Bezier flattened)."""
    (x0, y0), (cx, cy), (x1, y1) = TAIL_TIP, TAIL_CTRL, TAIL_END
    curve = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        curve.append((u * u * x0 + 2 * u * t * cx + t * t * x1, u * u * y0 + 2 * u * t * cy + t * t * y1))
    return [TAIL_START, *curve, (TAIL_END[0], TAIL_START[1])]


def _glyph_layer(px: int, scale: float) -> tuple[Image.Image, Image.Image]:
    """Return (bubble_mask, check_mask) at px size; glyph scaled about centre."""
    k = px / GRID

    def pt(x: float, y: float) -> tuple[float, float]:
        c = GRID / 2
        return ((c + (x - c) * scale) * k, (c + (y - c) * scale) * k)

    bubble = Image.new("L", (px, px), 0)
    d = ImageDraw.Draw(bubble)
    x0, y0 = pt(BODY[0], BODY[1])
    x1, y1 = pt(BODY[2], BODY[3])
    d.rounded_rectangle((x0, y0, x1, y1), radius=BODY_RADIUS * scale * k, fill=255)
    d.polygon([pt(*p) for p in _tail_points()], fill=255)

    check = Image.new("L", (px, px), 0)
    d = ImageDraw.Draw(check)
    w = CHECK_WIDTH * scale * k
    pts = [pt(*p) for p in CHECK]
    r = w / 2
    # Stroke each segment as a quad, plus discs for round caps and joins.
    for (ax, ay), (bx, by) in itertools.pairwise(pts):
        length = math.hypot(bx - ax, by - ay)
        nx, ny = -(by - ay) / length * r, (bx - ax) / length * r
        d.polygon(
            [(ax + nx, ay + ny), (bx + nx, by + ny), (bx - nx, by - ny), (ax - nx, ay - ny)],
            fill=255,
        )
    for x, y in pts:
        d.ellipse((x - r, y - r, x + r, y + r), fill=255)
    return bubble, check


def render(size: int, *, full_bleed: bool, glyph_scale: float = 1.0) -> Image.Image:
    """Render one icon. full_bleed=True -> opaque square (maskable / Apple)."""
    px = size * SUPERSAMPLE
    bg = _gradient(px)
    bubble, check = _glyph_layer(px, glyph_scale)

    img = bg.copy()
    img.paste(Image.new("RGB", (px, px), WHITE), mask=bubble)
    # The check is "cut out" of the bubble, showing the teal background.
    img.paste(bg, mask=ImageChops.multiply(check, bubble))

    if full_bleed:
        out = img
    else:
        shape = Image.new("L", (px, px), 0)
        ImageDraw.Draw(shape).rounded_rectangle((0, 0, px - 1, px - 1), radius=CORNER_RADIUS * px / GRID, fill=255)
        out = img.convert("RGBA")
        out.putalpha(shape)
    return out.resize((size, size), Image.LANCZOS)


def svg() -> str:
    (x0, y0, x1, y1) = BODY
    (sx, sy), (tx, ty), (qx, qy), (ex, ey) = TAIL_START, TAIL_TIP, TAIL_CTRL, TAIL_END
    tail = f"M{sx} {sy}L{tx} {ty}Q{qx} {qy} {ex} {ey}L{ex} {sy}Z"
    check = " ".join(f"{x},{y}" for x, y in CHECK)
    return f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}" width="{GRID}" height="{GRID}" role="img" aria-label="Interview Coach">
  <defs>
    <linearGradient id="ic-bg" gradientUnits="userSpaceOnUse" x1="0" y1="0" x2="{GRID}" y2="{GRID}">
      <stop offset="0" stop-color="#0d9488"/>
      <stop offset="1" stop-color="#0f766e"/>
    </linearGradient>
  </defs>
  <rect width="{GRID}" height="{GRID}" rx="{CORNER_RADIUS}" fill="url(#ic-bg)"/>
  <g fill="#ffffff">
    <rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="{BODY_RADIUS}"/>
    <path d="{tail}"/>
  </g>
  <polyline points="{check}" fill="none" stroke="url(#ic-bg)" stroke-width="{CHECK_WIDTH}" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)

    for s in (192, 512):
        render(s, full_bleed=False).save(ICONS / f"icon-{s}.png", optimize=True)
        # Maskable: opaque full-bleed square; glyph shrunk so it sits well
        # inside the central 80% safe-zone circle (radius 0.4 * size).
        render(s, full_bleed=True, glyph_scale=0.8).save(ICONS / f"maskable-{s}.png", optimize=True)

    # iOS masks the icon itself and wants no transparency.
    render(180, full_bleed=True, glyph_scale=0.9).save(ICONS / "apple-touch-icon.png", optimize=True)

    render(32, full_bleed=False).save(ICONS / "favicon-32.png", optimize=True)

    frames = [render(s, full_bleed=False) for s in (48, 32, 16)]
    frames[0].save(
        ASSETS / "favicon.ico",
        format="ICO",
        sizes=[(48, 48), (32, 32), (16, 16)],
        append_images=frames[1:],
    )

    (ICONS / "icon.svg").write_text(svg(), encoding="utf-8")

    for p in sorted([*ICONS.iterdir(), ASSETS / "favicon.ico"]):
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size} bytes")


if __name__ == "__main__":
    main()
