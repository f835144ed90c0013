"""Company tracks: how well-known companies, a generic startup and an enterprise interview; which questions suit.

The rules and data only (the bank's checks read them); `companies.py` turns them into evidence and pages.

Tracks live in `interview_app/data/companies/<slug>.json` (schema `CompanyTrack`): a summary of the process,
the rounds (each an interview stage of `STAGES`), what is valued, tips, the bank competencies the company
weighs and the skills or topics it often asks about. The guidance is our own summary of public facts.

Which questions suit a track (docs/tailoring.md, "Company tracks"):
- a question suits a stage when its type is one the stage asks (`STAGE_TYPES`);
- it suits a company when it suits one of the company's stages and shares a valued competency or mentions
  one of the company's topics; the fit grows with both (`question_fit`, 0-1);
- an explicit tag `company:<slug>` in the bank file pins a question to a company (fit 1), and `stage:<stage>`
  to a stage; `tag_problems` rejects unknown companies and stages, and stages the question's type cannot suit.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from interview_app.i18n import keys, t
from interview_app.services.shared.data_files import read_json_files, validate
from interview_app.services.tailoring import skills

TRACKS_DIR = Path(__file__).resolve().parents[2] / "data" / "companies"
Stage = Literal[
    "recruiter_screen",
    "technical_screen",
    "take_home",
    "coding",
    "system_design",
    "behavioural",
    "values",
    "hiring_manager",
    "team_matching",
]
# The interview stages a track's rounds name, in order (their names: `track.stage.*` via keys.TRACK_STAGE).
STAGES: tuple[str, ...] = get_args(Stage)
STAGE_TYPES: dict[str, tuple[str, ...]] = {
    "recruiter_screen": ("behavioural",),
    "technical_screen": ("technical",),
    "take_home": ("technical", "system_design"),
    "coding": ("technical",),
    "system_design": ("system_design",),
    "behavioural": ("behavioural", "situational"),
    "values": ("behavioural", "situational"),
    "hiring_manager": ("behavioural", "situational"),
    "team_matching": ("behavioural",),
}
COMPANY_TAG, STAGE_TAG = "company:", "stage:"
FIT_MIN = 0.5


class Round(BaseModel):
    """One round of a company's process."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    stage: Stage
    name: str = Field(min_length=3, max_length=80)
    description: str = Field(min_length=10, max_length=300)


