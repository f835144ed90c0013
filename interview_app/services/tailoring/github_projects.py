"""What a GitHub profile says about a candidate: notable projects, README digests, skills, questions about them.

Pure functions over the API's JSON (no network, no database): `github.py` fetches, this module reads.
README digests strip Markdown and HTML, take the first real paragraph as the summary and the bullet points
under headings such as "Features" or "Architecture" as the points a candidate should be able to explain.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from interview_app.i18n import t
from interview_app.services.tailoring import skills
from interview_app.services.tailoring.preferences import skill_key

SUMMARY_MAX = 300
POINT_MAX = 120
MAX_POINTS = 4
TOP_LANGUAGES = 8
# Languages GitHub reports that are build or markup files, not skills (Dockerfile and HCL become technologies).
NOT_SKILLS = {"makefile", "procfile", "batchfile", "cmake", "dockerfile", "hcl", "nix", "roff", "text"}
LANGUAGE_TECH = {"dockerfile": "Docker", "hcl": "Terraform", "jupyter notebook": "Jupyter"}
_POINT_HEADINGS = re.compile(
    r"feature|architecture|design|how it works|highlight|overview|what it does|stack|components|under the hood",
    re.IGNORECASE,
)
_EVENT_KINDS = {
    "PushEvent": "pushes",
    "PullRequestEvent": "pull_requests",
    "PullRequestReviewEvent": "reviews",
    "IssuesEvent": "issues",
    "IssueCommentEvent": "comments",
    "CreateEvent": "created",
    "ReleaseEvent": "releases",
}


def _parse_time(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _score(repo: dict[str, Any], now: datetime) -> float:
    pushed = _parse_time(repo.get("pushed_at"))
    age_days = (now - pushed).days if pushed else 3650
    recency = max(0.0, 1.0 - age_days / 730)
    stars = int(repo.get("stargazers_count") or 0)
    forks = int(repo.get("forks_count") or 0)
    described = 0.5 if repo.get("description") else 0.0
    return (
        2.0 * math.log1p(stars) + math.log1p(forks) + 2.0 * recency + described - (1.0 if repo.get("archived") else 0)
    )


def notable(repos: Sequence[dict[str, Any]], count: int, now: datetime) -> list[dict[str, Any]]:
    """The candidate's own (not forked, not empty) repositories worth asking about, best first."""
    own = [r for r in repos if not r.get("fork") and int(r.get("size") or 0) > 0]
    return sorted(own, key=lambda r: (-_score(r, now), str(r.get("name", ""))))[:count]


def _plain(markdown: str) -> list[str]:
    """README lines with code, HTML, images, badges and link targets removed."""
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.DOTALL)
    text = re.sub(r"^(```|~~~).*?^\1[^\n]*$", " ", text, flags=re.DOTALL | re.MULTILINE)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    return [line.rstrip() for line in text.splitlines()]


