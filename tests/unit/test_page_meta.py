"""Every page is added to the app once, with a meta description, and a later compile adds none again."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import reflex as rx
from reflex_base.registry import RegistrationContext

from interview_app import page_meta, routes
from interview_app.interview_app import app


def _route(path: str) -> str:
    return path.strip("/") or "index"


def test_the_app_holds_every_page_and_the_registry_none() -> None:
    assert RegistrationContext.ensure_context().decorated_pages == []
    held = set(app._unevaluated_pages)
    for path in (routes.SIGN_IN, routes.REGISTER, routes.DASHBOARD, routes.COMPANIES, "/admin/settings"):
        assert _route(path) in held, path
    assert "404" in held
    assert len(held) >= 45


def test_a_compile_in_a_forked_worker_adds_no_page_again(caplog: pytest.LogCaptureFixture) -> None:
    # What a production backend worker does at start (App.__call__ -> compile_app -> _apply_decorated_pages).
    before = dict(app._unevaluated_pages)
    with caplog.at_level(logging.WARNING):
        app._apply_decorated_pages()
    assert "redefined" not in caplog.text
    assert app._unevaluated_pages == before


def test_each_page_gets_a_description_its_own_kept() -> None:
    for route, page in app._unevaluated_pages.items():
        if route == "404":
            continue
        assert page.description is not None, route
    sign_in = app._unevaluated_pages[_route(routes.SIGN_IN)]
    assert str(sign_in.description) == str(page_meta.description_for(routes.SIGN_IN))
    assert str(sign_in.description) != str(page_meta.description_for(routes.DASHBOARD))


def test_add_pages_takes_the_registry_once() -> None:
    added: list[tuple[Any, dict[str, Any]]] = []

    class _App:
        def add_page(self, render: Any, **kwargs: Any) -> None:
            added.append((render, kwargs))

    def one() -> rx.Component:
        return rx.text("one")

    def two() -> rx.Component:
        return rx.text("two")

    pages = RegistrationContext.ensure_context().decorated_pages
    saved = list(pages)
    try:
        pages[:] = [(one, {"route": "/one"}), (two, {"route": "/sign-in", "description": "own"})]
        assert page_meta.add_pages(_App()) == 2  # type: ignore[arg-type]
        assert pages == []
        assert page_meta.add_pages(_App()) == 0  # type: ignore[arg-type]
    finally:
        pages[:] = saved
    assert [r for r, _ in added] == [one, two]
    assert str(added[0][1]["description"]) == str(page_meta.description_for("/one"))
    assert added[1][1]["description"] == "own"
