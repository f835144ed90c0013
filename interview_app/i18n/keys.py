"""Literal keys for values the code chooses text by: codes, statuses, kinds.

A key is never built from a value with an f-string (no check could prove it exists); the value looks up its
key here instead, so every key is written out once and `tests/unit/test_i18n_catalogue.py` finds it. Error
tables fall back to a generic message for a code they do not know (logged); the other tables raise KeyError.
"""

from __future__ import annotations

import logging

_log = logging.getLogger(__name__)


class KeyTable(dict[str, str]):
    """A value -> key table; with a fallback, an unknown value gives that key (and a warning) instead of KeyError."""

    def __init__(self, entries: dict[str, str], fallback: str | None = None) -> None:
        super().__init__(entries)
        self.fallback = fallback

    def __missing__(self, value: str) -> str:
        if self.fallback is None:
            raise KeyError(value)
        _log.warning("no text for %r; showing %s", value, self.fallback)
        return self.fallback


ACCOUNT_ERRORS = KeyTable(
    {
        "email_invalid": "account.error.email_invalid",
        "name_required": "account.error.name_required",
        "password_required": "account.error.password_required",
        "too_short": "account.error.too_short",
        "too_long": "account.error.too_long",
        "common": "account.error.common",
        "personal": "account.error.personal",
        "password_mismatch": "account.error.password_mismatch",
        "bad_credentials": "account.error.bad_credentials",
        "account_inactive": "account.error.account_inactive",
        "rate_limited_signin": "account.error.rate_limited_signin",
        "rate_limited": "account.error.rate_limited",
        "rate_limited_reset": "account.error.rate_limited_reset",
        "token_invalid": "account.error.token_invalid",
        "current_password_wrong": "account.error.current_password_wrong",
        "same_email": "account.error.same_email",
        "oauth_unavailable": "account.error.oauth_unavailable",
        "oauth_state_invalid": "account.error.oauth_state_invalid",
        "oauth_failed": "account.error.oauth_failed",
        "oauth_denied": "account.error.oauth_denied",
        "oauth_no_email": "account.error.oauth_no_email",
        "oauth_email_unverified": "account.error.oauth_email_unverified",
        "session_expired": "account.error.session_expired",
        "not_allowed": "account.error.not_allowed",
        "last_admin": "account.error.last_admin",
        "signin_code_required": "account.error.signin_code_required",
        "signin_code_wrong": "account.error.signin_code_wrong",
        "signin_code_expired": "account.error.signin_code_expired",
        "two_factor_required": "account.error.two_factor_required",
        "two_factor_code_wrong": "account.error.two_factor_code_wrong",
        "two_factor_challenge_expired": "account.error.two_factor_challenge_expired",
        "two_factor_code_required": "account.error.two_factor_code_required",
        "two_factor_not_started": "account.error.two_factor_not_started",
        "two_factor_already_enabled": "account.error.two_factor_already_enabled",
        "two_factor_not_enabled": "account.error.two_factor_not_enabled",
        "rate_limited_two_factor": "account.error.rate_limited_two_factor",
    },
    fallback="common.unexpected_error",
)

DIFFICULTY = KeyTable(
    {
        "easy": "difficulty.easy",
        "medium": "difficulty.medium",
        "hard": "difficulty.hard",
    },
)

QUESTION_TYPE = KeyTable(
    {
        "behavioural": "question.type.behavioural",
        "technical": "question.type.technical",
        "system_design": "question.type.system_design",
        "situational": "question.type.situational",
    },
)

LEVEL = KeyTable(
    {
        "intern": "level.intern",
        "junior": "level.junior",
        "mid": "level.mid",
        "senior": "level.senior",
        "staff": "level.staff",
        "manager": "level.manager",
    },
)

RETENTION = KeyTable(
    {
        "7": "profile.retention.7",
        "30": "profile.retention.30",
        "90": "profile.retention.90",
        "forever": "profile.retention.forever",
    },
)

RUBRIC = KeyTable(
    {
        "relevance": "rubric.relevance",
        "structure": "rubric.structure",
        "specificity": "rubric.specificity",
        "impact": "rubric.impact",
    },
)

