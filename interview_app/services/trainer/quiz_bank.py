"""The daily trainer's curated content: topics and quiz questions, the schema of their files and their checks.

Each file in `interview_app/data/quiz/*.json` holds one topic and its questions:
`{"topic": {...}, "questions": [...]}`. Questions in another language live in a folder named by its code,
one file per topic already defined in English: `quiz/ko/<slug>.json` holds `{"topic": "<slug>", "questions":
[...]}`, ids start with `<slug>-ko-`, and every question's `language` is the folder's (written or not). Run
`python -m interview_app check-quiz` after editing them.

Question kinds:
- `single`: 3-5 options, exactly one correct;
- `multi`: 4-6 options, at least two correct and at least one wrong;
- `true_false`: the options "True" and "False" in that order, one correct;
- `short`: a free-text answer judged by the offline scorer against `answer` and `key_points`.
Every option explains itself in `why` (why it is right, or why it is wrong), and every question has an
`explanation` of the correct answer and a `source` note saying where to read more.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from interview_app.services.bank.files import DEFAULT_LANGUAGE, Language, language_folders, with_language
from interview_app.services.scoring.text import content_terms, term_coverage
from interview_app.services.shared.data_files import read_json_files, validate, validate_items

QUIZ_DIR = Path(__file__).resolve().parents[2] / "data" / "quiz"
QuizKind = Literal["single", "multi", "true_false", "short"]
Difficulty = Literal["easy", "medium", "hard"]
QUIZ_KINDS: tuple[str, ...] = ("single", "multi", "true_false", "short")
KEY_POINT_MIN_COVERAGE = 0.5
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class TopicText(BaseModel):
    """A topic's name, category and description in another language."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=2, max_length=80)
    category: str = Field(min_length=2, max_length=40)
    description: str = Field(min_length=20, max_length=300)


class TopicSpec(BaseModel):
    """A default topic as written at the top of its file, with its texts in the other languages."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    slug: str = Field(pattern=SLUG, min_length=2, max_length=60)
    name: str = Field(min_length=2, max_length=80)
    category: str = Field(min_length=2, max_length=40)
    description: str = Field(min_length=20, max_length=300)
    # {"ko": {"name": ..., "category": ..., "description": ...}}: what a candidate reading that language sees.
    translations: dict[Language, TopicText] = Field(default_factory=dict)

    @field_validator("translations")
    @classmethod
    def _not_english(cls, value: dict[str, TopicText]) -> dict[str, TopicText]:
        if DEFAULT_LANGUAGE in value:
            raise ValueError("the English texts are the topic's own name, category and description")
        return value

    def text(self, lang: str) -> TopicText:
        """The topic's texts in `lang` (English for a language it has no translation for)."""
        found = self.translations.get(lang)  # type: ignore[call-overload]
        return found or TopicText(name=self.name, category=self.category, description=self.description)


class OptionSpec(BaseModel):
    """One answer option and why it is right or wrong."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=300)
    correct: bool
    why: str = Field(min_length=10, max_length=600)


class QuizQuestionSpec(BaseModel):
    """One quiz question as written in a topic file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=SLUG, min_length=3, max_length=80)
    kind: QuizKind
    difficulty: Difficulty
    prompt: str = Field(min_length=15, max_length=800)
    options: list[OptionSpec] = Field(default_factory=list, max_length=6)
    answer: str = Field(default="", max_length=1500)
    key_points: list[str] = Field(default_factory=list, max_length=4)
    explanation: str = Field(min_length=30, max_length=1500)
    source: str = Field(min_length=5, max_length=300)
    tags: list[str] = Field(default_factory=list, max_length=6)
    language: Language = DEFAULT_LANGUAGE

    @field_validator("key_points", "tags")
    @classmethod
    def _no_blank_items(cls, value: list[str]) -> list[str]:
        cleaned = [v.strip() for v in value]
        if any(not v for v in cleaned):
            raise ValueError("items must not be blank")
        if len({v.lower() for v in cleaned}) != len(cleaned):
            raise ValueError("items must not repeat")
        return cleaned

    @model_validator(mode="after")
    def _fits_kind(self) -> QuizQuestionSpec:
        for problem in kind_problems(self):
            raise ValueError(problem)
        return self


def kind_problems(spec: QuizQuestionSpec) -> list[str]:
    """What is wrong with the options or answer for the question's kind (empty when it is well formed)."""
    if spec.kind == "short":
        problems = ["short-answer questions have no options"] if spec.options else []
        if len(spec.answer) < 20:
            problems.append("short-answer questions need a model answer of at least 20 characters")
        if not 1 <= len(spec.key_points) <= 4:
            problems.append("short-answer questions need 1-4 key points")
        return problems
    problems = ["only short-answer questions have an answer and key points"] if spec.answer or spec.key_points else []
    return problems + option_problems(spec.kind, [(o.text, o.correct) for o in spec.options])


