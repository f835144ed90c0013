"""The parts of a dynamic route read from the page's address (router.url and route_id, not router.page)."""

from __future__ import annotations

from reflex.istate.data import RouterData
from reflex_base.constants import RouteVar

from interview_app import routes
from interview_app.state.address import route_arg, route_id


def _router(route: str, address: str) -> RouterData:
    return RouterData.from_router_data(
        {RouteVar.PATH: route, RouteVar.ORIGIN: address, RouteVar.HEADERS: {"origin": "http://localhost:3000"}}
    )


def test_the_route_parts_come_from_the_address() -> None:
    router = _router(routes.ADMIN_QUESTION, "/admin/questions/quiz/42?tab=history#top")
    assert route_arg(router, "kind") == "quiz"
    assert route_id(router, "question_id") == 42
    assert route_id(_router(routes.INTERVIEW_REPORT, "/interview/7/report"), "interview_id") == 7
    assert route_id(_router(routes.INTERVIEW_RUN, "/interview/7/"), "interview_id") == 7


def test_a_prefix_in_front_of_the_address_changes_nothing() -> None:
    assert route_id(_router(routes.TRAINER_QUIZ, "/coach/trainer/quiz/9"), "quiz_id") == 9


def test_missing_or_bad_parts_read_as_nothing() -> None:
    assert route_arg(_router(routes.DASHBOARD, "/dashboard"), "interview_id") == ""
    assert route_id(_router(routes.INTERVIEW_RUN, "/interview/abc"), "interview_id") == 0
    assert route_id(_router(routes.INTERVIEW_RUN, "/interview/-3"), "interview_id") == 0
    assert route_id(_router(routes.INTERVIEW_RUN, "/interview/" + "9" * 30), "interview_id") == 0
    assert route_id(_router(routes.INTERVIEW_RUN, "/interview/%D9%A3"), "interview_id") == 0  # an Arabic-Indic 3
    assert route_id(_router(routes.INTERVIEW_RUN, "/"), "interview_id") == 0
    assert route_arg(_router(routes.ADMIN_USER, "/admin/users/%EC%9D%B4%EB%A6%84"), "user_id") == "이름"
    assert route_id(RouterData(), "interview_id") == 0
