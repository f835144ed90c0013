"""English text of the `landing.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # landing page
    "landing.page_title": "Interview Coach · practise interviews with instant feedback",
    "landing.page_description": "Rehearse real interviews by voice, video or text and get honest, specific feedback. Open source and private.",
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
    "landing.feature.voice.text": "Answer by voice, video or text with a timer, follow-up questions and an interviewer who reads questions aloud.",
    "landing.feature.feedback.title": "Feedback you can act on",
    "landing.feature.feedback.text": (
        "Every answer is scored on a clear rubric, with strengths and "
        "improvements that quote what you actually said, plus a model answer."
    ),
    "landing.feature.trainer.title": "A daily trainer",
    "landing.feature.trainer.text": "Five focused minutes a day: quizzes with explanations and spaced repetition, so what you learn sticks.",
    "landing.feature.progress.title": "See yourself improve",
    "landing.feature.progress.text": "Scores over time, a skill radar and a study plan counted back from your interview date.",
    "landing.feature.privacy.title": "Private by design",
    "landing.feature.privacy.text": "Runs entirely on your own machine: speech recognition and scoring work offline. Your recordings stay yours.",
    "landing.feature.devices.title": "On any device",
    "landing.feature.devices.text": "Practise at your desk or on your phone; install it like an app.",
    "landing.how_it_works": "How it works",
    "landing.step.role.title": "Tell us the role",
    "landing.step.role.text": "Pick the job, your level and your interview date.",
    "landing.step.practise.title": "Practise a mock interview",
    "landing.step.practise.text": "Behavioural, technical, system design or mixed, at your difficulty.",
    "landing.step.coached.title": "Get coached",
    "landing.step.coached.text": "Scores, quotes from your answers, what to say instead, and what to practise next.",
}
