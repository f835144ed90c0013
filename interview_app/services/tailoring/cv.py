"""Reading a CV's text: roles with their dates and highlights, skills, projects and measured results.

Pure functions over text (no database, no files: `files.read_cv` turns an upload into text first). The
structure can be written back as editable text (`roles_text`, `projects_text`) and read again from the
candidate's corrections (`parse_roles_text`, `parse_projects_text`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from interview_app.services.tailoring import skills as sk
from interview_app.services.tailoring import text as tx

MAX_ROLES = 15
MAX_HIGHLIGHTS = 8
MAX_PROJECTS = 10
MAX_METRICS = 12

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Korean CVs write "2021.03", "2021. 3.", "2021/03" and "2021년 3월", and end a current job with "현재" or "재직 중".
_KO_DATE = r"(?:19|20)\d{2}\s*년(?:\s*\d{1,2}\s*월)?|(?:19|20)\d{2}\.\s?\d{1,2}\.?|(?:19|20)\d{2}/\d{1,2}"
_DATE = rf"(?:{_MONTH}\s+\d{{4}}|\d{{1,2}}[/.]\d{{4}}|{_KO_DATE}|\d{{4}}-\d{{2}}|(?:19|20)\d{{2}})"
_END = rf"(?:{_DATE}|present|current|now|today|ongoing|현재|재직\s?중|근무\s?중|진행\s?중)"
RANGE_RE = re.compile(
    rf"\(?\b({_DATE})\s*(?:-|\u2013|\u2014|~|\u301c|\uff5e|\u223c|to|until|\u2192)\s*({_END})(?:\b|(?<=\.))\)?",
    re.IGNORECASE,
)
_HEADINGS: dict[str, tuple[str, ...]] = {
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "career",
        "relevant experience",
        "경력사항",
        "경력 사항",
        "경력 기술서",
        "경력기술서",
        "업무 경력",
        "회사 경력",
        "직무 경력",
        "직무 경험",
        "주요 경력",
    ),
    "projects": (
        "projects",
        "personal projects",
        "side projects",
        "selected projects",
        "open source",
        "portfolio",
        "프로젝트",
        "주요 프로젝트",
        "개인 프로젝트",
        "사이드 프로젝트",
        "오픈소스",
        "포트폴리오",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "technologies",
        "tech stack",
        "tools",
        "competencies",
        "core competencies",
        "languages and tools",
        "expertise",
        "stack",
        "기술 스택",
        "기술스택",
        "보유 기술",
        "보유기술",
        "기술 역량",
        "사용 기술",
        "활용 기술",
        "스킬",
    ),
    "education": (
        "education",
        "academic background",
        "qualifications",
        "certifications",
        "courses",
        "training",
        "학력",
        "학력사항",
        "학력 사항",
        "교육",
        "교육 이수",
        "자격증",
        "자격 사항",
    ),
    "summary": (
        "summary",
        "profile",
        "about me",
        "professional summary",
        "objective",
        "personal statement",
        "자기소개",
        "자기 소개",
        "소개",
        "요약",
    ),
    "other": (
        "interests",
        "hobbies",
        "references",
        "languages",
        "awards",
        "publications",
        "volunteering",
        "contact",
        "수상",
        "수상 경력",
        "어학",
        "외국어",
        "대외활동",
        "연락처",
        "관심사",
    ),
}
# Headings that are also the first word of ordinary lines ("경력 5년 차..."): a heading only when alone.
_EXACT_HEADINGS = {"경력": "experience", "기술": "skills", "경험": "experience"}
# The header row of a CV's table of jobs (DOCX tables come out one cell a line): not a role's title or employer.
_TABLE_HEADERS = {
    "기간",
    "근무 기간",
    "근무기간",
    "재직 기간",
    "회사",
    "회사명",
    "직무",
    "직책",
    "직급",
    "소속",
    "담당 업무",
    "담당업무",
    "주요 업무",
    "주요업무",
    "업무 내용",
    "비고",
    "period",
    "company",
    "role",
    "position",
    "title",
    "dates",
}
_METRIC_RE = re.compile(
    r"(\d[\d,.]*\s*(?:%|x\b|\u00d7|ms\b|s\b|seconds|minutes|hours|days|weeks|months|years|k\b|m\b|bn\b|million|billion|"
    r"thousand|users|customers|clients|merchants|orders|requests|rps|qps|transactions|engineers|people|services|"
    r"teams|tb\b|gb\b|배|만\s?명|명|만\s?건|건|만\s?원|억\s?원|억|원|초|분|시간|개월|tps|개\s?팀)|\b\d{1,3}(?:,\d{3})+\b|"
    r"[$\u20ac\u00a3]\s?\d[\d,.]*\s*(?:k|m|bn|million|billion)?|\b(?:doubled|tripled|halved)\b)",
    re.IGNORECASE,
)
_TITLE_RE = re.compile(
    r"\b(engineer|developer|manager|designer|analyst|scientist|architect|administrator|consultant|specialist|"
    r"lead|director|head|intern|sre|devops|programmer|researcher|owner|cto|ceo|founder|co-founder|tester|"
    r"officer|executive|associate|assistant|coordinator|technician|student|freelance)\b"
    r"|엔지니어|개발자|디자이너|매니저|분석가|아키텍트|연구원|기획자|사이언티스트|인턴|팀장|파트장|리드\b|대표|프리랜서",
    re.IGNORECASE,
)
_SPLIT_RE = re.compile(r"\s+(?:at|@)\s+|\s*[|\u2013\u2014\u00b7\u2022]\s*|\s+-\s+|,\s+")


@dataclass
class Role:
    """A job on the CV: title, employer, dates as written, and what the candidate did there."""

    title: str = ""
    company: str = ""
    start: str = ""
    end: str = ""
    highlights: list[str] = field(default_factory=list)

    @property
    def dates(self) -> str:
        """The dates as one text, e.g. "2019 \u2013 2021" (or one of them, or "")."""
        return " \u2013 ".join(p for p in (self.start, self.end) if p)


@dataclass
class Project:
    """A project named on the CV and what it is."""

    name: str
    description: str = ""


@dataclass
class CVProfile:
    """What we read from a CV (and the candidate may correct)."""

    roles: list[Role] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (stored in candidate_documents.extracted)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CVProfile:
        """The profile back from its stored form."""
        roles = [
            Role(
                str(r.get("title", "")),
                str(r.get("company", "")),
                str(r.get("start", "")),
                str(r.get("end", "")),
                [str(h) for h in r.get("highlights", [])],
            )
            for r in data.get("roles", [])
            if isinstance(r, dict)
        ]
        projects = [
            Project(str(p.get("name", "")), str(p.get("description", "")))
            for p in data.get("projects", [])
            if isinstance(p, dict)
        ]
        return cls(roles, [str(s) for s in data.get("skills", [])], projects, [str(m) for m in data.get("metrics", [])])

    def is_empty(self) -> bool:
        """True when nothing useful was found."""
        return not (self.roles or self.skills or self.projects)


def _split_head(head: str) -> tuple[str, str]:
    """(title, company) from a role line such as "Senior Engineer at Acme" or "Acme | Senior Engineer"."""
    parts = [p.strip(" ,;:()") for p in _SPLIT_RE.split(head) if p and p.strip(" ,;:()")]
    if not parts:
        return "", ""
    if len(parts) == 1:
        return (parts[0], "") if _TITLE_RE.search(parts[0]) else ("", parts[0])
    titled = [i for i, p in enumerate(parts) if _TITLE_RE.search(p)]
    t = titled[0] if titled else 0
    company = next((p for i, p in enumerate(parts) if i != t and not _is_location(p)), "")
    return parts[t], company


def _is_location(part: str) -> bool:
    return bool(re.fullmatch(r"(?i)(remote|hybrid|on-?site|[A-Z][a-z]+(?: [A-Z][a-z]+)?,? ?(?:[A-Z]{2})?)", part)) and (
        part.lower() in ("remote", "hybrid", "onsite", "on-site") or (len(part.split()) <= 2 and "," in part)
    )


def _section_lines(lines: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    section = "top"
    for line in lines:
        found = _EXACT_HEADINGS.get(line.strip(" #*:[]<>\u25a0\u25a1\u3010\u3011")) or tx.heading_of(line, _HEADINGS)
        if found is not None and not RANGE_RE.search(line):
            section = found
            continue
        if line:
            out.append((section, line))
    return out


def _roles(lines: list[str]) -> list[Role]:
    roles: list[Role] = []
    current: Role | None = None
    pending: list[str] = []  # short non-bullet lines that may be the next role's title and employer
    for line in lines:
        if line.strip().lower() in _TABLE_HEADERS:
            continue
        match = RANGE_RE.search(line)
        if match and not tx.is_bullet(line):
            head = (line[: match.start()] + " " + line[match.end() :]).strip(" ,|-\u2013\u2014()")
            if len(head.split()) < 2 and pending:
                head = " | ".join([*pending[-2:], head] if head else pending[-2:])
            title, company = _split_head(head)
            current = Role(title[:120], company[:120], match.group(1).strip(), match.group(2).strip())
            roles.append(current)
            pending = []
            continue
        if current is not None and not current.title and not current.company and not tx.is_bullet(line):
            current.title, current.company = (x[:120] for x in _split_head(line))  # dates came first
            continue
        if (
            current is not None
            and not current.highlights
            and bool(current.title) != bool(current.company)
            and not tx.is_bullet(line)
            and len(line) <= 60
            and tx.is_korean(line)
        ):
            # A Korean CV's row of cells or lines: "2021.03 ~ 현재", "토스페이먼츠", "백엔드 엔지니어 · 결제팀".
            title, company = _split_head(line)
            if not current.title and (title or _TITLE_RE.search(line)):
                current.title = (title or line)[:120]
                continue
            if not current.company and not _TITLE_RE.search(line):
                current.company = (company or line)[:120]
                continue
        if current is not None and current.highlights and line[:1].islower() and not tx.is_bullet(line):
            current.highlights[-1] = tx.clip(f"{current.highlights[-1]} {line}", 300)  # a wrapped line
            continue
        if tx.is_bullet(line) or len(line) > 90:
            if current is not None and len(current.highlights) < MAX_HIGHLIGHTS:
                item = tx.strip_bullet(line) if tx.is_bullet(line) else line
                current.highlights.append(tx.clip(item, 300))
            pending = []
            continue
        pending.append(line)
    return [r for r in roles if r.title or r.company][:MAX_ROLES]


def _skills(section_lines: list[tuple[str, str]], text: str) -> list[str]:
    found = sk.find_skills(text)
    typed: list[str] = []
    for section, line in section_lines:
        if section != "skills":
            continue
        body = line.split(":", 1)[1] if re.match(r"^[\w /&-]{2,30}:", line) else line
        for part in re.split(r"[,;|\u2022\u00b7/]|\s{2,}", tx.strip_bullet(body) if tx.is_bullet(body) else body):
            part = part.strip(" .()")
            if 1 < len(part) <= 40 and len(part.split()) <= 4 and not sk.find_skills(part):
                typed.append(part)
    return list(dict.fromkeys([*found, *typed]))[:60]


def _projects(section_lines: list[tuple[str, str]]) -> list[Project]:
    projects: list[Project] = []
    for section, line in section_lines:
        if section != "projects":
            continue
        item = tx.strip_bullet(line) if tx.is_bullet(line) else line
        named = re.match(r"^([^:\u2013\u2014]{2,60})\s*(?::|\s[\u2013\u2014-]\s)\s*(.+)$", item)
        if named and not (tx.is_bullet(line) and projects and len(named.group(1).split()) > 5):
            projects.append(Project(named.group(1).strip(), tx.clip(named.group(2).strip(), 300)))
        elif not tx.is_bullet(line) and len(item) <= 60:
            projects.append(Project(item.strip()))
        elif projects:
            last = projects[-1]
            last.description = tx.clip(f"{last.description} {item}".strip(), 300)
    return [p for p in projects if p.name][:MAX_PROJECTS]


def metrics_of(sentences: list[str]) -> list[str]:
    """The sentences that state a measured result ("cut p99 latency by 40%")."""
    return list(dict.fromkeys(tx.clip(s, 240) for s in sentences if _METRIC_RE.search(s) and len(s.split()) >= 3))[
        :MAX_METRICS
    ]


def parse_cv(text: str) -> CVProfile:
    """Read the structure of a CV's text (see files.read_cv for uploads)."""
    text = tx.normalise(text)
    lines = [line for line in text.split("\n") if line]
    section_lines = _section_lines(lines)
    experience = [line for s, line in section_lines if s == "experience"]
    role_lines = (
        experience
        if any(RANGE_RE.search(line) for line in experience)
        else [line for s, line in section_lines if s not in ("education", "projects", "skills")]
    )
    cv = CVProfile()
    cv.roles = _roles(role_lines)
    cv.skills = _skills(section_lines, text)
    cv.projects = _projects(section_lines)
    achievements = [h for r in cv.roles for h in r.highlights] + [p.description for p in cv.projects if p.description]
    cv.metrics = metrics_of(achievements or tx.sentences(text))
    return cv


