"""The `@rx.page` pages are added to the app once, each with a `<meta name="description">`.

Search engines show the description under the title, and Lighthouse's SEO audit asks for it on every page: the
public pages have their own, the rest one line. The landing page sets its own in `@rx.page`; the pages declared
without one are given theirs here. Like the title, it is a `tr()` text: React renders the `<meta>` in the page's
language and follows the header's language switch.

Why `add_pages` and not Reflex's own pass: Reflex adds the decorated pages at every compile
(`App._apply_decorated_pages`), and a production backend compiles again in each worker it forks from the process
that compiled the frontend, so every page was added twice there ("Page ... is being redefined with the same
component", once per page at start). Taken from the registry and added when the app is made, each page is added
once, and the compile finds nothing left to add.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.registry import RegistrationContext
from reflex_base.vars.sequence import StringVar

from interview_app import routes
from interview_app.components.i18n import tr

DESCRIPTIONS = {
    routes.SIGN_IN: "meta.sign_in",
    routes.REGISTER: "meta.register",
    routes.FORGOT_PASSWORD: "meta.forgot_password",
    routes.COMPANIES: "meta.companies",
}


def description_for(route: str) -> StringVar:
    """The description of the page at `route` in the page's language (the general one when it has none of its own)."""
    return tr(DESCRIPTIONS.get("/" + route.strip("/"), "meta.default"))


def add_pages(app: rx.App) -> int:
    """Add every page declared with `@rx.page` to `app` once (with a description if it has none); returns how many.

    The pages leave the registry as they are added, so no later compile adds them again.
    """
    pages: list[tuple[Any, dict[str, Any]]] = RegistrationContext.ensure_context().decorated_pages
    taken = list(pages)
    pages.clear()
    for render, kwargs in taken:
        if kwargs.get("description") is None:
            kwargs = {**kwargs, "description": description_for(str(kwargs.get("route", "")))}
        app.add_page(render, **kwargs)
    return len(taken)
