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
    ),
}
_TITLE_WORDS = re.compile(
    r"\b(engineer|developer|manager|designer|analyst|scientist|architect|administrator|consultant|specialist|"
    r"lead|director|head of|sre|devops|programmer|researcher|product owner|executive|representative|tester)\b",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(r"^(?:job title|title|position|role)\s*[:\-\u2013]\s*(.+)$", re.IGNORECASE)
_COMPANY_LABEL_RE = re.compile(r"^(?:company|employer|organisation|organization)\s*[:\-\u2013]\s*(.+)$", re.IGNORECASE)
_COMPANY_PATTERNS = (
    re.compile(r"\bAbout ([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3})\b(?!\s+(?:the|you|us)\b)"),
    re.compile(r"\b(?:At|Join) ([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3}),? (?:we|you|our)\b"),
    re.compile(r"\b([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,3}) is (?:hiring|looking for|seeking)\b"),
    re.compile(r"\bJoin (?:the )?([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,2}) team\b"),
)
_NOT_COMPANY = {"the", "us", "you", "our", "we", "this", "role", "team", "the role", "the team", "about"}
_YEARS_RE = re.compile(r"(\d{1,2})\s*\+?\s*(?:-\s*\d{1,2}\s*)?(?:years|yrs)", re.IGNORECASE)
_EXPERIENCE_WORDS = re.compile(
    r"\b(experience|proficien|knowledge|familiar|understanding|expertise|skilled|track record|ability to|"
    r"comfortable|fluent|strong|background in|hands-on|degree)\w*",
    re.IGNORECASE,
)
_SENIORITY_WORDS: tuple[tuple[str, str], ...] = (
    ("intern", r"\bintern(ship)?\b"),
    ("principal", r"\bprincipal\b"),
    ("staff", r"\bstaff\b"),
    ("lead", r"\b(lead|tech lead|team lead)\b"),
    ("senior", r"\b(senior|sr\.?)\b"),
    ("junior", r"\b(junior|jr\.?|graduate|entry[- ]level)\b"),
    ("mid", r"\b(mid[- ]?level|mid|intermediate)\b"),
    ("manager", r"\b(manager|head of|director)\b"),
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
        )

    def checked_requirements(self) -> list[Requirement]:
        """The requirements the fit matrix checks: required first, then nice to have.

        Every required skill that no requirement line names gets a line of its own.
        """
        reqs = [r for r in self.requirements if r.kind == "required"] + [
            r for r in self.requirements if r.kind == "nice"
        ]
        named = {s for r in reqs for s in r.skills}
        for skill in self.required_skills:
            if skill not in named:
                reqs.append(Requirement(f"Experience with {skill}", "required", [skill]))
        for skill in self.nice_skills:
            if skill not in named:
                reqs.append(Requirement(f"Experience with {skill}", "nice", [skill]))
        return reqs[:MAX_REQUIREMENTS]


def _title(lines: list[str]) -> str:
    for line in lines[:12]:
        match = _LABEL_RE.match(line)
        if match:
            return tx.clip(match.group(1).strip(), 120)
    for line in lines[:6]:
        clean = line.strip("#*_ ").strip()
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
    for pattern in _COMPANY_PATTERNS:
        for match in pattern.finditer(text):
            name = match.group(1).strip(" .,")
            if name.lower() not in _NOT_COMPANY and not _TITLE_WORDS.search(name):
                return name[:120]
    return ""


def _seniority(title: str, text: str) -> tuple[str, int | None]:
    years = [int(m.group(1)) for m in _YEARS_RE.finditer(text) if int(m.group(1)) <= 25]
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
        inline = re.match(r"^([A-Za-z' -]{3,40}):\s+(.{10,})$", line)  # "Requirements: Python, SQL..."
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
    job = JobProfile()
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
