"""Reading a pasted job description: title, seniority, company, skills, responsibilities, requirements.

Required and nice-to-have skills are told apart; the requirements are the lines the fit matrix checks.

Pure functions over text (no database). Section headings are recognised in the usual wordings
("Requirements", "What you'll bring", "Nice to have", "What you'll do"...); without headings every bullet
that names a skill or asks for experience counts as a requirement.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from interview_app.i18n import t
from interview_app.services.tailoring import skills as sk
from interview_app.services.tailoring import text as tx

MIN_WORDS = 25
MAX_CHARS = 30_000
MAX_REQUIREMENTS = 24
SENIORITIES: tuple[str, ...] = ("intern", "junior", "mid", "senior", "staff", "principal", "lead", "manager")

_HEADINGS: dict[str, tuple[str, ...]] = {
    "nice": (
        "nice to have",
        "nice-to-have",
        "bonus",
        "bonus points",
        "preferred",
        "preferred qualifications",
        "it would be great if",
        "great if you",
        "pluses",
        "plus points",
        "desirable",
        "good to have",
        "extra credit",
        "even better",
        # Korean adverts
        "우대사항",
        "우대 사항",
        "우대 조건",
        "우대요건",
        "우대 요건",
        "이런 분이면 더 좋아요",
        "이런 분이면 더 좋습니다",
        "이런 경험이 있다면 더 좋아요",
        "플러스 포인트",
    ),
    "required": (
        "requirements",
        "required",
        "what you'll need",
        "what you will need",
        "what you need",
        "what we're looking for",
        "what we are looking for",
        "who you are",
        "you have",
        "you are",
        "qualifications",
        "minimum qualifications",
        "basic qualifications",
        "required qualifications",
        "must have",
        "must-have",
        "skills",
        "your profile",
        "about you",
        "what you bring",
        "what you'll bring",
        "what you will bring",
        "experience",
        "key skills",
        "skills and experience",
        "we'd love you to have",
        "you should have",
        "자격요건",
        "자격 요건",
        "지원자격",
        "지원 자격",
        "필수요건",
        "필수 요건",
        "필수 역량",
        "필요 역량",
        "필요 경험",
        "요구 사항",
        "요구사항",
        "이런 분을 찾아요",
        "이런 분을 찾습니다",
        "이런 분과 함께하고 싶어요",
    ),
    "responsibilities": (
        "responsibilities",
        "key responsibilities",
        "what you'll do",
        "what you will do",
        "the role",
        "your role",
        "in this role",
        "role",
        "duties",
        "your responsibilities",
        "day to day",
        "day-to-day",
        "what you'll be doing",
        "what you will be doing",
        "your impact",
        "the job",
        "your mission",
        "you will",
        "주요업무",
        "주요 업무",
        "담당업무",
        "담당 업무",
        "업무 내용",
        "하는 일",
        "합류하면 함께할 업무",
        "이런 일을 해요",
        "이런 일을 합니다",
    ),
    "about": (
        "about us",
        "about the company",
        "who we are",
        "about the team",
        "the team",
        "our team",
        "company",
        "benefits",
        "what we offer",
        "perks",
        "why join",
        "why join us",
        "compensation",
        "salary",
        "location",
        "how to apply",
        "equal opportunity",
        "our values",
        "how we work",
        "our culture",
        "culture",
        "our stack",
        "tech stack",
        "the stack",
        "technologies we use",
        "our tools",
        "interview process",
        "our interview process",
        "the process",
        "hiring process",
        "recruitment process",
        "회사 소개",
        "회사소개",
        "팀 소개",
        "팀소개",
        "복지",
        "복리후생",
        "혜택",
        "근무 조건",
        "근무조건",
        "근무지",
        "근무 환경",
        "채용 절차",
        "채용절차",
        "전형 절차",
        "전형절차",
        "기술 스택",
        "기술스택",
        "사용 기술",
        "지원 방법",
        "참고 사항",
        "참고사항",
    ),
}
_TITLE_WORDS = re.compile(
    r"\b(engineer|developer|manager|designer|analyst|scientist|architect|administrator|consultant|specialist|"
    r"lead|director|head of|sre|devops|programmer|researcher|product owner|executive|representative|tester)\b"
    r"|엔지니어|개발자|디자이너|매니저|분석가|아키텍트|연구원|기획자|사이언티스트|리드\b|팀장",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(
    r"^(?:job title|title|position|role|직무|포지션|채용 포지션|모집 분야|모집 직무|모집 포지션)\s*[:\-\u2013]\s*(.+)$",
    re.IGNORECASE,
)
_COMPANY_LABEL_RE = re.compile(
    r"^(?:company|employer|organisation|organization|회사|회사명|기업명)\s*[:\-\u2013]\s*(.+)$", re.IGNORECASE
)
# "[토스페이먼츠] 백엔드 엔지니어": Korean adverts often put the company in brackets before the title.
_BRACKET_COMPANY_RE = re.compile(r"^\s*[\[\u3010(]([^\]\u3011)]{2,40})[\]\u3011)]\s*(.+)$")
_COMPANY_PATTERNS = (
    re.compile(r"\bAbout ([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3})\b(?!\s+(?:the|you|us)\b)"),
    re.compile(r"\b(?:At|Join) ([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3}),? (?:we|you|our)\b"),
    re.compile(r"\b([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3}) is (?:hiring|looking for|seeking)\b"),
    re.compile(r"\bJoin (?:the )?([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,2}) team\b"),
)
_NOT_COMPANY = {"the", "us", "you", "our", "we", "this", "role", "team", "the role", "the team", "about"}
_YEARS_RE = re.compile(
    r"(\d{1,2})\s*\+?\s*(?:-\s*\d{1,2}\s*)?(?:years|yrs)|(?:경력\s*)?(\d{1,2})\s*년\s*(?:이상|차|\+)", re.IGNORECASE
)
_EXPERIENCE_WORDS = re.compile(
    r"\b(experience|proficien|knowledge|familiar|understanding|expertise|skilled|track record|ability to|"
    r"comfortable|fluent|strong|background in|hands-on|degree)\w*"
    r"|경험|경력|능숙|익숙|이해|지식|역량|능력|다룰 수|활용할 수|가능하신|학위|전공",
    re.IGNORECASE,
)
_SENIORITY_WORDS: tuple[tuple[str, str], ...] = (
    ("intern", r"\bintern(ship)?\b|인턴"),
    ("principal", r"\bprincipal\b|수석"),
    ("staff", r"\bstaff\b"),
    ("lead", r"\b(lead|tech lead|team lead)\b|테크\s?리드|팀\s?리드|리드\b"),
    ("senior", r"\b(senior|sr\.?)\b|시니어"),
    ("junior", r"\b(junior|jr\.?|graduate|entry[- ]level)\b|주니어|신입"),
    ("mid", r"\b(mid[- ]?level|mid|intermediate)\b|미드\s?레벨"),
    ("manager", r"\b(manager|head of|director)\b|팀장|실장|본부장|헤드\b"),
)


class JobError(ValueError):
    """A job description we cannot use; `code` names it (strings `tailor.error.*`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Requirement:
    """One thing the job asks for: the line as written, required or nice to have, the skills in it."""

    text: str
    kind: str = "required"  # required | nice | responsibility
    skills: list[str] = field(default_factory=list)


@dataclass
class JobProfile:
    """What we read from a job description (and the candidate may correct)."""

    title: str = ""
    company: str = ""
    seniority: str = ""
    years: int | None = None
    required_skills: list[str] = field(default_factory=list)
    nice_skills: list[str] = field(default_factory=list)
    responsibilities: list[str] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    language: str = "en"  # the advert's language ("ko" when it is written in Korean)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (stored in candidate_documents.extracted)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JobProfile:
        """The profile back from its stored form (unknown keys ignored)."""
        reqs = [
            Requirement(str(r.get("text", "")), str(r.get("kind", "required")), [str(s) for s in r.get("skills", [])])
            for r in data.get("requirements", [])
            if isinstance(r, dict) and str(r.get("text", "")).strip()
        ]
        years = data.get("years")
        return cls(
            title=str(data.get("title", "")),
            company=str(data.get("company", "")),
            seniority=str(data.get("seniority", "")),
            years=years if isinstance(years, int) else None,
            required_skills=[str(s) for s in data.get("required_skills", [])],
            nice_skills=[str(s) for s in data.get("nice_skills", [])],
            responsibilities=[str(s) for s in data.get("responsibilities", [])],
            requirements=reqs,
            language="ko" if data.get("language") == "ko" else "en",
        )

    def checked_requirements(self) -> list[Requirement]:
        """The requirements the fit matrix checks: required first, then nice to have.

        Every required skill that no requirement line names gets a line of its own.
        """
        reqs = [r for r in self.requirements if r.kind == "required"] + [
            r for r in self.requirements if r.kind == "nice"
        ]
        named = {s for r in reqs for s in r.skills}
        for kind, listed in (("required", self.required_skills), ("nice", self.nice_skills)):
            for skill in listed:
                if skill not in named:
                    text = t("draft.requirement.experience", self.language, skill=skill)
                    reqs.append(Requirement(text, kind, [skill]))
        return reqs[:MAX_REQUIREMENTS]


def _title(lines: list[str]) -> str:
    for line in lines[:12]:
        match = _LABEL_RE.match(line)
        if match:
            return tx.clip(match.group(1).strip(), 120)
    for line in lines[:6]:
        clean = line.strip("#*_ ").strip()
        bracketed = _BRACKET_COMPANY_RE.match(clean)
        clean = bracketed.group(2).strip() if bracketed else clean
        if 3 <= len(clean) <= 90 and _TITLE_WORDS.search(clean) and not clean.endswith(".") and not tx.is_bullet(line):
            clean = re.split(r"\s+[|\u2013\u2014]\s+|\s+-\s+|\s+\(|,\s+(?=remote|hybrid|on-?site|\w+,)", clean)[0]
            return clean.strip()[:120]
    match = re.search(
        r"\b(?:hiring|looking for|seeking|hire)\s+(?:an?\s+)?((?:[A-Z][\w/+-]*\s+){0,4}?"
        r"(?:Engineer|Developer|Manager|Designer|Analyst|Scientist|Architect|Lead))\b",
        "\n".join(lines[:15]),
    )
    return match.group(1).strip() if match else ""


def _company(lines: list[str], text: str) -> str:
    for line in lines[:20]:
        match = _COMPANY_LABEL_RE.match(line)
        if match:
            return tx.clip(match.group(1).strip(), 120)
    for line in lines[:6]:
        bracketed = _BRACKET_COMPANY_RE.match(line.strip("#*_ "))
        if bracketed and _TITLE_WORDS.search(bracketed.group(2)):
            return bracketed.group(1).strip()[:120]
    for pattern in _COMPANY_PATTERNS:
        for match in pattern.finditer(text):
            name = match.group(1).strip(" .,")
            if name.lower() not in _NOT_COMPANY and not _TITLE_WORDS.search(name):
                return name[:120]
    return ""


def _seniority(title: str, text: str) -> tuple[str, int | None]:
    years = [int(n) for m in _YEARS_RE.finditer(text) if int(n := m.group(1) or m.group(2)) <= 25]
    least = min(years) if years else None
    for level, pattern in _SENIORITY_WORDS:
        if re.search(pattern, title, re.IGNORECASE):
            return level, least
    if least is not None:
        return ("junior" if least <= 1 else "mid" if least <= 4 else "senior"), least
    for level, pattern in _SENIORITY_WORDS[:-1]:
        if re.search(pattern, text[:600], re.IGNORECASE):
            return level, least
    return "", least


def _sections(lines: list[str]) -> list[tuple[str, str]]:
    """(section, line) for each content line; lines before any heading are in "intro"."""
    out: list[tuple[str, str]] = []
    section = "intro"
    for line in lines:
        found = tx.heading_of(line, _HEADINGS)
        if found is not None:
            section = found
            continue
        inline = re.match(r"^([A-Za-z\uac00-\ud7a3' -]{2,40}):\s+(.{10,})$", line)  # "Requirements: Python, SQL..."
        if inline and not tx.is_bullet(line):
            found = tx.heading_of(inline.group(1), _HEADINGS)
            if found is not None:
                out.append((found, inline.group(2)))
                continue
        if line:
            out.append((section, line))
    return out


def _items(line: str) -> list[str]:
    """A requirement line as items: a bullet is one item; a long paragraph is split into sentences."""
    if tx.is_bullet(line):
        return [tx.strip_bullet(line)]
    return tx.sentences(line) if len(line) > 160 else [line]


def parse_job(raw: str) -> JobProfile:
    """Read a job description.

    Raises:
        JobError: `job_empty` (nothing pasted), `job_too_short` (fewer than MIN_WORDS words, e.g. one word),
            `job_too_long` (over MAX_CHARS characters), `job_no_requirements` (no skill or requirement found).

    """
    if not raw or not raw.strip():
        raise JobError("job_empty")
    if len(raw) > MAX_CHARS:
        raise JobError("job_too_long")
    text = tx.normalise(raw)
    if tx.word_count(text) < MIN_WORDS:
        raise JobError("job_too_short")
    lines = text.split("\n")
    job = JobProfile(language="ko" if tx.is_korean(text) else "en")
    job.title = _title(lines)
    job.company = _company(lines, text)
    job.seniority, job.years = _seniority(job.title, text)
    sections = _sections(lines)
    has_headings = any(s in ("required", "nice", "responsibilities") for s, _ in sections)
    seen: set[str] = set()
    for section, line in sections:
        if section == "about":
            continue
        for item in _items(line):
            if len(item) < 4 or item.lower() in seen:
                continue
            found = sk.find_skills(item)
            if section == "responsibilities":
                seen.add(item.lower())
                job.responsibilities.append(tx.clip(item, 300))
                continue
            asks = bool(found) or bool(_EXPERIENCE_WORDS.search(item)) or bool(_YEARS_RE.search(item))
            if section in ("required", "nice") and (tx.is_bullet(line) or asks):
                kind = section
            elif not has_headings and asks and (tx.is_bullet(line) or found):
                kind = "required"
            elif section == "intro" and not has_headings and tx.is_bullet(line) and not asks:
                seen.add(item.lower())
                job.responsibilities.append(tx.clip(item, 300))
                continue
            else:
                continue
            seen.add(item.lower())
            job.requirements.append(Requirement(tx.clip(item, 300), kind, found))
    required = [s for r in job.requirements if r.kind == "required" for s in r.skills]
    nice = [s for r in job.requirements if r.kind == "nice" for s in r.skills if s not in required]
    job.required_skills = list(dict.fromkeys(required))
    job.nice_skills = list(dict.fromkeys(nice))
    if not job.required_skills and not job.nice_skills:
        # No requirement lines: skills named anywhere outside "about" still tell us what the job needs.
        body = "\n".join(line for s, line in sections if s != "about")
        job.required_skills = sk.find_skills(body)
    if not job.requirements and not job.required_skills:
        raise JobError("job_no_requirements")
    job.requirements = job.requirements[: MAX_REQUIREMENTS * 2]
    job.responsibilities = job.responsibilities[:20]
    return job


def corrected(job: JobProfile, form: dict[str, Any]) -> JobProfile:
    """`job` with the candidate's corrections from the review form (title, company, seniority, skills)."""
    out = JobProfile.from_dict(job.to_dict())
    out.title = " ".join(str(form.get("title", out.title)).split())[:120]
    out.company = " ".join(str(form.get("company", out.company)).split())[:120]
    seniority = str(form.get("seniority", out.seniority)).strip().lower()
    out.seniority = seniority if seniority in SENIORITIES else ""
    if "required_skills" in form:
        out.required_skills = split_skills(str(form["required_skills"]))
    if "nice_skills" in form:
        out.nice_skills = [s for s in split_skills(str(form["nice_skills"])) if s not in out.required_skills]
    return out


def split_skills(raw: str) -> list[str]:
    """A typed list of skills ("Python, Go; SQL") as canonical names, each once, at most 40."""
    parts = [p for p in re.split(r"[,;\n]", raw) if p.strip()]
    names: dict[str, str] = {}
    for part in parts:
        name = sk.canonical(part)[:60]
        if name and name.casefold() not in names:
            names[name.casefold()] = name
    return list(names.values())[:40]