def option_problems(kind: str, options: list[tuple[str, bool]]) -> list[str]:
    """What is wrong with a choice question's options, as (text, correct) pairs (empty when well formed)."""
    texts = [" ".join(text.lower().split()) for text, _ in options]
    correct = sum(1 for _, right in options if right)
    problems: list[str] = []
    if len(set(texts)) != len(texts):
        problems.append("options must not repeat")
    if kind == "single":
        if not 3 <= len(options) <= 5:
            problems.append("single-choice questions need 3-5 options")
        if correct != 1:
            problems.append(f"single-choice questions need exactly one correct option ({correct} marked)")
    elif kind == "multi":
        if not 4 <= len(options) <= 6:
            problems.append("multi-choice questions need 4-6 options")
        if correct < 2 or correct == len(options):
            problems.append("multi-choice questions need at least two correct and at least one wrong option")
    elif kind == "true_false":
        if [text for text, _ in options] != ["True", "False"]:
            problems.append('true/false questions have exactly the options "True" and "False", in that order')
        if correct != 1:
            problems.append("true/false questions need exactly one correct option")
    return problems


class TopicFile(BaseModel):
    """A whole topic file."""

    model_config = ConfigDict(extra="forbid")

    topic: TopicSpec
    questions: list[QuizQuestionSpec] = Field(min_length=1)
    # The language of its questions; a file in a language folder adds questions to the English topic.
    language: Language = DEFAULT_LANGUAGE


@functools.cache
def curated_topics(directory: Path = QUIZ_DIR) -> dict[str, TopicSpec]:
    """The curated topics by slug, read once from the top of their English files (what the pages name them by).

    A file that does not read is left out here (its topic keeps its stored English name); `check-quiz` and the
    bank's test report it.
    """
    found: dict[str, TopicSpec] = {}
    for path, data in read_json_files(directory, []):
        if isinstance(data, dict):
            topic = validate(TopicSpec, data.get("topic"), path.name, [])
            if topic is not None:
                found[topic.slug] = topic
    return found


def load_quiz_bank(directory: Path = QUIZ_DIR) -> tuple[list[TopicFile], list[str]]:
    """Read every topic file (every language); returns the valid files and a list of problems (empty when well)."""
    files: list[TopicFile] = []
    problems: list[str] = []
    for language, folder in language_folders(directory):
        for path, data in read_json_files(folder, problems):
            name = path.name if language == DEFAULT_LANGUAGE else f"{language}/{path.name}"
            if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
                problems.append(f'{name}: expected an object with "topic" and a "questions" list')
                continue
            if language == DEFAULT_LANGUAGE:
                topic = validate(TopicSpec, data.get("topic"), f"{name}: topic", problems)
            else:
                topic = _english_topic(files, data.get("topic"), name, problems)
            if topic is None:
                continue
            if path.stem != topic.slug:
                problems.append(f"{name}: the file name must be the topic slug ({topic.slug}.json)")
            items = with_language(data["questions"], language, name, problems)
            questions = validate_items(QuizQuestionSpec, items, name, problems)
            if questions:
                files.append(TopicFile(topic=topic, questions=questions, language=language))  # type: ignore[arg-type]
    problems.extend(check_quiz_bank(files))
    return files, problems


def _english_topic(files: list[TopicFile], slug: object, name: str, problems: list[str]) -> TopicSpec | None:
    """The English topic a language folder's file adds questions to (its "topic" is the slug)."""
    found = next((f.topic for f in files if f.language == DEFAULT_LANGUAGE and f.topic.slug == slug), None)
    if found is None:
        problems.append(f'{name}: "topic" must be the slug of a topic defined in English, not {slug!r}')
    return found


def check_quiz_bank(files: list[TopicFile]) -> list[str]:
    """Checks across files: unique topic slugs, question ids and prompts, ids prefixed by their topic (and language)."""
    problems: list[str] = []
    for slug, n in Counter(f.topic.slug for f in files if f.language == DEFAULT_LANGUAGE).items():
        if n > 1:
            problems.append(f"topic {slug} defined {n} times")
    ids = Counter(q.id for f in files for q in f.questions)
    problems.extend(f"{qid}: id used {n} times" for qid, n in ids.items() if n > 1)
    prompts = Counter(" ".join(q.prompt.lower().split()) for f in files for q in f.questions)
    problems.extend(f"prompt repeated {n} times: {p[:60]}" for p, n in prompts.items() if n > 1)
    for f in files:
        for q in f.questions:
            if not q.id.startswith(f.topic.slug + "-"):
                problems.append(f"{q.id}: ids start with the topic slug ({f.topic.slug}-)")
            elif f.language != DEFAULT_LANGUAGE and not q.id.startswith(f"{f.topic.slug}-{f.language}-"):
                problems.append(f"{q.id}: ids of {f.language} questions start with {f.topic.slug}-{f.language}-")
            problems.extend(f"{q.id}: {message}" for message in quiz_language_problems(q))
            answer_terms = set(content_terms(q.answer))
            problems.extend(
                f"{q.id}: key point not reflected in the model answer: {kp!r}"
                for kp in q.key_points
                if term_coverage(kp, answer_terms) < KEY_POINT_MIN_COVERAGE
            )
    return problems


_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def quiz_language_problems(spec: QuizQuestionSpec) -> list[str]:
    """A Korean question whose prompt or explanation has no Hangul, or an English one with Korean text."""
    text = " ".join([spec.prompt, spec.explanation, spec.answer, *(o.text + " " + o.why for o in spec.options)])
    if spec.language == DEFAULT_LANGUAGE:
        return ["an English question contains Korean text"] if _HANGUL.search(text) else []
    return [
        f"{field} is not written in Korean"
        for field, value in (("prompt", spec.prompt), ("explanation", spec.explanation))
        if not _HANGUL.search(value)
    ]