def roles_text(cv: CVProfile) -> str:
    """The roles as editable text: "Title | Company | Start \u2013 End", each highlight below as "- ..."."""
    out: list[str] = []
    for role in cv.roles:
        out.append(" | ".join([role.title, role.company, role.dates]).rstrip(" |"))
        out.extend(f"- {h}" for h in role.highlights)
    return "\n".join(out)


def parse_roles_text(raw: str) -> list[Role]:
    """The roles back from their edited text (see `roles_text`)."""
    roles: list[Role] = []
    for line in (raw or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        if tx.is_bullet(line):
            if roles and len(roles[-1].highlights) < MAX_HIGHLIGHTS * 2:
                roles[-1].highlights.append(tx.clip(tx.strip_bullet(line), 300))
            continue
        parts = [p.strip() for p in line.split("|")]
        role = Role(title=parts[0][:120], company=(parts[1] if len(parts) > 1 else "")[:120])
        dates = parts[2] if len(parts) > 2 else ""
        match = RANGE_RE.search(dates)
        if match:
            role.start, role.end = match.group(1), match.group(2)
        else:
            role.start = dates[:40]
        roles.append(role)
    return roles[: MAX_ROLES * 2]


def projects_text(cv: CVProfile) -> str:
    """The projects as editable text, one "Name: description" a line."""
    return "\n".join(f"{p.name}: {p.description}" if p.description else p.name for p in cv.projects)


def parse_projects_text(raw: str) -> list[Project]:
    """The projects back from their edited text."""
    out: list[Project] = []
    for line in (raw or "").split("\n"):
        line = tx.strip_bullet(line) if tx.is_bullet(line) else line.strip()
        if not line:
            continue
        name, _, description = line.partition(":")
        out.append(Project(name.strip()[:80], tx.clip(description.strip(), 300)))
    return out[: MAX_PROJECTS * 2]


def corrected(cv: CVProfile, form: dict[str, Any]) -> CVProfile:
    """`cv` with the candidate's corrections (roles text, projects text, skills list); metrics re-read."""
    from interview_app.services.tailoring.job import split_skills

    out = CVProfile.from_dict(cv.to_dict())
    if "roles" in form:
        out.roles = parse_roles_text(str(form["roles"]))
    if "projects" in form:
        out.projects = parse_projects_text(str(form["projects"]))
    if "skills" in form:
        out.skills = split_skills(str(form["skills"]))
    achievements = [h for r in out.roles for h in r.highlights] + [p.description for p in out.projects if p.description]
    out.metrics = metrics_of(achievements)
    return out
