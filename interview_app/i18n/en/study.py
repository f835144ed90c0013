"""English text of the `study.*` keys: what to practise next and the study plan (services/progress)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # recommendations ({name}: a competency or trainer topic)
    "study.rec.competency": "Practise {name}",
    "study.rec.competency_why": "Your recent {name} answers average {score}/100.",
    "study.rec.missed": "Review {count, plural, one {# key point} other {# key points}} you missed",
    "study.rec.missed_why": "Points your interview answers left out, waiting as review cards in the trainer.",
    "study.rec.topic": "Refresh {name}",
    "study.rec.topic_overdue": "In the trainer: {count, plural, one {# card} other {# cards}} overdue.",
    "study.rec.topic_recall": "In the trainer: recall down to {percent}%.",
    # the plan ({weeks} weeks, {sessions} mock interviews a week, {focus} the first week's competencies)
    "study.plan.summary": (
        "{weeks, plural, one {# week} other {# weeks}} of practice: {sessions} mock interviews a week, "
        "the daily quiz every day, starting with {focus}."
    ),
    "study.plan.summary_role": (
        "{weeks, plural, one {# week} other {# weeks}} of practice for your {role} interview: {sessions} mock "
        "interviews a week, the daily quiz every day, starting with {focus}."
    ),
    "study.plan.summary_date": (
        "{weeks, plural, one {# week} other {# weeks}} of practice on {day}: {sessions} mock interviews a week, "
        "the daily quiz every day, starting with {focus}."
    ),
    "study.plan.summary_role_date": (
        "{weeks, plural, one {# week} other {# weeks}} of practice for your {role} interview on {day}: "
        "{sessions} mock interviews a week, the daily quiz every day, starting with {focus}."
    ),
    "study.plan.no_date": "Set your interview date in Settings to count the plan back from it.",
    "study.plan.halfway": (
        "Halfway check: a full mock interview (8 questions, timer on); compare with your first score."
    ),
    "study.plan.final": "Final check: a full mock interview like the real one, then rest the day before.",
    "study.plan.default_topic": "Behavioural interview frameworks",
    "study.plan.job_gap": "For the job: {requirement}",
    "study.plan.job_gap_company": "For the job ({company}): {requirement}",
    "study.plan.dates": "{start} to {end}",
}
