"""The Reflex app: theme, head tags, pages and the lifespan tasks."""

import reflex as rx

from interview_app import cors, logs, models, page_meta, pwa, security_headers, static_cache  # noqa: F401  (tables registered for migrations)
from interview_app.api import api, upload_guard, warm_up, widen_worker_threads
from interview_app.api.upload_guard import UploadGuard
from interview_app.components.i18n import tr
from interview_app.jobs import scheduler
from interview_app.observability import events as event_metrics
from interview_app.observability import http as http_metrics
from interview_app.pages import dev_outbox, errors, landing  # noqa: F401
from interview_app.pages.accounts import (  # noqa: F401
    oauth_complete,
    onboarding,
    recovery,
    register,
    settings,
    settings_security,
    sign_in,
)
from interview_app.pages.admin import (  # noqa: F401
    analytics,
    audit,
    costs,
    generate,
    overview,
    plans,
    platform_settings,
    question_edit,
    question_import,
    questions,
    reports,
    revenue,
    sessions,
    subscribers,
    user_detail,
    users,
)
from interview_app.pages.bank import question_bank  # noqa: F401
from interview_app.pages.billing import checkout_return, invoices  # noqa: F401
from interview_app.pages.billing import pricing as billing_pricing  # noqa: F401
from interview_app.pages.interviews import history  # noqa: F401
from interview_app.pages.interviews import report as interview_report  # noqa: F401
from interview_app.pages.interviews import run as interview_run  # noqa: F401
from interview_app.pages.interviews import setup as interview_setup  # noqa: F401
from interview_app.pages.notifications import notifications  # noqa: F401
from interview_app.pages.privacy import settings_data  # noqa: F401
from interview_app.pages.progress import dashboard, progress  # noqa: F401
from interview_app.pages.tailoring import company_tracks, tailor  # noqa: F401
from interview_app.pages.tailoring import fit as tailoring_fit  # noqa: F401
from interview_app.pages.trainer import quiz as trainer_quiz  # noqa: F401
from interview_app.pages.trainer import topics as trainer_topics  # noqa: F401
from interview_app.pages.trainer import trainer  # noqa: F401
from interview_app.services.billing import plans as billing_plans
from interview_app.state import edge, heap, tabs
from interview_app.state.auth import AuthState
from interview_app.state.connection import require_session_proof

logs.configure()
cors.use_for_reflex()
billing_plans.install_quotas()  # PLANS_ENABLED: each user's plan sets their quotas (services/shared/limits.py)

app = rx.App(
    head_components=pwa.head_components(),
    stylesheets=["/app.css"],
    html_lang="en",
    api_transformer=[api, UploadGuard, security_headers.middleware, static_cache.middleware, http_metrics.middleware],
)
edge.install(app)
event_metrics.install(app)
tabs.install(app)
upload_guard.install(app)
page_meta.add_pages(app)  # every page above, once, with a meta description
app.add_page(errors.not_found_page, route="404", title=tr("not_found.page_title"), on_load=AuthState.load_visitor)
app.register_lifespan_task(scheduler.lifespan)
app.register_lifespan_task(heap.lifespan)  # the collector's full passes skip what lives long (state/heap.py)
app.register_lifespan_task(widen_worker_threads)  # before any request: the API's thread pool (api/__init__.py)
app.register_lifespan_task(warm_up)  # before any request: the first connection and password hash (api/__init__.py)
require_session_proof(app)
