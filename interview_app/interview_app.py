"""The Reflex app: theme, head tags, pages and the lifespan tasks."""

import reflex as rx

from interview_app import cors, logs, models, pwa, security_headers  # noqa: F401  (tables registered for migrations)
from interview_app.api import api, upload_guard
from interview_app.api.upload_guard import UploadGuard
from interview_app.jobs import scheduler
from interview_app.pages import dev_outbox, errors, landing  # noqa: F401
from interview_app.pages.admin import (  # noqa: F401
    analytics,
    audit,
    generate,
    overview,
    question_edit,
    question_import,
    questions,
    reports,
    sessions,
    user_detail,
    users,
)
from interview_app.pages.auth import oauth_complete, recovery, register, sign_in  # noqa: F401
from interview_app.pages.candidate import (  # noqa: F401
    dashboard,
    history,
    interview_report,
    interview_run,
    interview_setup,
    notifications,
    onboarding,
    progress,
    question_bank,
    settings,
    settings_data,
    settings_security,
    trainer,
    trainer_quiz,
    trainer_topics,
)
from interview_app.state import edge
from interview_app.state.auth import AuthState
from interview_app.state.connection import require_session_proof

logs.configure()
cors.use_for_reflex()

app = rx.App(
    head_components=pwa.head_components(),
    stylesheets=["/app.css"],
    html_lang="en",
    api_transformer=[api, UploadGuard, security_headers.middleware],
)
edge.install(app)
upload_guard.install(app)
app.add_page(
    errors.not_found_page, route="404", title="Page not found · Interview Coach", on_load=AuthState.load_visitor
)
app.register_lifespan_task(scheduler.lifespan)
require_session_proof(app)
