"""Reading uploaded CVs: the type from the bytes, PDF (two columns), DOCX (tables), text, and every bad file."""

from __future__ import annotations

import io
import zipfile

import pytest

from interview_app.services.tailoring import files
from interview_app.services.tailoring.cv import parse_cv
from interview_app.services.tailoring.files import CVFileError, read_cv
from tests.support import tailoring_data as data


def _roles(raw: bytes) -> list[tuple[str, str, str, str]]:
    cv = parse_cv(read_cv(raw).text)
    return [(r.title, r.company, r.start, r.end) for r in cv.roles]


EXPECTED_ROLES = [
    ("Senior Backend Engineer", "Acme Pay", "Mar 2021", "Present"),
    ("Backend Developer", "Shopwise", "Jun 2018", "Feb 2021"),
]


def test_two_column_pdf() -> None:
    read = read_cv(data.two_column_pdf())
    assert read.media_type == files.PDF and read.pages == 1
    cv = parse_cv(read.text)
    assert [(r.title, r.company, r.start, r.end) for r in cv.roles] == EXPECTED_ROLES
    # The wrapped bullet of the narrow right column is joined back into one highlight.
    assert cv.roles[0].highlights[0] == (
        "Led the payment migration from a monolith to Kafka-based services, cutting p99 latency by 40%"
    )
    assert len(cv.roles[1].highlights) == 2
    for skill in ("Python", "Go", "PostgreSQL", "Kafka", "Docker", "Django", "Event sourcing"):
        assert skill in cv.skills
    assert [p.name for p in cv.projects] == ["ledgerlite"]
    assert any("70%" in m for m in cv.metrics) and any("30,000 merchants" in m for m in cv.metrics)


def test_docx_laid_out_in_tables() -> None:
    read = read_cv(data.docx_with_tables())
    assert read.media_type == files.DOCX
    cv = parse_cv(read.text)
    assert [(r.title, r.company, r.start, r.end) for r in cv.roles] == EXPECTED_ROLES
    assert cv.roles[0].highlights == [
        "Led the payment migration from a monolith to Kafka-based services, cutting p99 latency by 40%",
        "Introduced PostgreSQL query reviews that reduced slow queries by 70%",
    ]
    assert "Event sourcing" in cv.skills and "Go" in cv.skills


def test_plain_text_in_any_common_encoding() -> None:
    assert _roles(data.CV_TEXT.encode()) == EXPECTED_ROLES
    assert _roles(data.CV_TEXT.encode("utf-16")) == EXPECTED_ROLES
    assert _roles("\ufeff".encode() + data.CV_TEXT.replace("-", "\u2013").encode()) == EXPECTED_ROLES
    assert _roles(data.CV_TEXT.replace("Jane", "Jos\u00e9").encode("cp1252")) == EXPECTED_ROLES


def test_type_comes_from_the_bytes_not_the_name() -> None:
    # A PDF is a PDF whatever it is called; an image called cv.pdf is refused (the name is never looked at).
    assert files.sniff(data.two_column_pdf()) == files.PDF
    with pytest.raises(CVFileError) as caught:
        read_cv(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    assert caught.value.code == "cv_unsupported"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: b"", "cv_empty"),
        (lambda: b"%PDF-1.7\n" + b"0" * (files.MAX_BYTES + 1), "cv_too_large"),
        (data.encrypted_pdf, "cv_encrypted"),
        (data.scanned_pdf, "cv_no_text"),
        (lambda: data.two_column_pdf()[:900], "cv_corrupt"),
        (lambda: b"%PDF-1.4\n%garbage that is not a PDF at all\n%%EOF", "cv_corrupt"),
        (lambda: data.two_column_pdf(pages=files.MAX_PAGES + 1), "cv_too_many_pages"),
        (data.zip_bomb_docx, "cv_zip_bomb"),
        (lambda: _zip({"xl/workbook.xml": b"<workbook/>"}), "cv_unsupported"),
        (lambda: _zip({"word/document.xml": b"<not really word"}), "cv_corrupt"),
        (lambda: b"PK\x03\x04 broken archive", "cv_corrupt"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "cv_old_word"),
        (lambda: b"{\\rtf1\\ansi Jane}", "cv_unsupported"),
        (lambda: bytes(range(256)) * 8, "cv_unsupported"),
        (lambda: b"Jane Example, engineer.", "cv_too_short"),
    ],
)
def test_bad_files_get_a_reason(make, code: str) -> None:
    with pytest.raises(CVFileError) as caught:
        read_cv(make())
    assert caught.value.code == code


def test_zip_bomb_is_refused_before_anything_is_unpacked(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = data.zip_bomb_docx()
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(str(name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    with pytest.raises(CVFileError):
        read_cv(bomb)
    assert opened == []
    assert len(bomb) < 200_000  # small packed, 64 MB unpacked