HISTORY_STATUS = KeyTable(
    {
        "abandoned": "history.status.abandoned",
        "completed": "history.status.completed",
        "in_progress": "history.status.in_progress",
    },
)

INTERVIEW_TYPE = KeyTable(
    {
        "behavioural": "interview.type.behavioural",
        "technical": "interview.type.technical",
        "system_design": "interview.type.system_design",
        "mixed": "interview.type.mixed",
    },
)

INTERVIEW_MODE = KeyTable(
    {
        "text": "interview.mode.text",
        "audio": "interview.mode.audio",
        "video": "interview.mode.video",
    },
)

INTERVIEW_ERRORS = KeyTable(
    {
        "not_found": "interview.error.not_found",
        "too_long": "interview.error.too_long",
        "empty": "interview.error.empty",
        "already_answered": "interview.error.already_answered",
        "not_current": "interview.error.not_current",
        "paused": "interview.error.paused",
        "session_over": "interview.error.session_over",
        "no_questions": "interview.error.no_questions",
        "bad_type": "interview.error.bad_type",
        "bad_difficulty": "interview.error.bad_difficulty",
        "bad_count": "interview.error.bad_count",
        "bad_focus": "interview.error.bad_focus",
        "bad_limit": "interview.error.bad_limit",
        "bad_mode": "interview.error.bad_mode",
        "not_spoken": "interview.error.not_spoken",
        "empty_piece": "interview.error.empty_piece",
        "piece_too_large": "interview.error.piece_too_large",
        "recording_too_large": "interview.error.recording_too_large",
        "recording_too_long": "interview.error.recording_too_long",
        "not_audio": "interview.error.not_audio",
        "out_of_order": "interview.error.out_of_order",
        "missing_pieces": "interview.error.missing_pieces",
        "no_recording": "interview.error.no_recording",
        "too_short": "interview.error.too_short",
        "still_transcribing": "interview.error.still_transcribing",
        "signed_out": "interview.error.signed_out",
        "rate_limited": "interview.error.rate_limited",
        "link_expired": "interview.error.link_expired",
    },
    fallback="common.unexpected_error",
)

INTERVIEW_VOICE_CONFIDENCE = KeyTable(
    {
        "checking": "interview.voice.confidence_checking",
        "high": "interview.voice.confidence_high",
        "medium": "interview.voice.confidence_medium",
        "low": "interview.voice.confidence_low",
    },
)

TRAINER_ERRORS = KeyTable(
    {
        "nothing_to_ask": "trainer.error.nothing_to_ask",
        "no_topics": "trainer.error.no_topics",
        "practice_size": "trainer.error.practice_size",
        "quiz_not_found": "trainer.error.quiz_not_found",
        "item_not_found": "trainer.error.item_not_found",
        "already_answered": "trainer.error.already_answered",
        "not_current": "trainer.error.not_current",
        "choose_option": "trainer.error.choose_option",
        "choose_options": "trainer.error.choose_options",
        "answer_empty": "trainer.error.answer_empty",
        "answer_too_long": "trainer.error.answer_too_long",
        "question_not_found": "trainer.error.question_not_found",
        "report_reason": "trainer.error.report_reason",
        "report_comment_needed": "trainer.error.report_comment_needed",
        "report_comment_long": "trainer.error.report_comment_long",
        "already_reported": "trainer.error.already_reported",
        "topic_not_found": "trainer.error.topic_not_found",
        "priority_invalid": "trainer.error.priority_invalid",
        "topic_name_length": "trainer.error.topic_name_length",
        "topic_description_length": "trainer.error.topic_description_length",
        "topic_limit": "trainer.error.topic_limit",
        "topic_name_taken": "trainer.error.topic_name_taken",
        "kind_invalid": "trainer.error.kind_invalid",
        "prompt_length": "trainer.error.prompt_length",
        "question_limit": "trainer.error.question_limit",
        "answer_length": "trainer.error.answer_length",
        "true_false_choice": "trainer.error.true_false_choice",
        "options_invalid": "trainer.error.options_invalid",
    },
    fallback="common.unexpected_error",
)

