"""Plain-text helpers shared by the job description and CV readers: lines, bullets, headings, sentences."""

from __future__ import annotations

import re
import unicodedata

BULLET_RE = re.compile(
    r"^\s*(?:[-*\u2022\u25cf\u25aa\u25e6\u2023\u2043\u2219\u00b7\u25a0\u27a2\u2713\u2714>o]|\d{1,2}[.)])\s+"
)
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
# A sentence ends at . ! ? ; before a capital, a digit, a quote or a bracket, or Korean (which has no capitals).
_SENTENCE_RE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'(\uac00-\ud7a3])")
HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_HEADING_MARKS = "\u25a0\u25a1\u25b6\u25b7\u25c6\u25c7\u25cf\u2605\u2606[\u3010<\u3008\u300a"
_HEADING_MARK_RE = re.compile(
    r"(?:[\u25a0\u25a1\u25b6\u25b7\u25c6\u25c7\u25cf\u2605\u2606]\s*)?[\[\u3010<\u3008\u300a]?"
    r"\s*([^\]\u3011>\u3009\u300b]{2,40}?)\s*[\]\u3011>\u3009\u300b]?"
)


def normalise(text: str) -> str:
    """NFKC text with unified spaces and line ends, trailing spaces removed, at most one blank line in a row."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u2010", "-").replace("\u2011", "-").replace("\u00ad", "")
    lines = [_SPACES_RE.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def is_bullet(line: str) -> bool:
    """True for a list item ("- ", "* ", "\u2022 ", "1. ")."""
    return bool(BULLET_RE.match(line))


def strip_bullet(line: str) -> str:
    """The line without its bullet mark."""
    return BULLET_RE.sub("", line, count=1).strip()


def heading_of(line: str, headings: dict[str, tuple[str, ...]]) -> str | None:
    """The section a heading line opens (a key of `headings`), or None when the line is not a heading.

    A heading is short, has no sentence ending (a colon is allowed) and starts with one of the phrases.
    """
    bare = line.strip()
    marked = _HEADING_MARK_RE.fullmatch(bare) if bare[:1] in _HEADING_MARKS else None  # "[자격요건]", "■ 우대사항"
    if marked:
        bare = marked.group(1)
    clean = bare.strip("#*_=:").strip().rstrip(":").strip()
    if not clean or len(clean) > 60 or clean.endswith((".", ",")) or (is_bullet(line) and not marked):
        return None
    low = clean.lower()
    for section, phrases in headings.items():
        for phrase in phrases:
            if low == phrase or (low.startswith(phrase) and len(low) <= len(phrase) + 25):
                return section
    return None


def sentences(text: str) -> list[str]:
    """Sentences and list items of `text` (a line break ends one too)."""
    out: list[str] = []
    for line in text.split("\n"):
        line = strip_bullet(line) if is_bullet(line) else line.strip()
        out.extend(s.strip() for s in _SENTENCE_RE.split(line) if s.strip())
    return out


def is_korean(text: str) -> bool:
    """True when `text` is written in Korean: a fifth or more of its letters are Hangul syllables."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if "\uac00" <= c <= "\ud7a3") * 5 >= len(letters)


def clip(text: str, limit: int = 220) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-") + "\u2026"


def word_count(text: str) -> int:
    """Words in `text` (runs of letters or digits)."""
    return len(re.findall(r"[^\W_]+(?:['\u2019.+#-][^\W_]+)*", text))
