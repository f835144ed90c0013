"""Reading an uploaded CV: its type from its bytes (never the file name), then its text.

The text is taken out with pypdf (PDF), python-docx (DOCX, after the ZIP is checked for bombs) or decoded
(plain text).

Every refusal is a `CVFileError` whose code names it (strings `tailor.error.*`); nothing is stored here.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass

from interview_app.services.tailoring import text as tx

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_PAGES = 20
MAX_TEXT_CHARS = 60_000
MIN_TEXT_WORDS = 30
# A DOCX is a ZIP: refuse one that would unpack to more than this, or that packs too tightly (a bomb).
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
MAX_RATIO = 120
PDF, DOCX, TEXT = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
)


class CVFileError(ValueError):
    """An upload we cannot read; `code` names it (strings `tailor.error.*`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class ReadFile:
    """The text of an uploaded CV and what it was."""

    text: str
    media_type: str
    pages: int = 0


def sniff(raw: bytes) -> str:
    """The media type the bytes are: PDF, DOCX, plain text; raises CVFileError for anything else."""
    head = raw[:8]
    if raw[:1024].lstrip().startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return DOCX  # confirmed (word/document.xml inside) by _docx_text
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise CVFileError("cv_old_word")
    if head.startswith(
        (b"{\\rtf", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
    ):
        raise CVFileError("cv_unsupported")
    if _looks_like_text(raw):
        return TEXT
    raise CVFileError("cv_unsupported")


def _looks_like_text(raw: bytes) -> bool:
    sample = raw[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not just a character cut at the sample's end
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(sample) // 100


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _pdf_text(raw: bytes) -> tuple[str, int]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):  # an owner password alone still opens for reading
                    raise CVFileError("cv_encrypted")
            except (FileNotDecryptedError, NotImplementedError, PdfReadError) as exc:
                raise CVFileError("cv_encrypted") from exc
        count = len(reader.pages)
        if count == 0:
            raise CVFileError("cv_empty")
        if count > MAX_PAGES:
            raise CVFileError("cv_too_many_pages")
        parts: list[str] = []
        for page in reader.pages:
            parts.append(page.extract_text() or "")
            if sum(len(p) for p in parts) > MAX_TEXT_CHARS:
                break
        return "\n".join(parts), count
    except CVFileError:
        raise
    except FileNotDecryptedError as exc:
        raise CVFileError("cv_encrypted") from exc
    except Exception as exc:  # pypdf raises many kinds on broken files
        log.info("unreadable PDF: %s", exc)
        raise CVFileError("cv_corrupt") from exc


def check_zip(raw: bytes) -> zipfile.ZipFile:
    """The ZIP inside a DOCX, after checking it cannot unpack into more than we accept (ZIP bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CVFileError("cv_corrupt") from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise CVFileError("cv_zip_bomb")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or (info.file_size > 1_000_000 and ratio > MAX_RATIO):
            raise CVFileError("cv_zip_bomb")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise CVFileError("cv_unsupported")
    return archive


def _docx_text(raw: bytes) -> str:
    check_zip(raw)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
        lines: list[str] = []

        def table_lines(table: Table) -> None:
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats in every column it spans
                        continue
                    seen.add(id(cell._tc))
                    for block in cell.iter_inner_content():
                        if isinstance(block, Paragraph):
                            lines.append(_paragraph(block))
                        else:
                            table_lines(block)

        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(_paragraph(block))
            elif isinstance(block, Table):
                table_lines(block)
            if sum(len(x) for x in lines) > MAX_TEXT_CHARS:
                break
        return "\n".join(lines)
    except CVFileError:
        raise
    except Exception as exc:
        log.info("unreadable DOCX: %s", exc)
        raise CVFileError("cv_corrupt") from exc


def _paragraph(paragraph) -> str:
    text = paragraph.text.strip()
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if text and "List" in style:
        return f"- {text}"
    return text


def read_cv(raw: bytes) -> ReadFile:
    """The text of an uploaded CV.

    Raises:
        CVFileError: `cv_empty`, `cv_too_large`, `cv_unsupported`, `cv_old_word`, `cv_corrupt`,
            `cv_encrypted`, `cv_too_many_pages`, `cv_zip_bomb`, `cv_no_text` (a scan: no text layer),
            `cv_too_short`.

    """
    if not raw:
        raise CVFileError("cv_empty")
    if len(raw) > MAX_BYTES:
        raise CVFileError("cv_too_large")
    media_type = sniff(raw)
    pages = 0
    if media_type == PDF:
        text, pages = _pdf_text(raw)
    elif media_type == DOCX:
        text = _docx_text(raw)
    else:
        text = _decode(raw)
    text = tx.normalise(text)[:MAX_TEXT_CHARS]
    words = tx.word_count(text)
    if words == 0:
        raise CVFileError("cv_no_text" if media_type == PDF else "cv_empty")
    if words < MIN_TEXT_WORDS:
        raise CVFileError("cv_no_text" if media_type == PDF and pages and words < 5 * pages else "cv_too_short")
    return ReadFile(text=text, media_type=media_type, pages=pages)