TRAINER_SOURCE = KeyTable(
    {
        "review": "trainer.source.review",
        "new": "trainer.source.new",
        "practice": "trainer.source.practice",
        "missed_point": "trainer.source.missed_point",
    },
)

# A true/false question's options are stored (and scored, and given by the API) as "True" and "False".
TRAINER_TRUE_FALSE = KeyTable(
    {
        "True": "trainer.option.true",
        "False": "trainer.option.false",
    },
)

TRAINER_PRIORITY = KeyTable(
    {
        "1": "trainer.priority.1",
        "2": "trainer.priority.2",
        "3": "trainer.priority.3",
    },
)

TRAINER_REPORT_REASON = KeyTable(
    {
        "wrong_answer": "trainer.report.reason.wrong_answer",
        "unclear": "trainer.report.reason.unclear",
        "typo": "trainer.report.reason.typo",
        "other": "trainer.report.reason.other",
    },
)

ADMIN_ERRORS = KeyTable(
    {
        "user_not_found": "admin.error.user_not_found",
        "not_yourself": "admin.error.not_yourself",
        "last_admin": "admin.error.last_admin",
        "role_invalid": "admin.error.role_invalid",
        "session_not_found": "admin.error.session_not_found",
        "reset_inactive": "admin.error.reset_inactive",
        "reset_rate_limited": "admin.error.reset_rate_limited",
        "kind_invalid": "admin.error.kind_invalid",
        "question_not_found": "admin.error.question_not_found",
        "invalid": "admin.error.invalid",
        "approve_drafts": "admin.error.approve_drafts",
        "revision_not_found": "admin.error.revision_not_found",
        "revision_current": "admin.error.revision_current",
        "format_invalid": "admin.error.format_invalid",
        "llm_off": "admin.error.llm_off",
        "type_invalid": "admin.error.type_invalid",
        "difficulty_invalid": "admin.error.difficulty_invalid",
        "competencies_invalid": "admin.error.competencies_invalid",
        "count_invalid": "admin.error.count_invalid",
        "rate_limited": "admin.error.rate_limited",
        "not_draft": "admin.error.not_draft",
        "duplicate": "admin.error.duplicate",
        "action_invalid": "admin.error.action_invalid",
        "note_too_long": "admin.error.note_too_long",
        "report_not_found": "admin.error.report_not_found",
        "already_resolved": "admin.error.already_resolved",
        "answer_not_found": "admin.error.answer_not_found",
        "answer_not_failed": "admin.error.answer_not_failed",
        "recording_gone": "admin.error.recording_gone",
    },
    fallback="common.unexpected_error",
)

ADMIN_QUIZ_KIND = KeyTable(
    {
        "single": "admin.quiz_kind.single",
        "multi": "admin.quiz_kind.multi",
        "true_false": "admin.quiz_kind.true_false",
        "short": "admin.quiz_kind.short",
    },
)

ADMIN_STATUS = KeyTable(
    {
        "active": "admin.status.active",
        "flagged": "admin.status.flagged",
        "draft": "admin.status.draft",
        "retired": "admin.status.retired",
        "rejected": "admin.status.rejected",
    },
)

ADMIN_SOURCE = KeyTable(
    {
        "curated": "admin.source.curated",
        "admin": "admin.source.admin",
        "generated": "admin.source.generated",
        "user": "admin.source.user",
    },
)

ADMIN_REVISION = KeyTable(
    {
        "original": "admin.revision.original",
        "created": "admin.revision.created",
        "edited": "admin.revision.edited",
        "imported": "admin.revision.imported",
        "retired": "admin.revision.retired",
        "restored": "admin.revision.restored",
        "reverted": "admin.revision.reverted",
        "generated": "admin.revision.generated",
        "approved": "admin.revision.approved",
        "rejected": "admin.revision.rejected",
    },
)

ADMIN_IMPORT_ACTION = KeyTable(
    {
        "create": "admin.import.action.create",
        "update": "admin.import.action.update",
        "unchanged": "admin.import.action.unchanged",
        "error": "admin.import.action.error",
    },
)

