"""English text of the `public.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # public layout (header and footer)
    "public.get_started": "Get started",
    "public.footer": "Interview Coach is open source. It runs on your own machine; your answers stay with you.",
}
