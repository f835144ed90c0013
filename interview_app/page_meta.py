"""Every page gets a `<meta name="description">`: its own for the public pages, one line for the rest.

Search engines show it under the title, and Lighthouse's SEO audit asks for it on every page. The landing page
sets its own in `@rx.page`; the pages registered without one are given theirs here, before the app compiles
(`describe_pages`, called once where the app is made). Like the title, it is a `tr()` text: React renders the
`<meta>` in the page's language and follows the header's language switch.
"""

from __future__ import annotations

from typing import Any

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


def describe_pages() -> int:
    """Give every page registered with `@rx.page` and no description its own; returns how many were given one."""
    given = 0
    pages: list[tuple[Any, dict[str, Any]]] = RegistrationContext.ensure_context().decorated_pages
    for _render, kwargs in pages:
        if kwargs.get("description") is not None:
            continue
        kwargs["description"] = description_for(str(kwargs.get("route", "")))
        given += 1
    return given