ADMIN_REPORTS_TAB = KeyTable(
    {
        "open": "admin.reports.tab.open",
        "fixed": "admin.reports.tab.fixed",
        "retired": "admin.reports.tab.retired",
        "dismissed": "admin.reports.tab.dismissed",
    },
)

ADMIN_REPORTS_NOTIFY = KeyTable(
    {
        "title": "admin.reports.notify.title",
        "fixed": "admin.reports.notify.fixed",
        "retired": "admin.reports.notify.retired",
        "dismissed": "admin.reports.notify.dismissed",
        "note": "admin.reports.notify.note",
    },
)

ADMIN_USERS_ROLE = KeyTable(
    {
        "all": "admin.users.role.all",
        "candidate": "admin.users.role.candidate",
        "admin": "admin.users.role.admin",
    },
)

ADMIN_USERS_ACTIVE = KeyTable(
    {
        "all": "admin.users.active.all",
        "active": "admin.users.active.active",
        "inactive": "admin.users.active.inactive",
    },
)

ADMIN_USERS_SEEN = KeyTable(
    {
        "any": "admin.users.seen.any",
        "day": "admin.users.seen.day",
        "week": "admin.users.seen.week",
        "month": "admin.users.seen.month",
        "dormant": "admin.users.seen.dormant",
        "never": "admin.users.seen.never",
    },
)

ADMIN_SESSIONS_MODE = KeyTable(
    {
        "text": "admin.sessions.mode.text",
        "audio": "admin.sessions.mode.audio",
        "video": "admin.sessions.mode.video",
    },
)

ADMIN_SESSIONS_QUIZ_KIND = KeyTable(
    {
        "daily": "admin.sessions.quiz_kind.daily",
        "practice": "admin.sessions.quiz_kind.practice",
    },
)

ADMIN_SESSIONS_QUIZ_STATUS = KeyTable(
    {
        "ready": "admin.sessions.quiz_status.ready",
        "in_progress": "admin.sessions.quiz_status.in_progress",
        "completed": "admin.sessions.quiz_status.completed",
    },
)

ADMIN_SESSIONS_STAGE = KeyTable(
    {
        "transcription": "admin.sessions.stage.transcription",
        "scoring": "admin.sessions.stage.scoring",
    },
)

ADMIN_ANALYTICS_JOB_COLUMN = KeyTable(
    {
        "name": "admin.analytics.job_name",
        "runs": "admin.analytics.job_runs",
        "failures": "admin.analytics.job_failures",
        "mean": "admin.analytics.job_mean",
        "p95": "admin.analytics.job_p95",
        "longest": "admin.analytics.job_longest",
    },
)

ADMIN_AUDIT_COLUMN = KeyTable(
    {
        "when": "admin.audit.col_when",
        "event": "admin.audit.col_event",
        "actor": "admin.audit.col_actor",
        "subject": "admin.audit.col_subject",
        "detail": "admin.audit.col_detail",
    },
)

# limits.LimitExceeded's rule names (services/shared/limits.py)
LIMIT = KeyTable(
    {
        "interviews_per_day": "limit.interviews_per_day",
        "answers_per_minute": "limit.answers_per_minute",
        "llm_scoring_per_minute": "limit.llm_scoring_per_minute",
        "exports_per_hour": "limit.exports_per_hour",
        "exports_per_day": "limit.exports_per_day",
    },
    fallback="limit.reached",
)

PROGRESS_PEERS = KeyTable(
    {
        "title": "progress.peers.title",
        "share": "progress.peers.share",
        "privacy": "progress.peers.privacy",
        "value": "progress.peers.value",
        "not_shared": "progress.peers.not_shared",
        "no_score": "progress.peers.no_score",
        "no_role": "progress.peers.no_role",
        "group_too_small": "progress.peers.group_too_small",
    },
)

PROGRESS_ERRORS = KeyTable(
    {
        "unknown_action": "progress.error.unknown_action",
    },
    fallback="common.unexpected_error",
)

