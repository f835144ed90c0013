"""User-facing text in one place, keyed, so that other languages can follow English.

`t("key", **values)` formats the text for the current language; services raise
errors carrying a key, and pages and states turn keys into words with `t`.
"""

from __future__ import annotations

from interview_app.strings_admin import ADMIN_EN
from interview_app.strings_api import API_EN
from interview_app.strings_privacy import PRIVACY_EN
from interview_app.strings_progress import PROGRESS_EN
from interview_app.strings_security import SECURITY_EN
from interview_app.strings_tailoring import TAILORING_EN
from interview_app.strings_tracks import TRACKS_EN
from interview_app.strings_trainer import TRAINER_EN
from interview_app.strings_two_factor import TWO_FACTOR_EN

EN: dict[str, str] = {
    # validation and account errors
    "email_invalid": "Enter a valid e-mail address, like name@example.com.",
    "name_required": "Enter your name (1 to 120 characters).",
    "password_required": "Enter your password.",
    "too_short": "Use at least {min_length} characters. A short sentence works well.",
    "too_long": "Use at most 256 characters.",
    "common": "That password is one of the most common ones; choose something less guessable.",
    "personal": "Do not use your e-mail address or name as the password.",
    "password_mismatch": "The two passwords do not match.",
    "bad_credentials": "That e-mail and password do not match an account.",
    "account_inactive": "This account has been deactivated. Contact the administrator.",
    "rate_limited_signin": "Too many sign-in attempts. Try again in {wait}.",
    "rate_limited": "Too many attempts. Try again in {wait}.",
    "rate_limited_reset": "Too many reset requests for this address. Try again in {wait}.",
    "token_invalid": "This link is invalid, already used or expired. Ask for a new one.",
    "current_password_wrong": "Your current password is not correct.",
    "same_email": "That is already your e-mail address.",
    "oauth_unavailable": "That sign-in option is not set up on this server.",
    "oauth_state_invalid": "The sign-in took too long or was already used. Please try again.",
    "oauth_failed": "The provider did not confirm your sign-in. Please try again.",
    "oauth_denied": "Sign-in was cancelled at the provider.",
    "oauth_no_email": "The provider did not share an e-mail address, which we need for your account.",
    "oauth_email_unverified": (
        "An account already uses this e-mail, and the provider has not verified it. "
        "Sign in with your password, or verify the address at the provider first."
    ),
    "session_expired": "Your session has ended. Please sign in again.",
    "not_allowed": "You do not have access to that.",
    # answers that must not reveal whether an account exists
    "register_sent": "Check your inbox: we sent a link to {email} to confirm the address.",
    "reset_sent": "If an account uses {email}, a reset link is on its way. It works for 60 minutes.",
    "email_change_sent": "We sent a confirmation link to {email}. Your address changes when you open it.",
    # e-mails
    "mail_verify_subject": "Confirm your e-mail for Interview Coach",
    "mail_verify_body": (
        "Hello {name},\n\nWelcome to Interview Coach. Confirm your e-mail address by opening this link:\n\n"
        "{link}\n\nThe link works for {hours} hours. If you did not create an account, ignore this message."
    ),
    "mail_exists_subject": "Someone tried to register with your e-mail",
    "mail_exists_body": (
        "Hello {name},\n\nSomeone (perhaps you) tried to create an Interview Coach account with this address, "
        "but you already have one. Sign in here:\n\n{signin}\n\nForgot your password? Reset it here:\n\n{reset}\n"
    ),
    "mail_reset_subject": "Reset your Interview Coach password",
    "mail_reset_body": (
        "Hello {name},\n\nWe received a request to reset your password. Choose a new one here:\n\n{link}\n\n"
        "The link works for {minutes} minutes and only once. If you did not ask, ignore this message; "
        "your password stays as it is."
    ),
    "mail_change_subject": "Confirm your new e-mail for Interview Coach",
    "mail_change_body": (
        "Hello {name},\n\nOpen this link to make {email} the e-mail of your Interview Coach account:\n\n{link}\n\n"
        "The link works for {hours} hours."
    ),
    "mail_change_notice_subject": "Your Interview Coach e-mail is about to change",
    "mail_change_notice_body": (
        "Hello {name},\n\nSomeone signed in to your account asked to change its e-mail to {email}. "
        "If that was not you, change your password now and sign out everywhere."
    ),
    "mail_change_taken_subject": "An Interview Coach account already uses this address",
    "mail_change_taken_body": (
        "Hello,\n\nSomeone asked to move an Interview Coach account to this address, but an account already "
        "uses it, so nothing changed. If this was you, sign in with this address instead."
    ),
    "mail_password_changed_subject": "Your Interview Coach password was changed",
    "mail_password_changed_body": (
        "Hello {name},\n\nThe password of your account was just changed and every other device was signed out. "
        "If this was not you, reset your password now:\n\n{reset}\n"
    ),
    # reminders: in the app, by e-mail (with one-click unsubscribe) and by web push
    "reminder.in_app.title": "Your daily quiz is ready",
    "reminder.in_app.body": "A few questions, a few minutes: answer today's quiz to keep your practice going.",
    "reminder.email.subject": "Your daily Interview Coach quiz is waiting",
    "reminder.email.body": (
        "Hello {name},\n\nToday's quiz is ready and takes a few minutes:\n\n{link}\n\n"
        "You get this e-mail because reminders by e-mail are on. Stop them with one click:\n\n{unsubscribe}\n\n"
        "Or choose how and when you are reminded in Settings:\n\n{settings}\n"
    ),
    "reminder.push.title": "Your daily quiz is ready",
    "reminder.push.body": "A few questions, a few minutes. Tap to start.",
    "reminder.unsubscribe.title": "Reminder e-mails turned off",
    "reminder.unsubscribe.done": "You will no longer get reminder e-mails from Interview Coach.",
    "reminder.unsubscribe.settings": "Changed your mind? Turn them back on in Settings",
    "reminder.unsubscribe.invalid_title": "This unsubscribe link does not work",
    "reminder.error.unsubscribe_invalid": (
        "The link is incomplete or was changed. Open it again from the e-mail, or turn reminder e-mails off "
        "in Settings."
    ),
    "push.error.signed_out": "You are signed out. Sign in again to turn on push notifications.",
    "push.error.request_invalid": "The browser sent a subscription the server could not read.",
    "push.error.endpoint_invalid": "The browser's push address is not one the server can send to.",
    "push.error.endpoint_insecure": "Push notifications need a secure (https) push address.",
    "push.error.keys_invalid": "The browser's push keys are missing or malformed.",
    "push.error.rate_limited": "Too many changes to push notifications. Try again in a few minutes.",
    "push.unsupported": (
        "This browser cannot show push notifications. On iPhone and iPad, add Interview Coach to the Home "
        "Screen first and open it from there."
    ),
    "push.denied": (
        "Notifications are blocked for this site. Allow them in the browser's site settings, then try again."
    ),
    "push.enabled": "Push notifications are on for this device.",
    "push.disabled": "Push notifications are off for this device.",
    "push.failed": "Push notifications could not be turned on. Check the connection and try again.",
    # shared across pages
    "common.app_name": "Interview Coach",
    "common.home_label": "Interview Coach home",
    "common.theme_toggle": "Switch light and dark theme",
    "common.sign_in": "Sign in",
    "common.open_dashboard": "Open dashboard",
    "common.continue": "Continue",
    "common.back_to_sign_in": "Back to sign in",
    "common.forgot_password": "Forgot your password?",
    "common.sign_out_everywhere": "Sign out everywhere",
    "common.or": "or",
    "common.loading": "Loading…",
    "common.continue_with": "Continue with ",
    "field.name": "Name",
    "field.email": "E-mail",
    "field.email_placeholder": "you@example.com",
    "field.password": "Password",
    "field.new_password": "New password",
    "field.repeat_new_password": "Repeat new password",
    "field.password_hint_short": "At least 10 characters.",
    # public layout (header and footer)
    "public.get_started": "Get started",
    "public.footer": "Interview Coach is open source. It runs on your own machine; your answers stay with you.",
    # signed-in shell: navigation, account menu, e-mail reminder
    "nav.dashboard": "Dashboard",
    "nav.settings": "Settings",
    "nav.security": "Security",
    "nav.main_label": "Main",
    "nav.more": "More",
    "nav.more_label": "More pages",
    "nav.account_menu": "Account menu",
    "nav.menu.settings": "Settings",
    "nav.menu.sign_out": "Sign out",
    "nav.menu.sign_out_everywhere": "Sign out everywhere",
    "shell.verify_banner": "Please confirm your e-mail address; we sent you a link.",
    "shell.verify_resend": "Send a new link",
    # landing page
    "landing.page_title": "Interview Coach · practise interviews with instant feedback",
    "landing.page_description": (
        "Rehearse real interviews by voice, video or text and get honest, specific feedback. Open source and private."
    ),
    # <meta name="description"> of the pages other than the landing (interview_app/page_meta.py)
    "meta.sign_in": "Sign in to Interview Coach to practise interviews and see your feedback and progress.",
    "meta.register": (
        "Create a free Interview Coach account: mock interviews by voice or text, scored feedback and a daily trainer."
    ),
    "meta.forgot_password": "Forgot your Interview Coach password? Get a link to choose a new one by e-mail.",
    "meta.companies": "Company interview tracks: how well-known employers interview, and a practice loop for each.",
    "meta.default": "Interview Coach: rehearse interviews, get honest feedback and track your progress.",
    "landing.badge": "Free · open source · works offline",
    "landing.headline": "Walk into your next interview ready.",
    "landing.lead": (
        "Interview Coach listens to your answers, scores them on a clear rubric and tells you exactly what "
        "to improve, then keeps you sharp with a short daily trainer."
    ),
    "landing.open_your_dashboard": "Open your dashboard",
    "landing.start_free": "Start practising free",
    "landing.have_account": "I have an account",
    "landing.feature.voice.title": "Rehearse out loud",
    "landing.feature.voice.text": (
        "Answer by voice, video or text with a timer, follow-up questions and an interviewer who reads questions aloud."
    ),
    "landing.feature.feedback.title": "Feedback you can act on",
    "landing.feature.feedback.text": (
        "Every answer is scored on a clear rubric, with strengths and "
        "improvements that quote what you actually said, plus a model answer."
    ),
    "landing.feature.trainer.title": "A daily trainer",
    "landing.feature.trainer.text": (
        "Five focused minutes a day: quizzes with explanations and spaced repetition, so what you learn sticks."
    ),
    "landing.feature.progress.title": "See yourself improve",
    "landing.feature.progress.text": (
        "Scores over time, a skill radar and a study plan counted back from your interview date."
    ),
    "landing.feature.privacy.title": "Private by design",
    "landing.feature.privacy.text": (
        "Runs entirely on your own machine: speech recognition and scoring work offline. Your recordings stay yours."
    ),
    "landing.feature.devices.title": "On any device",
    "landing.feature.devices.text": "Practise at your desk or on your phone; install it like an app.",
    "landing.how_it_works": "How it works",
    "landing.step.role.title": "Tell us the role",
    "landing.step.role.text": "Pick the job, your level and your interview date.",
    "landing.step.practise.title": "Practise a mock interview",
    "landing.step.practise.text": "Behavioural, technical, system design or mixed, at your difficulty.",
    "landing.step.coached.title": "Get coached",
    "landing.step.coached.text": "Scores, quotes from your answers, what to say instead, and what to practise next.",
    # 404 and offline pages
    "not_found.heading": "We could not find that page",
    "not_found.text": "The link may be old or mistyped.",
    "not_found.go_home": "Go home",
    "offline.page_title": "Offline · Interview Coach",
    "offline.heading": "You are offline",
    "offline.text": "Your answers are saved as you type; reconnect to continue.",
    "offline.retry": "Try again",
    # development outbox
    "outbox.page_title": "Outbox (administrators) · Interview Coach",
    "outbox.heading": "Local outbox",
    "outbox.intro": (
        "E-mails go here while no SMTP server is configured (development only). Set SMTP_HOST to send real e-mail. "
        "Only administrators can read this page: the messages hold sign-in and password-reset links."
    ),
    "outbox.disabled": "The outbox page is turned off in production.",
    "outbox.sign_in_as_admin": (
        "Only administrators can read the outbox, because its messages hold password-reset links. "
        "Sign in with an administrator account to read it."
    ),
    "outbox.admins_only": (
        "Only administrators can read the outbox, because its messages hold other people's password-reset links."
    ),
    "outbox.own_in_inbox": "The e-mails sent to your own address are on your notifications page.",
    "outbox.open_inbox": "Open notifications",
    "outbox.cli_hint": "On the machine running the app: ",
    "outbox.refresh": "Refresh",
    "outbox.empty": "No messages yet.",
    "outbox.to": "To ",
    "outbox.separator": " · ",
    "outbox.open_link": "Open ",
    # sign in
    "signin.page_title": "Sign in · Interview Coach",
    "signin.title": "Welcome back",
    "signin.subtitle": "Sign in to keep practising.",
    "signin.new_here": "New here? ",
    "signin.create_account": "Create an account",
    # register
    "register.page_title": "Create your account · Interview Coach",
    "register.title": "Create your account",
    "register.subtitle": "Practise interviews with instant, honest feedback. Free and private.",
    "register.sent_hint": "The link works for 48 hours. Nothing arrived? Check your spam folder.",
    "register.go_to_sign_in": "Go to sign in",
    "register.password_hint": "At least 10 characters. A short sentence is strong and easy to remember.",
    "register.repeat_password": "Repeat password",
    "register.submit": "Create account",
    "register.have_account": "Already have an account? ",
    # signing in with Google, GitHub or LinkedIn
    "oauth_complete.page_title": "Signing in · Interview Coach",
    "oauth_complete.title": "Signing you in",
    "oauth_complete.waiting": "One moment…",
    # links from e-mails and password reset
    "link.checking": "Checking your link…",
    "link.email_confirmed": "Your e-mail address is confirmed.",
    "link.email_confirmed_signed_in": "Your e-mail address is confirmed and you are signed in.",
    "link.email_changed": "Your e-mail address is now {email}.",
    "verify.page_title": "Confirm e-mail · Interview Coach",
    "verify.title": "Confirm your e-mail",
    "confirm_change.page_title": "Confirm new e-mail · Interview Coach",
    "confirm_change.title": "Confirm your new e-mail",
    "forgot.page_title": "Reset password · Interview Coach",
    "forgot.title": "Reset your password",
    "forgot.subtitle": "Enter the e-mail you signed up with and we will send you a link.",
    "forgot.submit": "Send reset link",
    "reset.page_title": "Choose a new password · Interview Coach",
    "reset.title": "Choose a new password",
    "reset.done": "Your password is changed. Every device was signed out; sign in with the new password.",
    "reset.submit": "Save new password",
    "reset.ask_new_link": "Ask for a new link",
    # dashboard
    "dashboard.page_title": "Dashboard · Interview Coach",
    "dashboard.title": "Dashboard",
    "dashboard.greeting": "Hello, ",
    "dashboard.greeting_anonymous": "Hello!",
    "dashboard.no_goal.before": "No target role yet. ",
    "dashboard.no_goal.link": "Choose one in settings",
    "dashboard.no_goal.after": " and your interviews will fit it.",
    "dashboard.first.start": "Start your first interview",
    "dashboard.first.trainer": "or warm up with today's quiz",
    "dashboard.preparing.before": "You are preparing for ",
    "dashboard.preparing.middle": " (",
    "dashboard.preparing.after": ").",
    "dashboard.countdown.days": " days until your interview.",
    "dashboard.countdown.passed": "Your interview date has passed. How did it go? Set a new date in settings.",
    "dashboard.countdown.none.before": "No interview date yet. ",
    "dashboard.countdown.none.link": "Add one",
    "dashboard.countdown.none.after": " and we will plan your practice around it.",
    "dashboard.companies": "Target companies: ",
    "dashboard.companies_separator": ", ",
    "dashboard.empty.interviews.title": "Mock interviews",
    "dashboard.empty.interviews.text": (
        "Answer a few questions for your role, out loud or typed, and get a score with feedback on each answer."
    ),
    "dashboard.empty.progress.title": "Progress",
    "dashboard.empty.progress.text": (
        "Scores over time, a skill radar, readiness for your interview date and a study plan: open Progress."
    ),
    "dashboard.skills": "Skills you are sharpening",
    # onboarding
    "onboarding.page_title": "Set up your practice · Interview Coach",
    "onboarding.step.goal": "Your goal",
    "onboarding.step.skills": "Your skills",
    "onboarding.step.practice": "How you practise",
    "onboarding.intro": "A minute now makes every interview fit you. You can change all of it later.",
    "onboarding.progress.step": "Step ",
    "onboarding.progress.of": " of 3",
    "onboarding.progress_label": "Onboarding progress",
    "onboarding.back": "Back",
    "onboarding.continue": "Continue",
    "onboarding.finish": "Finish and open my dashboard",
    # profile form (onboarding and settings)
    "profile.role.label": "Which role are you preparing for?",
    "profile.role.placeholder": "Choose a role",
    "profile.role.aria": "Target role",
    "profile.role.other": "Another role (type it)",
    "profile.role_text.label": "Your role",
    "profile.role_text.placeholder": "e.g. Solutions Architect",
    "profile.level.label": "Experience level",
    "profile.interview_date.label": "Interview date (optional)",
    "profile.interview_date.hint": "We count down and plan around it.",
    "profile.companies.label": "Target companies (optional)",
    "profile.companies.hint": "Separate with commas.",
    "profile.companies.placeholder": "e.g. Acme, Globex",
    "profile.skills.label": "Your skills",
    "profile.skills.hint": "Separate with commas. These steer question choice.",
    "profile.skills.placeholder": "e.g. Python, SQL, stakeholder communication",
    "profile.skills.suggested": "Suggested for this role",
    "profile.difficulty.label": "Preferred difficulty",
    "profile.timer.label": "Use a timer for each answer",
    "profile.answer_seconds.label": "Seconds per answer",
    "profile.answer_seconds.hint": "30 to 600 seconds.",
    "profile.trainer_time.label": "Daily trainer time",
    "profile.trainer_time.hint": "When your daily quiz is ready.",
    "profile.timezone.label": "Time zone",
    "profile.reminders": "Reminders",
    "profile.remind_in_app": "In the app",
    "profile.remind_email": "By e-mail",
    "profile.remind_push": "Push notifications on this device (when installed)",
    "profile.language.label": "Language",
    "profile.saved": "Settings saved.",
    "profile.needs_attention": "Some fields need your attention.",
    # profile levels, difficulties and validation (services/profiles.py)
    "level.intern": "Intern or student",
    "level.junior": "Junior, 0-2 years",
    "level.mid": "Mid-level, 2-5 years",
    "level.senior": "Senior, 5+ years",
    "level.staff": "Staff or lead",
    "level.manager": "Manager",
    "difficulty.easy": "Easy",
    "difficulty.medium": "Medium",
    "difficulty.hard": "Hard",
    "profile.error.role_required": "Choose a role from the list or type your own.",
    "profile.error.role_too_long": "Keep the role under 120 characters.",
    "profile.error.level": "Choose your experience level.",
    "profile.error.too_many_items": "List at most {count} items.",
    "profile.error.item_too_long": "Keep each item under {length} characters.",
    "profile.error.date_format": "Enter the date as YYYY-MM-DD, or leave it empty.",
    "profile.error.date_past": "That date is long past; leave it empty if you have no date yet.",
    "profile.error.timezone": "Choose a time zone from the list.",
    "profile.error.difficulty": "Choose easy, medium or hard.",
    "profile.error.answer_seconds": "Choose between 30 and 600 seconds per answer.",
    "profile.error.trainer_time": "Enter a time as HH:MM, for example 08:00.",
    "profile.error.quiz_length": "Choose one of the quiz sizes offered.",
    "profile.error.daily_goal": "Choose one of the daily goals offered.",
    "profile.error.quiz_seconds": "Enter between {low} and {high} seconds.",
    "profile.error.quiet_same": "Quiet hours need different start and end times (or switch them off).",
    "profile.error.language": "Choose a language from the list.",
    # settings
    "settings.page_title": "Settings · Interview Coach",
    "settings.title": "Settings",
    "settings.goal.title": "Your goal",
    "settings.goal.text": "The role and level your interviews are built for.",
    "settings.skills.title": "Your skills",
    "settings.skills.text": "Questions and the study plan lean on these.",
    "settings.practice.title": "Practice",
    "settings.practice.text": "Difficulty, the answer timer, your time zone and your recordings.",
    "settings.trainer.title": "Daily trainer and reminders",
    "settings.trainer.text": "How long your daily quiz is, your daily goal, and when and how we remind you.",
    "settings.save": "Save settings",
    # security settings
    "security.page_title": "Security · Interview Coach",
    "security.title": "Security",
    "security.password.title": "Password",
    "security.password.text": "Changing it signs out every other device.",
    "security.current_password": "Current password",
    "security.change_password": "Change password",
    "security.password_changed": "Password changed. Every other device was signed out.",
    "security.password_changed_toast": "Password changed.",
    "security.verification_sent": "We sent a new confirmation link.",
    "security.no_password.before": (
        "You sign in with Google, GitHub or LinkedIn, so this account has no password yet. To add one, use "
    ),
    "security.no_password.after": " with your e-mail address; a password is needed before the e-mail can change.",
    "security.new_email": "New e-mail",
    "security.send_confirmation": "Send confirmation link",
    "security.email.title": "E-mail address",
    "security.email.text": "We send a link to the new address; the change happens when you open it.",
    "security.email.current": "Current: ",
    "security.sessions.title": "Sessions",
    "security.sessions.text": "Signed in on a shared or lost device? End every session at once.",
    "security.sessions.confirm_title": "Sign out on every device?",
    "security.sessions.confirm_text": "You will need to sign in again here too.",
    "security.sessions.cancel": "Cancel",
    "nav.interview": "Interview",
    "nav.questions": "Questions",
    "nav.history": "History",
    "bank.all_competencies": "All competencies",
    "bank.all_levels": "All levels",
    "bank.all_roles": "All roles",
    "bank.all_types": "All types",
    "bank.competency": "Competency",
    "bank.difficulty": "Difficulty",
    "bank.found": "Matching questions:",
    "bank.more": "Show more",
    "bank.page_title": "Question bank · Interview Coach",
    "bank.practise": "Practise",
    "bank.role": "Role",
    "bank.search": "Search questions and topics",
    "bank.title": "Question bank",
    "bank.type": "Type",
    "history.delete": "Delete this session",
    "history.delete_confirm": "Delete session",
    "history.delete_text": (
        "This deletes the session with all its answers, recordings and feedback. It cannot be undone."
    ),
    "history.delete_title": "Delete this interview?",
    "history.deleted": "The session was deleted.",
    "history.empty": "No interviews yet. Start one to see it here.",
    "history.filter.all": "All sessions",
    "history.filter.all_types": "All types",
    "history.filter.status": "Filter by status",
    "history.filter.type": "Filter by type",
    "history.page_title": "History · Interview Coach",
    "history.status.abandoned": "Abandoned",
    "history.status.completed": "Completed",
    "history.status.in_progress": "In progress",
    "history.title": "Interview history",
    "history.questions": "questions",
    "interview.error.not_found": "That interview was not found.",
    "interview.error.too_long": (
        "Your answer is longer than the limit; shorten it before sending. Nothing you typed is lost."
    ),
    "interview.error.empty": "Write an answer before sending, or skip the question.",
    "interview.error.already_answered": "This answer was already sent; here is the next question.",
    "interview.error.not_current": "That question is no longer the current one; the page now shows where you are.",
    "interview.error.paused": "The interview is paused. Resume it to send your answer.",
    "interview.error.session_over": "This interview has ended.",
    "interview.error.no_questions": "No questions match these settings yet. Try another type or difficulty.",
    "interview.error.bad_type": "Choose an interview type.",
    "interview.error.bad_difficulty": "Choose a difficulty.",
    "interview.error.bad_count": "Choose between 3 and 15 questions.",
    "interview.error.bad_focus": "Choose up to five focus areas from the list.",
    "interview.error.bad_limit": "Choose a time limit between 30 seconds and 15 minutes.",
    "interview.error.bad_mode": "Choose an answer mode.",
    "interview.error.not_spoken": "This interview takes typed answers; start a voice or video interview to record.",
    "interview.error.empty_piece": "A part of the recording arrived empty; it is sent again automatically.",
    "interview.error.piece_too_large": "A part of the recording was too large to accept.",
    "interview.error.recording_too_large": (
        "The recording is too large. Stop and hand in what you have, or record a shorter answer."
    ),
    "interview.error.recording_too_long": "The recording is longer than the 15 minutes an answer can take.",
    "interview.error.not_audio": "That did not decode as audio or video, so it was not kept. Record again.",
    "interview.error.out_of_order": "Parts of the recording arrived out of order; the rest is being sent again.",
    "interview.error.missing_pieces": "Some parts of the recording have not arrived yet; they are being sent again.",
    "interview.error.no_recording": "There is no recording for this question yet. Press Record to answer out loud.",
    "interview.error.too_short": "The recording is too short to transcribe. Record at least a sentence.",
    "interview.error.still_transcribing": "Your answer is still being transcribed; it takes a few seconds.",
    "interview.error.signed_out": "You are signed out. Sign in again; your recording is kept on this page.",
    "interview.error.rate_limited": "Too many uploads at once. Wait a moment; the recording is kept.",
    "interview.error.link_expired": "This playback link has expired. Reload the report.",
    "interview.type.behavioural": "Behavioural",
    "interview.type.technical": "Technical",
    "interview.type.system_design": "System design",
    "interview.type.mixed": "Mixed",
    "question.type.behavioural": "Behavioural",
    "question.type.technical": "Technical",
    "question.type.system_design": "System design",
    "question.type.situational": "Situational",
    "rubric.relevance": "Relevance",
    "rubric.structure": "Structure",
    "rubric.specificity": "Specificity",
    "rubric.impact": "Impact and fit",
    "interview.report.again": "New interview",
    "interview.report.pdf": "Download PDF",
    "interview.run.progress_aria": "Questions done",
    "interview.report.breakdown": "Score by dimension",
    "interview.report.breakdown_answered": "Score by dimension, answered questions only",
    "interview.report.counted_all": (
        "The score is the average of all {counted} questions; every one was answered and none was skipped."
    ),
    "interview.report.counted_skipped": (
        "The score is the average of all {counted} questions: {answered} answered, {skipped} skipped. A skipped "
        "question counts as 0. Your answered questions alone average {average}/100, which the chart shows."
    ),
    "interview.report.counted_none": (
        "No question was answered, so the score is 0: all {counted} questions were skipped, and a skipped "
        "question counts as 0."
    ),
    "interview.report.questions": "Question by question",
    "interview.report.details": "Your answer and feedback",
    "interview.report.chart_alt": "Score by dimension: ",
    "interview.report.improvements": "To improve",
    "interview.report.key_points": "Key points",
    "interview.report.point_covered": "covered",
    "interview.report.point_partly": "touched on, not clearly made",
    "interview.report.point_missing": "missing",
    "interview.report.model_answer": "Show the model answer",
    "interview.report.next": "What to practise next",
    "interview.report.page_title": "Interview report · Interview Coach",
    "interview.report.pending": "Scoring your answers…",
    "interview.report.scoring": "Scoring…",
    "interview.report.skipped": "Skipped",
    "interview.report.not_answered": "Not answered yet",
    "interview.report.failed": "Could not be scored",
    "interview.report.strengths": "Strengths",
    "interview.report.title": "Interview report",
    "interview.report.untitled": "Mock interview",
    "interview.report.your_answer": "Your answer",
    "interview.voice.state_idle": "Press Record and answer out loud, as you would in the interview.",
    "interview.voice.state_starting": "Starting the microphone…",
    "interview.voice.state_recording": "Recording: your answer is saved as you speak.",
    "interview.voice.state_speaking": "The interviewer is reading the question…",
    "interview.voice.state_stopped": "Recording stopped. Listen back, record again, or hand it in.",
    "interview.voice.state_saved": "A recording of this answer is saved. Hand it in, or record again.",
    "interview.voice.state_sending": "Handing in your answer…",
    "interview.voice.level": "Microphone level",
    "interview.voice.playback": "Listen to your answer",
    "interview.voice.record": "Record",
    "interview.voice.answer_now": "Answer now",
    "interview.voice.stop": "Stop",
    "interview.voice.hand_in": "Hand in answer",
    "interview.voice.record_again": "Record again",
    "interview.voice.read_aloud": "Read question aloud",
    "interview.voice.retry": "Try again",
    "interview.voice.continue": "Continue",
    "interview.voice.send_failed": "Your answer could not be handed in. It is kept; try again.",
    "interview.voice.failed": "Your answer could not be processed.",
    "interview.voice.no_speech": "No speech was heard in this recording. Check your microphone and record again.",
    "interview.voice.transcript": "What we heard",
    "interview.voice.full_feedback": "The full feedback, with the model answer, is in the report.",
    "interview.voice.step_uploaded": "Uploaded",
    "interview.voice.step_transcribing": "Transcribing",
    "interview.voice.behind": "Transcribing, {n} s behind",
    "interview.voice.step_scoring": "Scoring",
    "interview.voice.step_ready": "Ready",
    "interview.voice.m_pace": "{wpm} words/min",
    "interview.voice.m_fillers": "Filler words: {n} ({per_minute}/min)",
    "interview.voice.m_pauses": "Pauses: {n} (longest {longest} s)",
    "interview.voice.m_hedges": "Hedging phrases: {n}",
    "interview.voice.m_talk": "Talk time {talk}",
    "interview.voice.m_talk_of": "Talk time {talk} of {limit}",
    "interview.voice.confidence_checking": (
        "Filler count so far: {heard} in the transcript, {recovered} recovered. Still listening again to the "
        "hesitations at the end ({pending} left); the count and the score may change slightly in a moment."
    ),
    "interview.voice.confidence_high": (
        "Filler count: high confidence ({heard} in the transcript, {recovered} more recovered by listening again "
        "to hesitations the transcript left out)."
    ),
    "interview.voice.confidence_medium": (
        "Filler count: medium confidence ({heard} in the transcript, {recovered} recovered); a few hesitations "
        "could not be told apart from pauses, so the true count may be a little higher."
    ),
    "interview.voice.confidence_low": (
        "Filler count: low confidence ({heard} in the transcript, {recovered} recovered); many hesitations could "
        "not be classified, so treat the number as a lower bound."
    ),
    "interview.voice.audio_note": (
        "Audio is uploaded while you speak, so nothing is lost if the page closes. Recordings are kept as set in "
        "Settings; transcripts stay."
    ),
    "interview.voice.video_note": (
        "Video is stored with your answer so you can watch it back. We do not analyse your face, eyes or "
        "emotions: feedback uses only what you say and how you say it (pace, pauses, fillers, talk time)."
    ),
    "interview.voice.hands_free_note": (
        "Hands-free: each question is read aloud, recording starts when it ends and stops after about four "
        "seconds of silence; the interview moves on by itself. Use Stop or Pause at any time."
    ),
    "interview.run.answer_label": "Your answer",
    "interview.run.answer_saved": "Answer saved. Next question.",
    "interview.run.draft_restored": "Your draft was restored.",
    "interview.run.end": "End interview",
    "interview.run.end_confirm": "End now",
    "interview.run.end_text": (
        "Unsent text in the box is kept as your answer; the remaining questions are marked as skipped."
    ),
    "interview.run.end_title": "End the interview now?",
    "interview.run.follow_up": "Follow-up",
    "interview.run.follow_up_notice": "Answer saved. The interviewer has a follow-up question.",
    "interview.run.of": "of",
    "interview.run.page_title": "Interview · Interview Coach",
    "interview.run.pause": "Pause",
    "interview.run.paused": "Paused. The clock is stopped; resume when you are ready.",
    "interview.run.placeholder": "Type your answer as you would say it…",
    "interview.run.question": "Question",
    "interview.run.resume": "Resume",
    "interview.run.saved_at": "Draft saved at {time}",
    "interview.run.skip": "Skip",
    "interview.run.skipped": "Question skipped.",
    "interview.run.submit": "Send answer",
    "interview.run.times_up": "Time is up for that question.",
    "interview.run.title": "Mock interview",
    "interview.setup.count": "Number of questions:",
    "interview.setup.difficulty": "Difficulty",
    "interview.setup.focus": "Focus areas (optional)",
    "interview.setup.focus_hint": "Pick up to five competencies to practise.",
    "interview.setup.intro": "Questions are chosen for your role and skip ones you saw recently.",
    "interview.setup.limit": "Time per question",
    "interview.setup.mode": "Answer by",
    "interview.mode.text": "Typing",
    "profile.retention.label": "Keep my voice and video recordings for",
    "profile.retention.hint": (
        "Recordings are deleted after this time; transcripts, scores and feedback stay. Deleting an interview "
        "deletes its recordings at once."
    ),
    "profile.retention.7": "7 days",
    "profile.retention.30": "30 days",
    "profile.retention.90": "90 days",
    "profile.retention.forever": "Until I delete them",
    "profile.error.retention": "Choose how long recordings are kept.",
    "interview.report.m_pace": "Words/min",
    "interview.report.m_fillers": "Filler words",
    "interview.report.m_pauses": "Pauses",
    "interview.report.m_hedges": "Hedging phrases",
    "interview.report.m_talk": "Talk time",
    "interview.report.pace_chart": (
        "Pace over the answer (words per minute in 10-second steps; full height is 200, 110-170 is easy to follow)"
    ),
    "interview.report.transcript_legend": (
        "Highlighted: filler words (in brackets: ones the transcript left out but a second listen heard); "
        "dotted: hedging phrases; [pause]: silences of 1.5 s or more."
    ),
    "interview.report.media_deleted": "The recording was deleted as set in Settings; the transcript is kept.",
    "interview.report.fillers_checking": "Filler count: still listening again to a few hesitations.",
    "interview.report.fillers_high": "Filler count: high confidence.",
    "interview.report.fillers_medium": "Filler count: medium confidence; a few hesitations could not be classified.",
    "interview.report.fillers_low": "Filler count: low confidence; treat it as a lower bound.",
    "interview.mode.audio": "Voice",
    "interview.mode.video": "Video (camera optional)",
    "interview.setup.hands_free": "Spoken interviewer (hands-free)",
    "interview.setup.hands_free_hint": (
        "Questions are read aloud; recording starts when the question ends and stops after a long silence."
    ),
    "interview.setup.limit.auto": "Suggested for each question",
    "interview.setup.limit.seconds": "{seconds} seconds",
    "interview.setup.page_title": "New interview · Interview Coach",
    "interview.setup.role": "Role",
    "interview.setup.language_fallback": (
        "The question bank has too few questions in {language} for this role and interview type yet, so this "
        "interview will be in English."
    ),
    "interview.setup.start": "Start interview",
    "interview.setup.timer": "Timer",
    "interview.setup.title": "New mock interview",
    "interview.setup.type": "Interview type",
    "common.cancel": "Cancel",
    # the product's limits (services/shared/limits.py): {limit} is the number, {wait} the time to retry in words
    "limit.interviews_per_day": (
        "Interviews are limited to {limit} a day, and you have started that many in the last 24 hours. "
        "You can start the next one in {wait}."
    ),
    "limit.answers_per_minute": "Answers are limited to {limit} a minute. Send this one in {wait}: it is kept here.",
    "limit.llm_scoring_per_minute": (
        "More answers arrived in a minute than the AI reviewer takes ({limit} a minute), so this answer was "
        "scored by the built-in scorer."
    ),
    "limit.exports_per_hour": "Exports are limited to {limit} an hour. Try again in {wait}.",
    "limit.exports_per_day": "Exports are limited to {limit} a day. Try again in {wait}.",
    # an interview left running ends by itself (INTERVIEW_MAX_MINUTES)
    "interview.ends_soon": (
        "This interview ends in {minutes} minutes: interviews close {hours} after they start. "
        "Your answers so far are kept, and the report covers what you answered."
    ),
    "interview.report.abandoned": (
        "This interview ended by itself {hours} after it started. The report covers the questions you answered."
    ),
    # event arguments refused before the handler runs (interview_app/state/edge.py)
    "edge.invalid": "That request was not understood, so nothing was changed. Reload the page and try again.",
    "edge.too_long": "That text is too long: at most {limit:,} characters. Nothing was saved.",
}

EN.update(TRAINER_EN)
EN.update(ADMIN_EN)
EN.update(PRIVACY_EN)
EN.update(PROGRESS_EN)
EN.update(SECURITY_EN)
EN.update(API_EN)
EN.update(TAILORING_EN)
EN.update(TRACKS_EN)
EN.update(TWO_FACTOR_EN)

# Korean content (interview questions, the trainer's quiz, speech) follows the profile's language; the
# interface text is English until its Korean catalogue exists (issue 20), so "ko" falls back to EN here.
LANGUAGES: dict[str, dict[str, str]] = {"en": EN, "ko": {}}
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "ko": "한국어"}


def t(key: str, lang: str = "en", **values: object) -> str:
    """The text for `key` in `lang` (falling back to English), formatted with `values`."""
    text = LANGUAGES.get(lang, EN).get(key) or EN.get(key) or key
    return text.format(**values) if values else text


def error_text(code: str, lang: str = "en") -> str:
    """The message for an error code raised by a service."""
    from interview_app.settings import get_settings

    return t(code, lang, min_length=get_settings().password_min_length) if code == "too_short" else t(code, lang)
