"""Follow-up plans (none, deeper, probe, redirect), their grounding, and the question's score with its follow-up."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from interview_app.i18n import t
from interview_app.services.answers import follow_ups as fu
from interview_app.services.answers.follow_ups import AskedQuestion, grounding_problems, plan_follow_up

# The English redirect's opening words, before the question.
REDIRECT_LEAD = t("followup.redirect", question="")

CONFLICT = AskedQuestion(
    prompt="Tell me about a time you had a real, ongoing conflict with a peer you still had to work with every day. "
    "What was it about, what did you do, and where does the relationship stand now?",
    type="behavioural",
    key_points=(
        "Describes the specific disagreement and what was at stake for each side",
        "Raised it privately and directly with the peer before escalating",
        "Agreed a concrete working arrangement and checked later that it held",
        "Gives a measurable result for both the work and the relationship",
    ),
    follow_ups=(
        "What would you have done if Dana had refused to meet you halfway?",
        "If the other person had refused to meet you halfway, what would you have done?",
        "At what point would you have escalated it, and how would you have gone about it?",
    ),
)
STORY = (
    "Last year I disagreed with Priya, the warehouse lead, about late order changes: I sent routes at six and she "
    "needed them by three to stage pallets. I asked her for a coffee and raised it privately instead of taking it "
    "to our managers. We agreed a firm cut-off at half past three with one late window, and checked after two "
    "weeks that it held. Late deliveries fell from twelve a week to two and we still get on well today."
)


@dataclass
class Verdict:
    point: str
    covered: bool
    confidence: float = 0.0
    evidence: str | None = None


@dataclass
class Analysis:
    key_points: list[Verdict] = field(default_factory=list)
    content: float = 0.5
    coverage: float = 0.5


def analysis(question: AskedQuestion, covered: set[int], content: float = 0.6, answer: str = STORY) -> Analysis:
    sentences = [s.strip() + "." for s in answer.split(".") if s.strip()]
    verdicts = [
        Verdict(p, i in covered, 0.8 if i in covered else 0.2, sentences[i % len(sentences)] if i in covered else None)
        for i, p in enumerate(question.key_points)
    ]
    return Analysis(verdicts, content, sum(v.confidence for v in verdicts) / len(verdicts))


# --- decisions ----------------------------------------------------------------------------------------------


def test_an_excellent_answer_gets_no_follow_up():
    plan = plan_follow_up(CONFLICT, STORY, analysis(CONFLICT, {0, 1, 2, 3}))
    assert (plan.kind, plan.prompt, plan.key_points, plan.reason) == ("none", "", (), "excellent")


def test_an_excellent_answer_may_go_deeper_but_never_says_something_was_missing(monkeypatch):
    monkeypatch.setattr(fu, "DEEPER_AFTER_EXCELLENT", True)
    plan = plan_follow_up(CONFLICT, STORY, analysis(CONFLICT, {0, 1, 2, 3}))
    assert plan.kind == "deeper" and plan.prompt.startswith("You mentioned")
    assert not fu.sounds_like_missing(plan.prompt)
    assert grounding_problems(plan.prompt, CONFLICT.prompt, STORY) == []
    assert len(plan.key_points) == 1 and plan.key_points[0] in CONFLICT.key_points


def test_an_answer_with_an_open_key_point_gets_one_probe_about_it():
    plan = plan_follow_up(CONFLICT, STORY, analysis(CONFLICT, {0, 2, 3}))
    assert plan.kind == "probe" and plan.reason == "open_point"
    assert plan.key_points == (CONFLICT.key_points[1],)
    assert grounding_problems(plan.prompt, CONFLICT.prompt, STORY) == []


def test_a_curated_follow_up_that_fits_the_open_point_is_preferred():
    plan = plan_follow_up(CONFLICT, STORY, analysis(CONFLICT, {0, 2, 3}))
    # "escalated" is the open point's word; the Dana one names someone the candidate did not mention.
    assert plan.source == "curated"
    assert plan.prompt == "At what point would you have escalated it, and how would you have gone about it?"


def test_a_curated_follow_up_naming_someone_is_asked_only_when_the_candidate_named_them():
    dana = AskedQuestion(
        CONFLICT.prompt,
        "behavioural",
        CONFLICT.key_points,
        ("What would you have done if Dana had refused to agree a working arrangement?",),
    )
    told = STORY.replace("Priya", "Dana")
    assert plan_follow_up(dana, told, analysis(dana, {0, 1, 3}, answer=told)).source == "curated"
    assert plan_follow_up(dana, STORY, analysis(dana, {0, 1, 3})).source == "template"


def test_without_a_fitting_curated_follow_up_a_template_probe_is_asked():
    bare = AskedQuestion(CONFLICT.prompt, "behavioural", CONFLICT.key_points, ())
    plan = plan_follow_up(bare, STORY, analysis(bare, {0, 1, 2}))
    assert plan.source == "template" and plan.key_points == (CONFLICT.key_points[3],)
    assert plan.prompt == "What was the outcome, and how did you know?"


def test_the_most_important_open_point_comes_first():
    bare = AskedQuestion(CONFLICT.prompt, "behavioural", CONFLICT.key_points, ())
    plan = plan_follow_up(bare, STORY, analysis(bare, {2}))
    assert plan.kind == "probe" and plan.key_points == (CONFLICT.key_points[0],)


def test_a_vague_answer_that_touches_every_point_is_asked_to_go_deeper():
    short = "I talked to her privately, we agreed a cut-off and checked it held. Late orders fell and we get on."
    plan = plan_follow_up(CONFLICT, short, analysis(CONFLICT, {0, 1, 2, 3}, answer=short))
    assert plan.kind == "deeper" and plan.reason == "vague"
    assert not fu.sounds_like_missing(plan.prompt)
    assert grounding_problems(plan.prompt, CONFLICT.prompt, short) == []


def test_an_off_topic_answer_gets_a_redirect_with_all_key_points():
    recipe = "Mix flour and water, rest it, add salt, fold four times and bake in a hot oven until the crust is dark."
    plan = plan_follow_up(CONFLICT, recipe, analysis(CONFLICT, set(), content=0.1, answer=recipe))
    assert plan.kind == "redirect" and plan.reason == "off_topic"
    assert plan.prompt == "Let's come back to the question: " + CONFLICT.prompt
    assert plan.key_points == CONFLICT.key_points


def test_an_empty_or_tiny_answer_is_redirected():
    assert plan_follow_up(CONFLICT, "No idea", analysis(CONFLICT, set(), content=0.6)).kind == "redirect"


def test_an_on_topic_answer_covering_nothing_gets_a_probe_not_a_redirect():
    plan = plan_follow_up(CONFLICT, STORY, analysis(CONFLICT, set(), content=fu.OFF_TOPIC_CONTENT + 0.05))
    assert plan.kind == "probe"


def test_a_long_question_is_shortened_in_the_redirect():
    long = AskedQuestion(
        "Our orders table in Postgres has about thirty million rows and grows every day. " * 3
        + "The query that lists a customer's open orders is slow. How would you speed it up?",
        "technical",
        ("Composite index",),
    )
    prompt = fu.redirect_prompt(long.prompt)
    assert prompt.startswith(REDIRECT_LEAD) and prompt.endswith("How would you speed it up?")
    assert len(prompt) <= len(REDIRECT_LEAD) + fu.REDIRECT_MAX_CHARS
    assert grounding_problems(prompt, long.prompt, "") == []


@pytest.mark.parametrize(
    ("question_type", "point", "expected"),
    [
        ("behavioural", "Gives a measurable result", "outcome"),
        ("behavioural", "Reflects on what they would do differently", "differently"),
        ("technical", "Names the trade-off between consistency and latency", "trade-offs"),
        ("system_design", "Retries with idempotency keys after a failure", "go wrong"),
        ("technical", "Something unusual", "step by step"),
    ],
)
def test_template_probes_steer_toward_the_point_without_naming_it(question_type, point, expected):
    prompt = fu.template_probe(question_type, point)
    assert expected in prompt and prompt.endswith("?")
    assert grounding_problems(prompt, "Any question", "") == []


@pytest.mark.parametrize(
    ("question_type", "point", "expected"),
    [
        ("behavioural", "수치로 보여 주는 결과", "결과는 어땠고"),
        ("behavioural", "그 경험에서 배운 점", "다르게"),
        ("technical", "낙관적 잠금과 비관적 잠금의 트레이드오프", "트레이드오프"),
        ("system_design", "외부 업체 장애 대비", "잘못될 수"),
        ("technical", "특별한 점", "단계별로"),
    ],
)
def test_korean_points_get_korean_probes(question_type, point, expected):
    prompt = fu.template_probe(question_type, point)
    assert expected in prompt and prompt.endswith("?")
    assert grounding_problems(prompt, "아무 질문", "") == []


def test_a_korean_question_is_redirected_and_deepened_in_korean():
    question = AskedQuestion(
        "동료와 의견이 크게 부딪혔던 경험이 있으신가요? 어떻게 해결하셨는지 말씀해 주세요.",
        "behavioural",
        ("의견이 갈린 상황과 서로의 입장", "결과와 관계의 변화"),
    )
    assert fu.redirect_prompt(question.prompt).startswith(t("followup.redirect", "ko", question=""))
    plan = fu._deeper(question, "제가 먼저 동료와 따로 이야기했습니다.", [], "vague")
    assert fu.is_korean(plan.prompt) and plan.prompt.endswith("?")


def test_missing_style_wording_is_recognised():
    assert fu.sounds_like_missing("You didn't mention the result. What was it?")
    assert fu.sounds_like_missing("What was missing from your plan?")
    assert not fu.sounds_like_missing("What was the outcome, and how did you know?")


def test_relevant_reference_keeps_only_sentences_about_the_points():
    model = "We added an index on customer and status. The query then took 4 ms. Lunch was good."
    assert fu.relevant_reference(model, ["An index on customer and status"]) == (
        "We added an index on customer and status."
    )
    assert fu.relevant_reference(model, ["Something else entirely"]) == ""
    assert fu.relevant_reference(model, []) == ""


# --- grounding ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("follow_up", "question", "answer", "problems"),
    [
        ("What would you have done if Dana had refused?", CONFLICT.prompt, STORY, ["name: Dana"]),
        ("What would you have done if Priya had refused?", CONFLICT.prompt, STORY, []),
        ("What would you have done if priya had refused?", CONFLICT.prompt, STORY.upper(), []),
        ("What if the CFO had refused to narrow the scope?", "Describe a vague goal.", "", ["role: CFO"]),
        ("What if the CFO had refused?", "Describe a vague goal.", "The chief financial officer asked me.", []),
        ("What if the CTO had refused?", "Describe a vague goal.", "Our chief technology officer asked me.", []),
        ("How did your manager react?", "Tell me about a mistake.", "", ["role: manager"]),
        ("How did your manager react?", "Tell me about a time your manager disagreed.", "", []),
        ("How did the team lead take it?", "Tell me about a mistake.", "", ["role: team lead"]),
        ("How did you decide the 30 percent target?", "q", "We aimed high.", ["number: 30", "number: percent"]),
        ("Why was 30% enough?", "q", "We aimed for 30% fewer tickets.", []),
        ("Why 2,000 seats?", "q", "We had 2000 seats.", []),
        ('You said "we shipped it in three releases". Why?', "q", "We shipped it in three releases.", []),
        (
            'You said "we shipped it in two weeks". Why?',
            "q",
            "We shipped it in three releases.",
            ["quote: we shipped it in two weeks"],
        ),
        ("How did Acme Corp react?", "q", "A customer complained.", ["name: Acme", "name: Corp"]),
        ("Which decision would you make differently now?", "Tell me about a feature you owned.", "", []),
        ("Rotating the password needs downtime. Finance wants it now. What do you do?", "q", "", []),
        ("Suppose it fails. Would you retry?", "q", "", []),
        ("How would you check the SQL and the API?", "q", "", []),
        ("Would you use Kafka here?", "Design a queue.", "", ["name: Kafka"]),
        ("Would you use Kafka here?", "Design a queue.", "I would put kafka in front.", []),
        ("How did the board react?", "Prepare the quarterly board pack.", "", []),
        ("What would you do on Monday?", "q", "", ["name: Monday"]),
        ("Let's come back to the question: Tell me about a time you led.", "Tell me about a time you led.", "", []),
        ("Who was the head of sales?", "q", "", ["role: head", "role: head of"]),
        ("Would you use your head?", "q", "", []),
        ("What would you do? I'd like to know.", "q", "", []),
    ],
)
def test_grounding_problems(follow_up, question, answer, problems):
    assert grounding_problems(follow_up, question, answer) == problems


def test_every_curated_follow_up_in_the_bank_is_grounded_in_its_own_question():
    from interview_app.services.bank.files import load_bank

    specs, problems = load_bank()
    assert not problems
    flagged = {
        (spec.id, text): found
        for spec in specs
        for text in spec.follow_ups
        if (found := grounding_problems(text, spec.prompt, ""))
    }
    assert flagged == {}


# --- the question's score with its follow-up --------------------------------------------------------------


@pytest.mark.parametrize(
    ("main", "follow_up", "share", "expected"),
    [
        (40, None, 0.25, 40),
        (40, 80, 0.25, 50),
        (40, 20, 0.25, 40),
        (30, 70, 1.0, 70),
        (70, 30, 1.0, 70),
        (40, 80, 0.0, 40),
        (40, 80, 3.0, 80),
    ],
)
def test_a_follow_up_raises_the_question_score_by_its_share_and_never_lowers_it(main, follow_up, share, expected):
    assert fu.combined_score(main, follow_up, share) == pytest.approx(expected)


def test_follow_up_share_counts_only_the_questions_own_points():
    assert fu.follow_up_share(["a"], ["a", "b", "c", "d"]) == 0.25
    assert fu.follow_up_share(["a", "b", "c", "d"], ["a", "b", "c", "d"]) == 1.0
    assert fu.follow_up_share(["z"], ["a", "b"]) == 0.0
    assert fu.follow_up_share([], []) == 0.0
