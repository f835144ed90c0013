"""The data export's README in the account's language (English as before)."""

from __future__ import annotations

from datetime import UTC, datetime

from interview_app.i18n import t
from interview_app.services.privacy import data_export
from interview_app.services.privacy.data_export import ExportContent, Section

MADE = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def _content(lang: str) -> ExportContent:
    sections = [
        Section("account", ["name"], [{"name": "Minji"}], single=True),
        Section("answers", ["text"], [{"text": "a"}, {"text": "b"}]),
    ]
    return ExportContent(user_id=1, made_at=MADE, sections=sections, lang=lang)


def test_the_readme_is_written_in_the_accounts_language() -> None:
    english = data_export.readme(_content("en"))
    korean = data_export.readme(_content("ko"))
    assert "  json/account.json, csv/account.csv  (1 row): " + t("export.readme.section.account") in english
    assert "  json/answers.json, csv/answers.csv  (2 rows): " + t("export.readme.section.answers") in english
    assert "  json/answers.json, csv/answers.csv  (2행): " + t("export.readme.section.answers", "ko") in korean
    assert korean.startswith(t("export.readme.intro", "ko", made=MADE.isoformat()))
    assert t("export.readme.notes", "ko") in korean and t("export.readme.notes") not in korean
