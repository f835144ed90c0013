"""English text of the `fit.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # fit matrix
    "fit.page_title": "Fit matrix · Interview Coach",
    "fit.title": "How you fit the job",
    "fit.intro": (
        "Each requirement of the job against what your CV shows and, after the interview, what your answers "
        "showed. Strong: clear evidence; some: mentioned or related; none: nothing yet."
    ),
    "fit.material": "CV and profile",
    "fit.answers": "Your answers",
    "fit.level.strong": "Strong",
    "fit.level.some": "Some",
    "fit.level.none": "None",
    "fit.level.pending": "Not answered yet",
    "fit.summary": "{strong} strong · {some} some · {none} with no evidence",
    "fit.practise": "Practise",
    "fit.back_report": "Back to the report",
    "fit.not_found": "This interview has no fit matrix (it was not a tailored interview, or it is not yours).",
    "fit.topics.intro": "Train the gaps a little every day in these trainer topics:",
    "fit.topics.follow": "Follow them in the trainer",
    "fit.topics.following": "You follow them in the trainer at high priority.",
    "fit.topics.done": "Following in the trainer at high priority: {names}",
}
