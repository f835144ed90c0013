"""Theme tokens shared by every page."""

ACCENT = "teal"
GRAY = "slate"
THEME_COLOR = "#0d9488"
SIDEBAR_WIDTH = "15rem"
CONTENT_MAX_WIDTH = "64rem"
FORM_MAX_WIDTH = "26rem"
BOTTOM_BAR_HEIGHT = "4rem"

card = {
    "border": "1px solid var(--gray-a5)",
    "border_radius": "var(--radius-4)",
    "background": "var(--color-panel-solid)",
    "padding": "1.25rem",
    "width": "100%",
}
