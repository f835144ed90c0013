"""Every table, re-exported so that Reflex and alembic see them all."""

from interview_app.models.admin import JobRun, PlatformSetting, QuestionRevision
from interview_app.models.api_token import ApiRefreshToken, ApiTokenFamily
from interview_app.models.audit import AuditEvent, RateLimitHit
from interview_app.models.billing import BillingEvent, Payment, Plan, Subscription, UsageCost
from interview_app.models.github import GitHubCacheEntry, GitHubProfile
from interview_app.models.interview import Answer, Feedback, InterviewSession, Question, SessionQuestion
from interview_app.models.mail import OutboxMessage
from interview_app.models.notification import Notification, PushSubscription, ReminderSent, ServerKey
from interview_app.models.profile import JobRole, Profile
from interview_app.models.progress import DataExport, StudyPlan, UserStats
from interview_app.models.sign_in import KnownDevice, SignInChallenge
from interview_app.models.tailoring import CandidateDocument, TailoredInterview
from interview_app.models.trainer import (
    QuestionReport,
    QuizAttempt,
    QuizItem,
    QuizQuestion,
    ReviewCard,
    Topic,
    TrainerDay,
    UserTopic,
)
from interview_app.models.two_factor import RecoveryCode, RememberedDevice, TwoFactor
from interview_app.models.user import AuthSession, AuthToken, OAuthAccount, OAuthState, User

__all__ = [
    "Answer",
    "ApiRefreshToken",
    "ApiTokenFamily",
    "AuditEvent",
    "AuthSession",
    "AuthToken",
    "BillingEvent",
    "CandidateDocument",
    "DataExport",
    "Feedback",
    "GitHubCacheEntry",
    "GitHubProfile",
    "InterviewSession",
    "JobRole",
    "JobRun",
    "KnownDevice",
    "Notification",
    "OAuthAccount",
    "OAuthState",
    "OutboxMessage",
    "Payment",
    "Plan",
    "PlatformSetting",
    "Profile",
    "PushSubscription",
    "Question",
    "QuestionReport",
    "QuestionRevision",
    "QuizAttempt",
    "QuizItem",
    "QuizQuestion",
    "RateLimitHit",
    "RecoveryCode",
    "RememberedDevice",
    "ReminderSent",
    "ReviewCard",
    "ServerKey",
    "SessionQuestion",
    "SignInChallenge",
    "StudyPlan",
    "Subscription",
    "TailoredInterview",
    "Topic",
    "TrainerDay",
    "TwoFactor",
    "UsageCost",
    "User",
    "UserStats",
    "UserTopic",
]