def _sentences_upto(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > 40 else cut.rsplit(" ", 1)[0] + "…"


def readme_digest(markdown: str) -> tuple[str, list[str]]:
    """(summary, points) of a README: its first real paragraph and up to four feature/design bullets."""
    lines = _plain(markdown or "")
    paragraphs: list[str] = []
    bullets: list[tuple[bool, str]] = []
    current: list[str] = []
    under_points = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        next_line = lines[index + 1].strip() if index + 1 < len(lines) else ""
        heading = stripped.startswith("#") or (stripped and re.fullmatch(r"[=-]{3,}", next_line) is not None)
        if heading or not stripped or re.fullmatch(r"[=-]{3,}", stripped):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            if heading:
                under_points = bool(_POINT_HEADINGS.search(stripped))
            continue
        bullet = re.match(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$", line)
        if bullet:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            item = bullet.group(1).strip().rstrip(".;:")
            if len(item.split()) >= 3:
                bullets.append((under_points, _sentences_upto(item, POINT_MAX)))
            continue
        if stripped.startswith(("|", ">")):
            continue
        current.append(stripped)
    if current:
        paragraphs.append(" ".join(current))
    prose = [p for p in paragraphs if len(p) >= 40 and len(p.split()) >= 6]
    summary = _sentences_upto(prose[0], SUMMARY_MAX) if prose else ""
    chosen = [b for under, b in bullets if under] or [b for _, b in bullets]
    return summary, list(dict.fromkeys(chosen))[:MAX_POINTS]


def detect_technologies(text: str) -> list[str]:
    """Skills of the shared vocabulary (`tailoring.skills`) a description or README names, first mention first."""
    return skills.find_skills(text or "")[:12]


def _languages(details: dict[str, dict[str, Any]], repos: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    totals: Counter[str] = Counter()
    for info in details.values():
        for name, size in (info.get("languages") or {}).items():
            if isinstance(size, int) and size > 0:
                totals[str(name)] += size
    if not totals:  # no notable repository: count each repository's main language once
        totals.update(str(r["language"]) for r in repos if r.get("language") and not r.get("fork"))
    whole = sum(totals.values()) or 1
    return [
        {"name": name, "bytes": size, "share": round(size / whole, 3)}
        for name, size in totals.most_common(TOP_LANGUAGES)
    ]


def _activity(events: Sequence[dict[str, Any]], now: datetime, days: int) -> dict[str, Any]:
    since = now - timedelta(days=days)
    counts: Counter[str] = Counter()
    repos: Counter[str] = Counter()
    last: datetime | None = None
    for event in events:
        when = _parse_time(event.get("created_at"))
        if when is None or when < since:
            continue
        last = max(last, when) if last else when
        kind = _EVENT_KINDS.get(str(event.get("type")), "other")
        if kind == "pushes":
            payload = event.get("payload") or {}
            counts["commits"] += int(payload.get("size") or len(payload.get("commits") or []) or 1)
        counts[kind] += 1
        name = (event.get("repo") or {}).get("name")
        if name:
            repos[str(name)] += 1
    return {
        "days": days,
        "events": sum(v for k, v in counts.items() if k != "commits"),
        **{kind: counts[kind] for kind in (*_EVENT_KINDS.values(), "commits")},
        "active_repos": [name for name, _ in repos.most_common(5)],
        "last_active": last.isoformat() if last else "",
    }


def web_url(value: Any) -> str:
    """A link GitHub gave, kept only if it is an http(s) address (pages show it as a link)."""
    text = str(value or "")
    return text if text.startswith(("https://", "http://")) and len(text) <= 500 else ""


def _repo_entry(repo: dict[str, Any], info: dict[str, Any]) -> dict[str, Any]:
    summary, points = readme_digest(info.get("readme", ""))
    langs = sorted((info.get("languages") or {}).items(), key=lambda kv: -int(kv[1] or 0))
    text = " ".join([str(repo.get("description") or ""), info.get("readme", "")[:20000], *repo.get("topics", [])])
    return {
        "name": str(repo.get("name", "")),
        "full_name": str(repo.get("full_name", "")),
        "html_url": web_url(repo.get("html_url")),
        "description": str(repo.get("description") or "")[:300],
        "language": str(repo.get("language") or ""),
        "languages": [str(name) for name, _ in langs[:5]],
        "topics": [str(t) for t in (repo.get("topics") or [])][:10],
        "technologies": detect_technologies(text),
        "stars": int(repo.get("stargazers_count") or 0),
        "forks": int(repo.get("forks_count") or 0),
        "pushed_at": str(repo.get("pushed_at") or ""),
        "readme_summary": summary,
        "readme_points": points,
    }


def summarise(
    user: dict[str, Any],
    repos: Sequence[dict[str, Any]],
    details: dict[str, dict[str, Any]],
    events: Sequence[dict[str, Any]],
    now: datetime,
    days: int,
) -> dict[str, Any]:
    """The stored summary of a profile: account, languages, topics, notable repositories, activity, skills."""
    by_name = {str(r.get("full_name")): r for r in repos}
    projects = [_repo_entry(by_name.get(full, {"full_name": full}), info) for full, info in details.items()]
    topics = Counter(str(t) for r in repos if not r.get("fork") for t in (r.get("topics") or []))
    summary: dict[str, Any] = {
        "login": str(user.get("login", "")),
        "id": user.get("id") if isinstance(user.get("id"), int) else None,
        "name": str(user.get("name") or ""),
        "bio": str(user.get("bio") or "")[:300],
        "html_url": web_url(user.get("html_url")),
        "public_repos": int(user.get("public_repos") or 0),
        "followers": int(user.get("followers") or 0),
        "repo_count": len(repos),
        "own_repo_count": sum(1 for r in repos if not r.get("fork")),
        "languages": _languages(details, repos),
        "topics": [{"name": name, "count": n} for name, n in topics.most_common(12)],
        "repos": projects,
        "activity": _activity(events, now, days),
    }
    summary["skills"] = derived_skills(summary)
    return summary


def derived_skills(summary: dict[str, Any]) -> list[str]:
    """Skills a profile shows: main languages (3 % of the code or more), technologies and topics, deduplicated."""
    found: list[str] = []
    for lang in summary.get("languages", []):
        name = str(lang.get("name", ""))
        if name.lower() in LANGUAGE_TECH:
            found.append(LANGUAGE_TECH[name.lower()])
        elif name.lower() not in NOT_SKILLS and float(lang.get("share", 0)) >= 0.03:
            found.append(name)
    tech = Counter(t for repo in summary.get("repos", []) for t in repo.get("technologies", []))
    found.extend(name for name, _ in tech.most_common())
    found.extend(str(t["name"]) for t in summary.get("topics", []) if int(t.get("count", 0)) >= 2)
    unique: dict[str, str] = {}
    for skill in found:
        unique.setdefault(skill_key(skill), skill)
    return list(unique.values())[:20]


@dataclass(frozen=True)
class ProjectQuestion:
    """A question about one of the candidate's repositories, with key points from its README."""

    prompt: str
    key_points: list[str]
    repo: str
    repo_url: str
    quote: str
    competencies: tuple[str, ...]
    follow_ups: tuple[str, ...] = ()
    type: str = "technical"
    difficulty: str = "medium"
    source: str = "github"

    language: str = "en"

    @property
    def model_answer(self) -> str:
        """An outline of a strong answer: the key points in order, then what the README says of the project."""
        points = " ".join(f"{i}. {kp}." for i, kp in enumerate(self.key_points, 1))
        return t("draft.repo.model", self.language, repo=self.repo, points=points, readme=self.quote)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _stack(repo: dict[str, Any], lang: str = "en") -> str:
    names = list(dict.fromkeys([*repo.get("languages", [])[:2], *repo.get("technologies", [])[:2]]))
    if len(names) > 1:
        return t("draft.repo.stack_list", lang, items=", ".join(names[:-1]), last=names[-1])
    return names[0] if names else ""


def _requirement_point(repo: dict[str, Any], requirements: Sequence[str], lang: str = "en") -> list[str]:
    stack = {skill_key(s) for s in [*repo.get("languages", []), *repo.get("technologies", []), *repo.get("topics", [])]}
    for requirement in requirements:
        if skill_key(requirement) in stack or any(k in skill_key(requirement).split() for k in stack if len(k) > 2):
            return [t("draft.repo.point.requirement", lang, requirement=requirement)]
    return []


@dataclass(frozen=True)
class _Template:
    prompt: str  # catalogue keys (draft.repo.*)
    asks: tuple[str, ...]
    competencies: tuple[str, ...]
    follow_ups: tuple[str, ...]


# {name}: the repository; {feature}: its first README point (or "its overall design"); {stack}: its languages
# and technologies; {focus}: the README point a key point is about.
TEMPLATES: tuple[_Template, ...] = (
    _Template(
        "draft.repo.design",
        ("draft.repo.design.justify", "draft.repo.design.change"),
        ("system-design", "technical-depth"),
        ("draft.repo.design.follow_break", "draft.repo.design.follow_first"),
    ),
    _Template(
        "draft.repo.stack",
        ("draft.repo.stack.reasons", "draft.repo.stack.alternative", "draft.repo.stack.limit"),
        ("technical-depth", "decision-making"),
        ("draft.repo.stack.follow_switch", "draft.repo.stack.follow_testing"),
    ),
    _Template(
        "draft.repo.hardest",
        ("draft.repo.hardest.symptom", "draft.repo.hardest.fix", "draft.repo.hardest.prevent"),
        ("debugging", "ownership"),
        ("draft.repo.hardest.follow_time", "draft.repo.hardest.follow_help"),
    ),
    _Template(
        "draft.repo.tested",
        ("draft.repo.tested.tests", "draft.repo.tested.bottleneck", "draft.repo.tested.cost"),
        ("testing-quality", "system-design"),
        ("draft.repo.tested.follow_confidence", "draft.repo.tested.follow_measure"),
    ),
)


def project_questions(
    summary: dict[str, Any], requirements: Sequence[str] = (), limit: int = 4, lang: str = "en"
) -> list[ProjectQuestion]:
    """Questions about the notable repositories that have a README summary, one template each in turn.

    Key points come from the README (what the project does, its feature or design points), its stack,
    and a requirement of the job it matches, plus what each kind of question asks for; all written in `lang`,
    the interview's language (the README's own words are quoted as they are).
    """
    questions: list[ProjectQuestion] = []
    usable = [r for r in summary.get("repos", []) if r.get("readme_summary")]
    for index, repo in enumerate(usable[:limit]):
        template = TEMPLATES[index % len(TEMPLATES)]
        points = repo.get("readme_points") or []
        first = _lower_first(points[0]) if points and lang == "en" else (points[0] if points else "")
        if first and lang != "en":
            first = f"\u201c{first}\u201d"  # the README's own words, quoted inside a sentence of another language
        values = {
            "name": repo["name"],
            "feature": first or t("draft.repo.feature_default", lang),
            "focus": first or t("draft.repo.focus_default", lang),
            "stack": _stack(repo, lang) or t("draft.repo.stack_default", lang),
        }
        summary_text = _sentences_upto(repo["readme_summary"], 110)
        key_points = [t("draft.repo.point.does", lang, name=repo["name"], summary=summary_text)]
        if index % len(TEMPLATES) == 0:
            key_points += [t("draft.repo.point.handles", lang, point=p) for p in points[:2]]
        key_points += [_fill(ask, lang, values) for ask in template.asks]
        key_points += _requirement_point(repo, requirements, lang)
        questions.append(
            ProjectQuestion(
                prompt=_fill(template.prompt, lang, values)[:600],
                key_points=list(dict.fromkeys(key_points))[:6],
                repo=repo["name"],
                repo_url=repo.get("html_url", ""),
                quote=repo["readme_summary"],
                competencies=template.competencies,
                follow_ups=tuple(t(key, lang) for key in template.follow_ups),
                difficulty="hard" if repo.get("stars", 0) >= 50 else "medium",
                language=lang,
            )
        )
    return questions


def _fill(key: str, lang: str, values: dict[str, str]) -> str:
    """A template key's text with the values it names."""
    return t(key, lang, **values)


def evidence(summary: dict[str, Any]) -> list[dict[str, str]]:
    """Evidence items for the fit matrix and tailored selection: (source, text, quote) per skill and project."""
    items: list[dict[str, str]] = []
    repos = summary.get("repos", [])
    for skill in summary.get("skills", []):
        key = skill_key(skill)
        where = [
            r["name"]
            for r in repos
            if key
            in {skill_key(s) for s in [*r.get("languages", []), *r.get("technologies", []), *r.get("topics", [])]}
        ]
        quote = f"used in {', '.join(where[:3])}" if where else "in the languages of the public repositories"
        items.append({"source": "github", "text": skill, "quote": quote})
    for repo in repos:
        text = repo.get("description") or repo.get("readme_summary") or ""
        if text:
            items.append(
                {"source": "github", "text": f"{repo['name']}: {text}", "quote": repo.get("readme_summary") or text}
            )
    return items
