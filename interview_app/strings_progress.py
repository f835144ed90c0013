"""User-facing text of the progress page (merged into strings.EN)."""

from __future__ import annotations

PROGRESS_EN: dict[str, str] = {
    "nav.progress": "Progress",
    "dashboard.interviews.last": "Your last interview",
    "dashboard.interviews.done": " mock interviews finished.",
    "dashboard.interviews.trend": "Trend:",
    "dashboard.interviews.new": "New interview",
    "dashboard.interviews.history": "History",
    "progress.page_title": "Progress · Interview Coach",
    "progress.title": "Progress",
    "progress.show_numbers": "Show the numbers",
    "progress.pdf": "Printable summary (PDF)",
    "progress.error.unknown_action": "That recommendation cannot be started; reload the page.",
    # readiness and peers
    "progress.readiness.title": "Readiness",
    "progress.readiness.none": (
        "Finish a mock interview to see where you stand. Each finished interview adds to your scores and skills."
    ),
    "progress.peers.title": "Compared with others",
    "progress.peers.share": "Compare me with candidates for the same role and level",
    "progress.peers.privacy": (
        "Only a percentile is shown, and only when at least 20 people in the group take part. Nobody sees your "
        "scores or your name."
    ),
    "progress.peers.value": (
        "Your average is higher than {percentile}% of the {n} candidates for the same role and level."
    ),
    "progress.peers.not_shared": "Switch comparison on to see where you stand among candidates like you.",
    "progress.peers.no_score": "Your percentile appears after your first finished interview.",
    "progress.peers.no_role": "Choose a target role in Settings to be compared with candidates for the same role.",
    "progress.peers.group_too_small": (
        "Not enough candidates for your role and level take part yet, so no percentile is shown (it needs 20)."
    ),
    # recommendations
    "progress.next.title": "What to practise next",
    "progress.next.none": "Nothing stands out. Keep up the daily quiz and a mock interview or two a week.",
    "progress.next.interview": "Start a focused interview",
    "progress.next.trainer": "Review them now",
    "progress.next.practice": "Practise this topic",
    # charts
    "progress.scores.title": "Scores over time",
    "progress.scores.text": (
        "Overall score per finished interview, and each rubric dimension as a share of its 25 points."
    ),
    "progress.scores.summary": "{n} interviews: from {first} to {last} out of 100, {trend}.",
    "progress.radar.title": "Skills",
    "progress.radar.text": "Average score of your recent answers on questions about each competency.",
    "progress.radar.summary": "Strongest: {best} ({best_score}). Weakest: {worst} ({worst_score}).",
    "progress.mastery.title": "Trainer topics",
    "progress.mastery.text": (
        "How likely you are to recall each topic's questions now and later without review (spaced repetition)."
    ),
    "progress.mastery.summary": "{n} topics; the one fading fastest is {topic} ({recall}% recall in 30 days).",
    "progress.speaking.title": "Speaking",
    "progress.speaking.text": "Pace, filler words and long pauses per minute in the interviews you answered out loud.",
    "progress.speaking.summary": (
        "Last time: {wpm} words a minute, {fillers} fillers and {pauses} long pauses a minute."
    ),
    "progress.calendar.title": "Activity",
    "progress.calendar.text": "Questions answered each day, in interviews and in the trainer, over the last 18 weeks.",
    "progress.calendar.summary": "Active on {days} days. Streak: {streak} days (best {best}).",
    "progress.weekly.title": "Per week",
    "progress.weekly.text": "Interviews finished and questions answered each week.",
    "progress.weekly.summary": "This week: {sessions} interviews finished and {questions} questions answered.",
    "progress.empty.sessions": "Your charts appear after your first finished mock interview.",
    "progress.empty.mastery": "Answer a few daily quizzes to see how well each topic sticks.",
    "progress.empty.speaking": "Answer an interview by voice to see your pace, fillers and pauses.",
    "progress.trend.improving": "improving",
    "progress.trend.declining": "declining",
    "progress.trend.stable": "stable",
    "progress.trend.not_enough": "too few sessions",
    "progress.col.date": "Date",
    "progress.col.overall": "Overall",
    "progress.col.skill": "Skill",
    "progress.col.score": "Score",
    "progress.col.level": "Now",
    "progress.col.band": "Where you stand",
    "progress.col.trend": "Trend",
    "progress.col.projected": "On the day (projected)",
    "progress.col.topic": "Topic",
    "progress.col.cards": "Cards",
    "progress.col.now": "Now",
    "progress.col.in7": "In 7 days",
    "progress.col.in30": "In 30 days",
    "progress.col.wpm": "Words per minute",
    "progress.col.fillers": "Fillers per minute",
    "progress.col.pauses": "Long pauses per minute",
    "progress.col.interview": "Interview questions",
    "progress.col.trainer": "Trainer questions",
    "progress.col.week": "Week of",
    "progress.col.sessions": "Interviews",
    # study plan
    "progress.plan.title": "Study plan",
    "progress.plan.none": (
        "A week-by-week plan counted back from your interview date: how many mock interviews, which skills and "
        "which trainer topics, with checkpoints."
    ),
    "progress.plan.make": "Make my plan",
    "progress.plan.regenerate": "Make a new plan",
    "progress.plan.accept": "Accept this plan",
    "progress.plan.made": "Here is your plan. Accept it, or change any week.",
    "progress.plan.accepted": "Plan accepted.",
    "progress.plan.saved": "Week saved.",
    "progress.plan.status_accepted": "Accepted",
    "progress.plan.status_draft": "Proposed",
    "progress.plan.status_edited": "Edited by you",
    "progress.plan.by_llm": "Worded by the AI model; the weeks, numbers and topics come from your progress.",
    "progress.plan.week": "Week",
    "progress.plan.sessions": " mock interviews, focus: ",
    "progress.plan.topics": "Trainer topics: ",
    "progress.plan.your_note": "Your note: ",
    "progress.plan.edit": "Change",
    "progress.plan.edit_title": "Change week",
    "progress.plan.edit_sessions": "Mock interviews this week",
    "progress.plan.edit_note": "Your note for the week",
    "progress.plan.save": "Save week",
    "progress.plan.error.no_plan": "Make a plan first.",
    "progress.plan.error.no_week": "That week is not in your plan.",
    "progress.plan.error.sessions_range": "Choose between 0 and 7 mock interviews.",
    "progress.plan.error.note_too_long": "Keep the note under 300 characters.",
}