PROGRESS_PLAN_ERRORS = KeyTable(
    {
        "no_plan": "progress.plan.error.no_plan",
        "no_week": "progress.plan.error.no_week",
        "sessions_range": "progress.plan.error.sessions_range",
        "note_too_long": "progress.plan.error.note_too_long",
    },
    fallback="common.unexpected_error",
)

EXPORT_README_SECTION = KeyTable(
    {
        "account": "export.readme.section.account",
        "profile": "export.readme.section.profile",
        "sign_in_methods": "export.readme.section.sign_in_methods",
        "sessions": "export.readme.section.sessions",
        "known_devices": "export.readme.section.known_devices",
        "interview_sessions": "export.readme.section.interview_sessions",
        "questions_asked": "export.readme.section.questions_asked",
        "answers": "export.readme.section.answers",
        "feedback": "export.readme.section.feedback",
        "job_descriptions_and_cvs": "export.readme.section.job_descriptions_and_cvs",
        "tailored_interviews": "export.readme.section.tailored_interviews",
        "own_interview_questions": "export.readme.section.own_interview_questions",
        "github_profile": "export.readme.section.github_profile",
        "quiz_attempts": "export.readme.section.quiz_attempts",
        "quiz_items": "export.readme.section.quiz_items",
        "review_cards": "export.readme.section.review_cards",
        "trainer_days": "export.readme.section.trainer_days",
        "streak": "export.readme.section.streak",
        "followed_topics": "export.readme.section.followed_topics",
        "own_topics": "export.readme.section.own_topics",
        "own_topic_questions": "export.readme.section.own_topic_questions",
        "study_plan": "export.readme.section.study_plan",
        "progress_stats": "export.readme.section.progress_stats",
        "notifications": "export.readme.section.notifications",
        "question_reports": "export.readme.section.question_reports",
        "push_subscriptions": "export.readme.section.push_subscriptions",
        "reminders_sent": "export.readme.section.reminders_sent",
        "security_log": "export.readme.section.security_log",
    },
)

EXPORT_ERRORS = KeyTable(
    {
        "not_found": "export.error.not_found",
        "in_progress": "export.error.in_progress",
        "not_failed": "export.error.not_failed",
        "link_expired": "export.error.link_expired",
    },
    fallback="common.unexpected_error",
)

PROFILE_ERRORS = KeyTable(
    {
        "role_required": "profile.error.role_required",
        "role_too_long": "profile.error.role_too_long",
        "level": "profile.error.level",
        "too_many_items": "profile.error.too_many_items",
        "item_too_long": "profile.error.item_too_long",
        "date_format": "profile.error.date_format",
        "date_past": "profile.error.date_past",
        "timezone": "profile.error.timezone",
        "difficulty": "profile.error.difficulty",
        "answer_seconds": "profile.error.answer_seconds",
        "trainer_time": "profile.error.trainer_time",
        "quiz_length": "profile.error.quiz_length",
        "daily_goal": "profile.error.daily_goal",
        "quiz_seconds": "profile.error.quiz_seconds",
        "quiet_same": "profile.error.quiet_same",
        "language": "profile.error.language",
        "retention": "profile.error.retention",
    },
    fallback="common.unexpected_error",
)

API_ERRORS = KeyTable(
    {
        "request_invalid": "api.error.request_invalid",
        "not_found": "api.error.not_found",
        "method_not_allowed": "api.error.method_not_allowed",
        "request_refused": "api.error.request_refused",
        "internal_error": "api.error.internal_error",
        "busy": "api.error.busy",
        "rate_limited": "api.error.rate_limited",
        "signed_out": "api.error.signed_out",
        "token_invalid": "api.error.token_invalid",
        "token_expired": "api.error.token_expired",
        "token_revoked": "api.error.token_revoked",
        "forbidden": "api.error.forbidden",
        "two_factor_enrolment_required": "api.error.two_factor_enrolment_required",
        "profile_invalid": "api.error.profile_invalid",
        "refresh_invalid": "api.error.refresh_invalid",
        "refresh_reused": "api.error.refresh_reused",
    },
    fallback="common.unexpected_error",
)