class CompanyTrack(BaseModel):
    """How one company (or a kind of company) interviews."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    slug: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40)
    name: str = Field(min_length=2, max_length=60)
    kind: Literal["company", "generic"]
    aliases: list[str] = Field(default_factory=list, max_length=10)
    summary: str = Field(min_length=40, max_length=500)
    rounds: list[Round] = Field(min_length=2, max_length=8)
    values: list[str] = Field(min_length=3, max_length=8)
    tips: list[str] = Field(min_length=2, max_length=6)
    competencies: list[str] = Field(min_length=2, max_length=8)
    topics: list[str] = Field(default_factory=list, max_length=10)

    @field_validator("aliases", "values", "tips", "topics", "competencies")
    @classmethod
    def _no_blank_or_repeated(cls, value: list[str]) -> list[str]:
        cleaned = [v.strip() for v in value]
        if any(not v for v in cleaned) or len({v.lower() for v in cleaned}) != len(cleaned):
            raise ValueError("items must not be blank or repeat")
        return cleaned

    @property
    def stages(self) -> list[str]:
        """The stages of its rounds, in order, once each."""
        return list(dict.fromkeys(r.stage for r in self.rounds))


class BankQuestion(Protocol):
    """What fit rules read of a question (a bank row or a file's spec)."""

    @property
    def type(self) -> str: ...  # noqa: D102 - the question's type

    @property
    def competencies(self) -> list[str]: ...  # noqa: D102 - its competencies

    @property
    def tags(self) -> list[str]: ...  # noqa: D102 - its tags

    @property
    def prompt(self) -> str: ...  # noqa: D102 - its prompt


def load_tracks(directory: Path = TRACKS_DIR) -> tuple[list[CompanyTrack], list[str]]:
    """Every track file, validated; returns the valid tracks and the problems (one a line)."""
    problems: list[str] = []
    tracks: list[CompanyTrack] = []
    for path, data in read_json_files(directory, problems):
        track = validate(CompanyTrack, data, path.name, problems)
        if track is None:
            continue
        if track.slug != path.stem:
            problems.append(f"{path.name}: slug {track.slug!r} differs from the file name")
        tracks.append(track)
    seen: dict[str, str] = {}
    for track in tracks:
        for name in (track.slug, track.name.lower(), *(a.lower() for a in track.aliases)):
            if seen.setdefault(name, track.slug) != track.slug:
                problems.append(f"{track.slug}.json: {name!r} also names {seen[name]}")
    return tracks, problems


@functools.cache
def all_tracks() -> tuple[CompanyTrack, ...]:
    """The valid tracks, companies first then the generic ones, by name (read once per process)."""
    tracks, _ = load_tracks()
    return tuple(sorted(tracks, key=lambda t: (t.kind != "company", t.name.lower())))


def track(slug: str) -> CompanyTrack | None:
    """The track called `slug`, if any."""
    return next((t for t in all_tracks() if t.slug == slug), None)


def _key(name: str) -> str:
    return " ".join(name.lower().replace(",", " ").split()).removesuffix(" inc").removesuffix(" ltd")


def match_track(name: str) -> CompanyTrack | None:
    """The track a company name (as a candidate types it) refers to: slug, name or alias, any case."""
    wanted = _key(name)
    if not wanted:
        return None
    for candidate in all_tracks():
        names = {candidate.slug, _key(candidate.name), *(_key(a) for a in candidate.aliases)}
        if wanted in names:
            return candidate
    return None


def tracks_for(names: Iterable[str]) -> list[CompanyTrack]:
    """The tracks of the candidate's target companies (unknown names skipped), once each, in their order."""
    found: dict[str, CompanyTrack] = {}
    for name in names:
        hit = match_track(name)
        if hit is not None:
            found.setdefault(hit.slug, hit)
    return list(found.values())


def explicit_tags(tags: Sequence[str]) -> tuple[set[str], set[str]]:
    """The companies and stages a question's `company:` and `stage:` tags name."""
    companies = {t[len(COMPANY_TAG) :].strip() for t in tags if t.lower().startswith(COMPANY_TAG)}
    stages = {t[len(STAGE_TAG) :].strip() for t in tags if t.lower().startswith(STAGE_TAG)}
    return companies, stages


def question_stages(question: BankQuestion) -> list[str]:
    """The interview stages a question suits: its `stage:` tags, else every stage asking its type."""
    _, pinned = explicit_tags(question.tags)
    if pinned:
        return [s for s in STAGES if s in pinned]
    return [stage for stage, types in STAGE_TYPES.items() if question.type in types]


@functools.lru_cache(maxsize=8192)
def _skills_in(text: str) -> frozenset[str]:
    return frozenset(skills.find_skills(text))


@functools.lru_cache(maxsize=4096)
def canonical(skill: str) -> str:
    """`skills.canonical`, kept once found (the same few names are looked up for every question)."""
    return skills.canonical(skill)


def mentions(text: str, skill: str) -> bool:
    """True when `text` mentions `skill` (as `skills.mentions`, with the text's skills found once and kept)."""
    name = canonical(skill)
    if skills.family_of(name):
        return name in _skills_in(text)
    return skills.mentions(text, skill)


def question_text(question: BankQuestion) -> str:
    """The text skills and topics are looked for in: the prompt and the tags."""
    return " ".join([question.prompt, *question.tags])


def _topic_hits(question: BankQuestion, topics: Sequence[str]) -> int:
    text = question_text(question)
    return sum(1 for topic in topics if mentions(text, topic))


def question_fit(question: BankQuestion, company: CompanyTrack) -> float:
    """How well a question suits a company's interviews, 0-1 (rules in the module docstring)."""
    companies, _ = explicit_tags(question.tags)
    if company.slug in companies:
        return 1.0
    if not set(question_stages(question)) & set(company.stages):
        return 0.0
    shared = len(set(question.competencies) & set(company.competencies))
    topics = _topic_hits(question, company.topics)
    if not shared and not topics:
        return 0.0
    return round(0.2 + 0.4 * min(1.0, shared / 2) + 0.4 * min(1.0, float(topics)), 3)


def question_companies(question: BankQuestion, tracks: Sequence[CompanyTrack] | None = None) -> list[str]:
    """Slugs of the tracks a question suits well (fit at least `FIT_MIN`)."""
    return [t.slug for t in (tracks if tracks is not None else all_tracks()) if question_fit(question, t) >= FIT_MIN]


def tag_problems(question_type: str, tags: Sequence[str], tracks: Sequence[CompanyTrack] | None = None) -> list[str]:
    """What is wrong with a question's `company:` and `stage:` tags (unknown names, a stage its type cannot suit)."""
    known = {t.slug for t in (tracks if tracks is not None else all_tracks())}
    companies, stages = explicit_tags(tags)
    problems = [f"unknown company track {c!r} in tag {COMPANY_TAG}{c}" for c in sorted(companies - known)]
    for stage in sorted(stages):
        if stage not in STAGES:
            problems.append(f"unknown interview stage {stage!r} in tag {STAGE_TAG}{stage}; use one of {sorted(STAGES)}")
        elif question_type not in STAGE_TYPES[stage]:
            problems.append(f"a {question_type} question does not suit the stage {stage!r}")
    return problems


def coverage_problems(
    questions: Sequence[BankQuestion], tracks: Sequence[CompanyTrack], competencies: Iterable[str]
) -> list[str]:
    """Cross-checks of the tracks against the bank: known competencies, and questions for every stage asked.

    A stage that only a recruiter or team conversation covers (no questions of its own) is not checked.
    """
    known = set(competencies)
    problems: list[str] = []
    for company in tracks:
        unknown = [c for c in company.competencies if c not in known]
        if unknown:
            problems.append(f"{company.slug}.json: unknown competencies {unknown}")
        suited = [q for q in questions if question_fit(q, company) > 0]
        for stage in company.stages:
            if stage in ("recruiter_screen", "team_matching"):
                continue
            if not any(q.type in STAGE_TYPES[stage] for q in suited):
                problems.append(f"{company.slug}.json: no bank question suits its {stage} round")
    return problems


def guidance(company: CompanyTrack, lang: str = "en") -> dict[str, Any]:
    """A track as plain data for pages: rounds with their stage names in `lang`."""
    data = company.model_dump()
    data["rounds"] = [{**r.model_dump(), "stage_name": t(keys.TRACK_STAGE[r.stage], lang)} for r in company.rounds]
    return data
