"""Admin: bulk import of questions from CSV or JSON, with a dry run that reports errors per row."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_import import import_card, import_formats, import_row
from interview_app.components.admin_ui import error_callout, intro, native_select, section, stat_card, stat_grid
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.services.bank import importer as question_import
from interview_app.services.bank.importer import MAX_IMPORT_BYTES, ImportReport
from interview_app.state import edge
from interview_app.state.admin import AdminState, with_admin

UPLOAD_ID = "import-upload"
KIND_OPTIONS = [("interview", tr("admin.questions.kind.interview")), ("quiz", tr("admin.questions.kind.quiz"))]


class ImportState(AdminState):
    """The file being imported (kept on the server only) and its dry-run report."""

    kind: str = "interview"
    paste: str = ""
    filename: str = ""
    # The file's bytes: kept on the server between the dry run and the import, never sent to the browser.
    _raw: bytes = b""
    checked: bool = False
    applied: bool = False
    file_errors: rx.Field[list[str]] = rx.field(default_factory=list)
    # Per row: row, id, action, action_label, errors (joined).
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    counts: rx.Field[dict[str, int]] = rx.field(default_factory=dict)

    def _show(self, report: ImportReport) -> None:
        self.checked, self.applied = True, report.applied
        self.file_errors = report.file_errors
        self.rows = [
            {
                "row": r.row,
                "id": r.id or "—",
                "action": r.action,
                "action_label": self.t(keys.ADMIN_IMPORT_ACTION[r.action]),
                "errors": r.errors,
            }
            for r in report.rows
        ]
        self.counts = {a: report.count(a) for a in ("create", "update", "unchanged", "error")}
        self.counts["importable"] = report.importable

    def _dry_run(self, session: Any) -> None:
        self._show(question_import.dry_run(session, self.kind, self.filename, self._raw))

    @rx.event
    def load(self):
        """Start with an empty form."""
        if not self._is_admin("load"):
            return self._denied()
        self._raw, self.filename, self.checked, self.applied, self.rows, self.file_errors = (
            b"",
            "",
            False,
            False,
            [],
            [],
        )
        return None

    @rx.event
    @with_admin
    def set_kind(self, session: Session, admin: User, kind: str):
        """Import interview or quiz questions (checks the file again)."""
        if kind in ("interview", "quiz"):
            self.kind = kind
        if self._raw:
            self._dry_run(session)
        return None

    @rx.event
    @edge.max_chars(text=MAX_IMPORT_BYTES)
    def set_paste(self, text: str):
        """The pasted text changed."""
        if not self._is_admin("set_paste"):
            return self._denied()
        self.paste = str(text)[: MAX_IMPORT_BYTES + 1]
        return None

    @rx.event
    @with_admin
    def check_paste(self, session: Session, admin: User):
        """Dry-run the pasted CSV or JSON (an empty box keeps the uploaded file and its report)."""
        if not self.paste.strip():
            return rx.toast.info(self.t("admin.import.paste_empty"))
        self._raw = self.paste.encode()
        self.filename = self.t("admin.import.pasted")
        self._dry_run(session)
        return None

    @rx.event
    @with_admin
    async def upload(self, session: Session, admin: User, files: list[rx.UploadFile]):
        """Receive a CSV or JSON file and dry-run it (size checked here: the browser's limit is only a hint)."""
        if not files:
            return None
        file = files[0]
        self._raw = await file.read(MAX_IMPORT_BYTES + 1)
        self.filename = (file.filename or "upload")[:120]
        self._dry_run(session)
        return None

    @rx.event
    @with_admin
    def import_rows(self, session: Session, admin: User):
        """Import the valid rows of the checked file."""
        if not self._raw:
            return rx.toast.error(self.t("admin.import.nothing"))
        report = question_import.apply(session, admin, self.kind, self.filename, self._raw)
        self._show(report)
        if report.file_errors:
            return None
        return rx.toast.success(
            self.t("admin.import.done", created=report.count("create"), updated=report.count("update"))
        )


def _report() -> rx.Component:
    c = ImportState.counts
    return section(
        rx.cond(ImportState.applied, tr("admin.import.result"), tr("admin.import.dry_run")),
        rx.text(ImportState.filename, size="2", color_scheme="gray", margin_bottom="0.5rem"),
        error_callout(ImportState.file_errors.join(" "), "import-file-error"),
        rx.cond(
            ImportState.rows.length() > 0,
            rx.vstack(
                stat_grid(
                    stat_card(tr("admin.import.action.create"), c.get("create", 0).to(int)),
                    stat_card(tr("admin.import.action.update"), c.get("update", 0).to(int)),
                    stat_card(tr("admin.import.action.unchanged"), c.get("unchanged", 0).to(int)),
                    stat_card(tr("admin.import.action.error"), c.get("error", 0).to(int)),
                ),
                rx.vstack(
                    rx.foreach(ImportState.rows, import_card),
                    spacing="2",
                    width="100%",
                    display=["flex", "flex", "none"],
                    id="import-report-cards",
                ),
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(h)
                                    for h in (
                                        tr("admin.import.col_row"),
                                        tr("admin.import.col_id"),
                                        tr("admin.import.col_action"),
                                        tr("admin.import.col_errors"),
                                    )
                                ]
                            )
                        ),
                        rx.table.body(rx.foreach(ImportState.rows, import_row)),
                        size="1",
                        width="100%",
                        id="import-report",
                    ),
                    overflow_x="auto",
                    width="100%",
                    display=["none", "none", "block"],
                ),
                rx.cond(
                    ~ImportState.applied,
                    rx.flex(
                        rx.button(
                            rx.icon("upload", size=16),
                            tr("admin.import.import_valid"),
                            " (",
                            c.get("importable", 0).to(int),
                            ")",
                            on_click=ImportState.import_rows,
                            disabled=c.get("importable", 0).to(int) == 0,
                            id="import-apply",
                        ),
                        rx.text(tr("admin.import.skip_note"), size="1", color_scheme="gray"),
                        spacing="3",
                        align="center",
                        wrap="wrap",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
        ),
    )