PUSH_ERRORS = KeyTable(
    {
        "signed_out": "push.error.signed_out",
        "request_invalid": "push.error.request_invalid",
        "endpoint_invalid": "push.error.endpoint_invalid",
        "endpoint_insecure": "push.error.endpoint_insecure",
        "keys_invalid": "push.error.keys_invalid",
        "rate_limited": "push.error.rate_limited",
    },
    fallback="common.unexpected_error",
)

PUSH_STATE = KeyTable(
    {
        "unsupported": "push.unsupported",
        "denied": "push.denied",
        "enabled": "push.enabled",
        "disabled": "push.disabled",
        "failed": "push.failed",
    },
)

REMINDER_ERRORS = KeyTable(
    {
        "unsubscribe_invalid": "reminder.error.unsubscribe_invalid",
    },
    fallback="common.unexpected_error",
)

UPLOAD_ERRORS = KeyTable(
    {
        "handler_unknown": "upload.error.handler_unknown",
        "signed_out": "upload.error.signed_out",
        "forbidden": "upload.error.forbidden",
        "too_large": "upload.error.too_large",
        "method_not_allowed": "upload.error.method_not_allowed",
    },
    fallback="common.unexpected_error",
)

TAILOR_SOURCE = KeyTable(
    {
        "cv": "tailor.source.cv",
        "github": "tailor.source.github",
        "company": "tailor.source.company",
        "job": "tailor.source.job",
        "role": "tailor.source.role",
        "answer": "tailor.source.answer",
    },
)

TAILOR_JOB_KIND = KeyTable(
    {
        "required": "tailor.job.kind.required",
        "nice": "tailor.job.kind.nice",
    },
)

TAILOR_ERRORS = KeyTable(
    {
        "job_empty": "tailor.error.job_empty",
        "job_too_short": "tailor.error.job_too_short",
        "job_too_long": "tailor.error.job_too_long",
        "job_no_requirements": "tailor.error.job_no_requirements",
        "no_job": "tailor.error.no_job",
        "url_disabled": "tailor.error.url_disabled",
        "url_bad": "tailor.error.url_bad",
        "url_private": "tailor.error.url_private",
        "url_failed": "tailor.error.url_failed",
        "url_too_large": "tailor.error.url_too_large",
        "url_not_text": "tailor.error.url_not_text",
        "url_too_slow": "tailor.error.url_too_slow",
        "url_too_many": "tailor.error.url_too_many",
        "no_cv": "tailor.error.no_cv",
        "bad_count": "tailor.error.bad_count",
        "no_questions": "tailor.error.no_questions",
        "no_practice": "tailor.error.no_practice",
        "not_found": "fit.not_found",
        "cv_empty": "tailor.error.cv_empty",
        "cv_too_large": "tailor.error.cv_too_large",
        "cv_unsupported": "tailor.error.cv_unsupported",
        "cv_old_word": "tailor.error.cv_old_word",
        "cv_corrupt": "tailor.error.cv_corrupt",
        "cv_encrypted": "tailor.error.cv_encrypted",
        "cv_too_many_pages": "tailor.error.cv_too_many_pages",
        "cv_zip_bomb": "tailor.error.cv_zip_bomb",
        "cv_no_text": "tailor.error.cv_no_text",
        "cv_too_short": "tailor.error.cv_too_short",
        "cv_nothing_found": "tailor.error.cv_nothing_found",
    },
    fallback="common.unexpected_error",
)

TAILOR_TYPE = KeyTable(
    {
        "behavioural": "tailor.type.behavioural",
        "technical": "tailor.type.technical",
        "system_design": "tailor.type.system_design",
        "situational": "tailor.type.situational",
    },
)

FIT_LEVEL = KeyTable(
    {
        "strong": "fit.level.strong",
        "some": "fit.level.some",
        "none": "fit.level.none",
        "pending": "fit.level.pending",
    },
)

DATA_STATUS = KeyTable(
    {
        "queued": "data.status.queued",
        "building": "data.status.building",
        "ready": "data.status.ready",
        "failed": "data.status.failed",
        "expired": "data.status.expired",
    },
)

