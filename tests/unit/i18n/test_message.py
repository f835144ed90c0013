"""The message syntax: parameters, ICU-style plurals and selects, numbers for the language, and bad texts."""

from __future__ import annotations

import datetime as dt

import pytest

from interview_app.i18n import error_text, from_accept_language, normalise, t
from interview_app.i18n.message import MessageSyntaxError, parameters, parse, render

ANSWERS = "{count, plural, =0 {No answers yet} one {# answer} other {# answers}} to review"


@pytest.mark.parametrize(
    ("count", "lang", "expected"),
    [
        (0, "en", "No answers yet to review"),
        (1, "en", "1 answer to review"),
        (2, "en", "2 answers to review"),
        (1200, "en", "1,200 answers to review"),
        (1, "ko", "1 answers to review"),  # Korean has only `other`: a `one` form never applies
        (1.5, "en", "1.5 answers to review"),
    ],
)
def test_plural_forms_follow_the_languages_rules(count: float, lang: str, expected: str):
    assert render(ANSWERS, lang, {"count": count}) == expected


def test_korean_plural_uses_other_and_groups_the_number():
    assert render("{n, plural, other {답변 #개}}", "ko", {"n": 12000}) == "답변 12,000개"


def test_select_picks_by_value_and_falls_back_to_other():
    text = "From {source, select, cv {your CV} github {GitHub} other {the job ad}}."
    assert render(text, "en", {"source": "cv"}) == "From your CV."
    assert render(text, "en", {"source": "company"}) == "From the job ad."


def test_parameters_are_filled_and_numbers_formatted():
    assert render("At most {limit} characters, {name}.", "en", {"limit": 12000, "name": "Ada"}) == (
        "At most 12,000 characters, Ada."
    )
    assert render("{day}", "en", {"day": dt.date(2026, 12, 7)}) == "7 Dec 2026"
    assert render("{day}", "ko", {"day": dt.date(2026, 12, 7)}) == "2026. 12. 7."


def test_a_missing_parameter_is_an_error_not_a_silent_blank():
    with pytest.raises(KeyError):
        render("Hello {name}", "en", {})


@pytest.mark.parametrize(
    "bad",
    [
        "Hello {name",
        "Hello name}",
        "{count, plural, one {# answer}}",  # no `other`
        "{count, plural, one {# answer} other {# answers}",
        "{count, plurl, other {#}}",
        "{not a name}",
    ],
)
def test_bad_texts_do_not_parse(bad: str):
    with pytest.raises(MessageSyntaxError):
        parse(bad)


def test_parameters_lists_plain_and_choice_names():
    assert parameters("{a} {n, plural, one {# {b}} other {# {c}}}") == {"a", "n", "b", "c"}
    assert parameters("Plain text.") == set()


def test_t_falls_back_to_english_then_the_key():
    assert t("common.sign_in", "ko") != t("common.sign_in", "en")  # Korean exists
    assert t("common.sign_in", "fr") == t("common.sign_in", "en")
    assert t("edge.too_long", "en", limit=12000).startswith("That text is too long: at most 12,000")


def test_error_text_maps_account_codes_to_their_keys():
    assert error_text("password_mismatch") == t("account.error.password_mismatch")
    assert error_text("password_mismatch", "ko") == t("account.error.password_mismatch", "ko")
    assert "10" in error_text("too_short")  # the setting's minimum length, filled in
    assert error_text("export.error.busy") == t("export.error.busy")  # already a key


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"),
        ("en-GB,en;q=0.9,ko;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,ko;q=0.5", "ko"),  # French is not offered: the next supported one
        ("ko;q=0.2, en;q=0.8", "en"),
        ("ko;q=0", "en"),  # q=0 means "not this one"
        ("de, fr", "en"),
        ("", "en"),
        (None, "en"),
        ("ko;q=abc", "en"),
    ],
)
def test_the_browsers_language(header: str | None, expected: str):
    assert from_accept_language(header) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("ko-KR", "ko"), ("KO", "ko"), ("ko_KR", "ko"), ("xx", "en"), (None, "en")]
)
def test_normalise(value: object, expected: str):
    assert normalise(value) == expected