def _sources() -> rx.Component:
    return rx.grid(
        section(
            tr("admin.import.upload"),
            rx.upload(
                rx.vstack(
                    rx.icon("file-up", size=28, color=rx.color("accent", 10)),
                    rx.text(tr("admin.import.drop"), size="2"),
                    rx.text(tr("admin.import.limits"), size="1", color_scheme="gray"),
                    align="center",
                    spacing="2",
                ),
                id=UPLOAD_ID,
                # The file input inside has no label of its own: assets/enhance.js gives it this one.
                custom_attrs={"data-input-label": tr("admin.import.upload")},
                multiple=False,
                max_files=1,
                max_size=MAX_IMPORT_BYTES,
                accept={"text/csv": [".csv"], "application/json": [".json"], "text/plain": [".csv", ".json"]},
                # The session token goes along: the guard in front of /_upload (api/upload_guard.py) checks it
                # before reading the file.
                on_drop=ImportState.upload(
                    rx.upload_files(
                        upload_id=UPLOAD_ID,
                        extra_headers={"Authorization": "Bearer " + ImportState.session_token},
                    )
                ),
                border=f"1px dashed {rx.color('accent', 8)}",
                border_radius="var(--radius-3)",
                padding="1.5rem",
                width="100%",
                cursor="pointer",
            ),
        ),
        section(
            tr("admin.import.paste"),
            rx.text_area(
                value=ImportState.paste,
                on_change=ImportState.set_paste,
                debounce_timeout=300,
                rows="6",
                width="100%",
                placeholder=tr("admin.import.paste_hint"),
                id="import-paste",
                font_family="var(--code-font-family)",
            ),
            rx.button(
                tr("admin.import.check"),
                on_click=ImportState.check_paste,
                disabled=ImportState.paste.strip() == "",
                variant="soft",
                margin_top="0.5rem",
                id="import-check",
            ),
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="3",
        width="100%",
    )


@rx.page(
    route=routes.ADMIN_IMPORT,
    title=tr("admin.import.page_title"),
    on_load=[ImportState.require_admin, ImportState.load],
)
def admin_import_page() -> rx.Component:
    return admin_shell(
        tr("admin.import.title"),
        routes.ADMIN_IMPORT,
        rx.vstack(
            intro(tr("admin.import.intro")),
            rx.flex(
                rx.text(tr("admin.import.kind"), size="2", weight="medium"),
                native_select(
                    ImportState.kind, KIND_OPTIONS, ImportState.set_kind, tr("admin.import.kind"), "import-kind"
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            _sources(),
            import_formats(),
            rx.cond(ImportState.checked, _report()),
            spacing="4",
            width="100%",
        ),
    )