DELETE_ITEM = KeyTable(
    {
        "account": "delete.item.account",
        "interviews": "delete.item.interviews",
        "media": "delete.item.media",
        "trainer": "delete.item.trainer",
        "rest": "delete.item.rest",
    },
)

COMPETENCY = KeyTable(
    {
        "communication": "competency.communication",
        "collaboration": "competency.collaboration",
        "leadership": "competency.leadership",
        "ownership": "competency.ownership",
        "problem-solving": "competency.problem_solving",
        "conflict-resolution": "competency.conflict_resolution",
        "adaptability": "competency.adaptability",
        "customer-focus": "competency.customer_focus",
        "prioritisation": "competency.prioritisation",
        "stakeholder-management": "competency.stakeholder_management",
        "decision-making": "competency.decision_making",
        "delivery": "competency.delivery",
        "mentoring": "competency.mentoring",
        "learning": "competency.learning",
        "technical-depth": "competency.technical_depth",
        "coding": "competency.coding",
        "debugging": "competency.debugging",
        "system-design": "competency.system_design",
        "reliability": "competency.reliability",
        "security": "competency.security",
        "testing-quality": "competency.testing_quality",
        "data-analysis": "competency.data_analysis",
        "product-sense": "competency.product_sense",
        "design-thinking": "competency.design_thinking",
        "negotiation": "competency.negotiation",
    },
)

# The built-in scorer's checklist items (rubric.STAR_ITEMS and TECHNICAL_ITEMS) as named in its comments.
SCORE_ITEM = KeyTable(
    {
        "situation": "score.item.situation",
        "task": "score.item.task",
        "action": "score.item.action",
        "result": "score.item.result",
        "approach": "score.item.approach",
        "key_points": "score.item.key_points",
        "trade_offs": "score.item.trade_offs",
        "complexity": "score.item.complexity",
    },
)

# A session's advice for its weakest dimensions and its most frequent checklist gaps.
SCORE_ADVICE = KeyTable(
    {
        "relevance": "score.advice.relevance",
        "structure": "score.advice.structure",
        "specificity": "score.advice.specificity",
        "impact": "score.advice.impact",
        "situation": "score.advice.situation",
        "task": "score.advice.task",
        "action": "score.advice.action",
        "result": "score.advice.result",
        "approach": "score.advice.approach",
        "key_points": "score.advice.key_points",
        "trade_offs": "score.advice.trade_offs",
        "complexity": "score.advice.complexity",
    },
)

# The advice for a checklist item the AI reviewer's reply left without an improvement.
SCORE_MISSING_ITEM = KeyTable(
    {
        "situation": "score.missing_item.situation",
        "task": "score.missing_item.task",
        "action": "score.missing_item.action",
        "result": "score.missing_item.result",
        "approach": "score.missing_item.approach",
        "key_points": "score.missing_item.key_points",
        "trade_offs": "score.missing_item.trade_offs",
        "complexity": "score.missing_item.complexity",
    },
)

# A readiness band and a score trend as the progress tables name them.
READINESS_BAND = KeyTable(
    {
        "ready": "readiness.band.ready",
        "nearly": "readiness.band.nearly",
        "progressing": "readiness.band.progressing",
        "early": "readiness.band.early",
    },
)

READINESS_TREND = KeyTable(
    {
        "improving": "readiness.trend.improving",
        "stable": "readiness.trend.stable",
        "declining": "readiness.trend.declining",
        "not_enough": "readiness.trend.not_enough",
    },
)

# A company track's interview stage (tailoring/tracks.py STAGES) as the pages name it.
TRACK_STAGE = KeyTable(
    {
        "recruiter_screen": "track.stage.recruiter_screen",
        "technical_screen": "track.stage.technical_screen",
        "take_home": "track.stage.take_home",
        "coding": "track.stage.coding",
        "system_design": "track.stage.system_design",
        "behavioural": "track.stage.behavioural",
        "values": "track.stage.values",
        "hiring_manager": "track.stage.hiring_manager",
        "team_matching": "track.stage.team_matching",
    },
)
