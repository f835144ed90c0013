"""English text of the `export.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "export.error.not_found": "That export is not yours or no longer exists.",
    "export.error.in_progress": "An export of yours is already on its way. Wait for it to finish.",
    "export.error.not_failed": "Only a failed export can be tried again.",
    "export.error.link_expired": "This download link has expired or is not valid. Ask for a new export.",
    "export.notify.title": "Your data export is ready",
    "export.notify.body": "Download the ZIP from Your data within {hours} hours; after that it is deleted.",
    # the README inside the ZIP
    "export.readme.intro": (
        "Interview Coach: everything we hold about you\n"
        "=============================================\n\n"
        "Made on {made} (UTC). Every record of your account is here twice: as JSON (exact, with nested\n"
        "values) and as CSV (for spreadsheets; nested values such as word timings are written as JSON inside\n"
        "the cell). Times are ISO 8601 with their UTC offset. Ids link the files: interview_id and session_id\n"
        "point into interview_sessions, session_question_id into questions_asked, answer_id into answers."
    ),
    "export.readme.files": "Files:",
    "export.readme.rows": "{count, plural, one {# row} other {# rows}}",
    "export.readme.section.account": "your account: name, e-mail, role, when it was made and last used",
    "export.readme.section.profile": "your goal, skills, preferences, reminders and time zone",
    "export.readme.section.sign_in_methods": "Google, GitHub or LinkedIn sign-ins linked to the account",
    "export.readme.section.sessions": "devices signed in: when, until when, browser and IP address",
    "export.readme.section.known_devices": (
        "browsers you signed in on, which may still sign in while someone else is guessing your password: "
        "first and last use"
    ),
    "export.readme.section.interview_sessions": "your mock interviews: set-up, status, overall score, breakdown",
    "export.readme.section.questions_asked": "every question asked in them, follow-ups included, with timings",
    "export.readme.section.answers": "your answers: typed text, transcripts, word timings, speaking metrics, the recording's file name",
    "export.readme.section.feedback": "scores per dimension, strengths, improvements, the engine that scored",
    "export.readme.section.job_descriptions_and_cvs": "job descriptions you pasted and your CV: the text read from it and what was extracted (the file is not kept)",
    "export.readme.section.tailored_interviews": "tailored interviews: why each question was chosen, the fit matrix",
    "export.readme.section.own_interview_questions": "questions written for you from your CV for tailored interviews",
    "export.readme.section.github_profile": "your public GitHub profile as last fetched: repositories, README summaries, languages, recent activity",
    "export.readme.section.quiz_attempts": "daily and practice quizzes of the trainer",
    "export.readme.section.quiz_items": "each quiz question as asked, your response and whether it was right",
    "export.readme.section.review_cards": "spaced-repetition cards (FSRS state) and missed key points",
    "export.readme.section.trainer_days": "what you did in the trainer each day (for goals and streaks)",
    "export.readme.section.streak": "your streak today: current, best, freeze",
    "export.readme.section.followed_topics": "trainer topics you follow and their priority",
    "export.readme.section.own_topics": "topics you made yourself",
    "export.readme.section.own_topic_questions": "the questions you wrote for them",
    "export.readme.section.study_plan": "your study plan (empty when you have none)",
    "export.readme.section.progress_stats": "your running totals for the progress pages",
    "export.readme.section.notifications": "your in-app notifications",
    "export.readme.section.question_reports": "problems you reported with quiz questions",
    "export.readme.section.push_subscriptions": "browsers that receive push reminders (no keys)",
    "export.readme.section.reminders_sent": "reminders sent to you, per day and channel",
    "export.readme.section.security_log": "security events of the account (sign-ins, password changes, exports)",
    "export.readme.media": (
        "media/: {count} recording(s) of your spoken answers that are still kept (recordings past the\n"
        "retention time you chose are already deleted). The answers file names each in its media_file column."
    ),
    "export.readme.notes": (
        "Left out on purpose: your password and the secrets of sessions, e-mail links and push subscriptions\n"
        "(we keep only hashes of them). CSV cells that begin with =, +, - or @ start with an apostrophe so\n"
        "spreadsheet programs do not run them as formulas; the JSON files keep the exact text.\n\n"
        "Ask for a new export any time in Settings, Your data. The same page deletes your account."
    ),
}
