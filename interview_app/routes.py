"""Every route string and URL builder in one place."""

from urllib.parse import quote, urlencode

LANDING = "/"
SIGN_IN = "/sign-in"
REGISTER = "/register"
CHECK_EMAIL = "/check-email"
VERIFY_EMAIL = "/verify-email"
FORGOT_PASSWORD = "/forgot-password"
RESET_PASSWORD = "/reset-password"
CONFIRM_EMAIL_CHANGE = "/confirm-email"
ONBOARDING = "/onboarding"
DASHBOARD = "/dashboard"
SETTINGS = "/settings"
SETTINGS_SECURITY = "/settings/security"
SETTINGS_DATA = "/settings/data"
SETTINGS_INVOICES = "/settings/invoices"  # the candidate's payments and PDF receipts (plans on)
OFFLINE = "/offline"
DEV_OUTBOX = "/dev/outbox"
ADMIN = "/admin"
ADMIN_USERS = "/admin/users"
ADMIN_USER = "/admin/users/[user_id]"
ADMIN_QUESTIONS = "/admin/questions"
ADMIN_QUESTION = "/admin/questions/[kind]/[question_id]"
ADMIN_IMPORT = "/admin/questions/import"
ADMIN_GENERATE = "/admin/generate"
ADMIN_REPORTS = "/admin/reports"
ADMIN_SESSIONS = "/admin/sessions"
ADMIN_ANALYTICS = "/admin/analytics"
ADMIN_AUDIT = "/admin/audit"
ADMIN_SUBSCRIBERS = "/admin/subscribers"  # plans on: subscriptions, payments, refunds
ADMIN_REVENUE = "/admin/revenue"  # plans on: MRR, churn, ARPU per month
ADMIN_PLANS = "/admin/plans"  # what each plan costs and allows (prepared before plans are switched on, too)
ADMIN_COSTS = "/admin/costs"  # what the LLM and Whisper cost, per day, user and interview
ADMIN_SETTINGS = "/admin/settings"  # platform switches (fetching job adverts by address)
INTERVIEW_NEW = "/interview/new"
INTERVIEW_RUN = "/interview/[interview_id]"
INTERVIEW_REPORT = "/interview/[interview_id]/report"
HISTORY = "/history"
QUESTIONS = "/questions"
OAUTH_COMPLETE = "/oauth/complete"
TRAINER = "/trainer"
TRAINER_TOPICS = "/trainer/topics"
TRAINER_QUIZ = "/trainer/quiz/[quiz_id]"
NOTIFICATIONS = "/notifications"
PROGRESS = "/progress"
TAILOR = "/tailor"
COMPANIES = "/companies"
TAILOR_FIT = "/tailor/fit/[interview_id]"
PRICING = "/pricing"
BILLING_RETURN = "/billing/return"  # where the payment provider's hosted page sends the candidate back
API_ROOT = "/api"  # every HTTP API path; the current version under API_PREFIX
API_PREFIX = "/api/v1"
# The app's page that opens a hosted payment page by a form POST (Razorpay), and where that page posts back.
BILLING_CHECKOUT_API = f"{API_ROOT}/billing/checkout"


def oauth_start(provider: str) -> str:
    """The API route that sends the browser to `provider` for sign-in."""
    return f"{API_PREFIX}/auth/oauth/{provider}/start"


def oauth_callback(provider: str) -> str:
    """The API route `provider` redirects back to."""
    return f"{API_PREFIX}/auth/oauth/{provider}/callback"


def with_token(path: str, token: str, base: str = "") -> str:
    """`path?token=...`, optionally absolute under `base` (for e-mail links)."""
    return f"{base.rstrip('/')}{path}?{urlencode({'token': token})}"


def sign_in_then(next_path: str) -> str:
    """The sign-in page that returns to `next_path` afterwards."""
    return f"{SIGN_IN}?next={quote(next_path, safe='/')}"


def safe_next(next_path: str | None, default: str = DASHBOARD) -> str:
    """Only same-site absolute paths are followed after sign-in (no open redirects)."""
    if next_path and next_path.startswith("/") and not next_path.startswith("//") and "\\" not in next_path:
        return next_path
    return default


def after_sign_in(role: str, onboarded: bool, next_path: str | None = None) -> str:
    """Where a fresh sign-in goes.

    A new candidate goes to onboarding first; an admin (who needs none) to the admin area unless the link
    asked for another page; everyone else where they were heading.
    """
    if role == "admin":
        return safe_next(next_path, ADMIN)
    return safe_next(next_path) if onboarded else ONBOARDING


def interview(interview_id: int | str) -> str:
    """The page where the candidate answers the questions of one session."""
    return f"/interview/{interview_id}"


def tailor_fit(interview_id: int | str) -> str:
    """The fit matrix of one tailored interview."""
    return f"/tailor/fit/{interview_id}"


def interview_report(interview_id: int | str) -> str:
    """The report page of one session."""
    return f"/interview/{interview_id}/report"


def trainer_quiz(quiz_id: int | str) -> str:
    """The page where the candidate takes one quiz."""
    return f"/trainer/quiz/{quiz_id}"


def admin_user(user_id: int | str) -> str:
    """The admin page of one user."""
    return f"/admin/users/{user_id}"


def admin_question(kind: str, question_id: int | str) -> str:
    """The admin edit page of an interview or quiz question ("new" to create one)."""
    return f"/admin/questions/{kind}/{question_id}"
