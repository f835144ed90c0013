"""English text of the `score.*` keys: the built-in scorer's comments, summaries and a session's advice."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # strengths, each about the quoted part of the answer ({point} is the key point as the bank writes it)
    "score.strength.key_point": "You covered a key point: {point}.",
    "score.strength.number": "You backed the outcome with a number, which makes it believable.",
    "score.strength.own_action": "You describe a concrete action you took yourself.",
    "score.strength.reflection": "You reflect on what you learned, which interviewers look for.",
    "score.strength.trade_off": "You weigh a trade-off instead of presenting one option as free.",
    "score.strength.verify": "You say how you would check that it works.",
    "score.strength.closest": "This is the part of your answer closest to what was asked; build on it.",
    "score.strength.direct_open": "You opened with a direct statement rather than hesitating.",
    "score.strength.attempted": (
        "You attempted the question instead of skipping it; expand this part with a concrete example."
    ),
    # improvements
    "score.improve.contradiction": (
        "This seems to say the opposite of what a strong answer says; check the facts here."
    ),
    "score.improve.off_topic": (
        "This does not answer the question that was asked; start from what it asks and answer that."
    ),
    "score.improve.make_explicit": "Make this point explicit: {point}.",
    "score.improve.missing": "Missing: {point}.",
    "score.improve.say_outright": "If you did this, say it outright: {point}.",
    "score.improve.too_short": (
        "At {words, plural, one {# word} other {# words}} the answer is too short for this question; "
        "aim for at least {min}."
    ),
    "score.improve.no_outcome": "Your story stops before the outcome: end with the result, in numbers if you can.",
    "score.improve.outcome_figure": "Put a figure or a concrete change on this outcome so it lands.",
    "score.improve.own_part": "Say what you did yourself, not only what the team did.",
    "score.improve.hedge": "“{phrase}” sounds unsure; state it plainly or give the evidence.",
    "score.improve.trade_off": "Name at least one trade-off or alternative and why you chose against it.",
    "score.improve.add_figure": "Add a concrete figure (scale, time, money, percentage) to make it specific.",
    "score.improve.long_sentence": "This sentence runs long; split it so each point lands.",
    "score.improve.reflect": "Close with what you learned or would do differently.",
    "score.improve.cut": "This part adds little to the question asked; cut it or tie it back.",
    "score.improve.compare_model": "Compare with the model answer and add one more concrete example.",
    "score.improve.summary_first": "Open with a one-sentence summary of your answer, then give the detail.",
    "score.improve.rehearse": (
        "Rehearse it aloud against the timer: a strong answer fits comfortably inside the limit."
    ),
    # spoken delivery ({wpm}: words per minute; {rate}: filler words a minute)
    "score.delivery.pace_good": "A steady speaking pace of about {wpm} words per minute, easy to follow.",
    "score.delivery.fillers_few": "Few filler words: you sound prepared and sure of your points.",
    "score.delivery.pace_fast": (
        "You spoke fast (about {wpm} words per minute); slow down to 130-160 and pause between points."
    ),
    "score.delivery.pace_slow": (
        "You spoke slowly (about {wpm} words per minute); tighten sentences and keep momentum."
    ),
    "score.delivery.fillers_many": ("About {rate} filler words a minute; replace them with a short silent pause."),
    "score.delivery.pauses_long": (
        "{count, plural, one {# long pause} other {# long pauses}}; "
        "a brief plan before you speak (headline, then 2-3 points) avoids them."
    ),
    "score.delivery.hedging": "Hedging phrases weaken your claims; state what you did and what happened.",
    "score.delivery.over_time": "You ran over the time limit; lead with the result and cut background.",
    # the one-line summary ({covered} of {count} key points)
    "score.summary.strong": "A strong answer: {covered} of {count} key points covered.",
    "score.summary.solid": "A solid answer with gaps: {covered} of {count} key points covered.",
    "score.summary.partial": "A partial answer: {covered} of {count} key points covered.",
    "score.summary.weak": "An answer that misses most of what was asked: {covered} of {count} key points covered.",
    "score.summary.star_missing": "STAR parts to add: {items}.",
    "score.summary.elements_missing": "Missing elements to add: {items}.",
    # checklist items, listed in the summary and the structure note
    "score.item.situation": "situation",
    "score.item.task": "task",
    "score.item.action": "action",
    "score.item.result": "result",
    "score.item.approach": "approach",
    "score.item.key_points": "key points",
    "score.item.trade_offs": "trade offs",
    "score.item.complexity": "complexity",
    # per dimension, the evidence that moved it: short notes joined by "; " or ", "
    "score.why.covered": "{covered} of {count} key points covered",
    "score.why.touched": "{count} touched on",
    "score.why.off_topic": "about something else",
    "score.why.on_topic": "on the question",
    "score.why.contradiction": "one point stated the opposite way",
    "score.why.star": "STAR: {items}",
    "score.why.shape": "shape: {items}",
    "score.why.no_parts": "none of the parts",
    "score.why.missing": "missing {items}",
    "score.why.in_order": "told in order",
    "score.why.figures": "{count, plural, =0 {no figures} one {# figure} other {# figures}}",
    "score.why.actions": "{count, plural, =0 {no concrete actions} one {# concrete action} other {# concrete actions}}",
    "score.why.tools": "{count, plural, =0 {no named tools} one {# named tool} other {# named tools}}",
    "score.why.hedges": "{count, plural, =0 {no hedges} one {# hedge} other {# hedges}}",
    "score.why.outcome": "an outcome",
    "score.why.no_outcome": "no clear outcome",
    "score.why.outcome_figure": "an outcome with a figure",
    "score.why.reflection": "a reflection",
    "score.why.no_reflection": "no reflection",
    "score.why.trade_offs": "trade-offs weighed",
    "score.why.no_trade_off": "no trade-off",
    "score.why.verify": "says how to verify",
    "score.why.no_verify": "no check that it works",
    "score.why.short": "short at {words} words",
    # a session's recommendations (what to practise next)
    "score.advice.relevance": (
        "Answer the question that was asked: open with a one-sentence direct answer, then support it."
    ),
    "score.advice.structure": (
        "Use a clear shape: STAR (situation, task, action, result) for stories; approach, trade-offs "
        "and checks for technical answers."
    ),
    "score.advice.specificity": "Be concrete: name the tools, the numbers and the actions you took yourself.",
    "score.advice.impact": (
        "Finish with the outcome and why it mattered, in numbers where you can, and what you learned."
    ),
    "score.advice.situation": "Set the scene in one or two sentences before you describe what you did.",
    "score.advice.task": "Say what you were responsible for, so the interviewer knows what success meant.",
    "score.advice.action": "Describe your own actions step by step, using I rather than we.",
    "score.advice.result": "End every story with a measurable result.",
    "score.advice.approach": "State your approach first, then go into detail.",
    "score.advice.key_points": (
        "Cover the essentials first; practise with the key points listed under each model answer."
    ),
    "score.advice.trade_offs": "Name at least one trade-off or alternative in every technical answer.",
    "score.advice.complexity": "Mention cost, complexity or scale, and how you would verify the design works.",
    "score.advice.competency": "Practise more {competency} questions from the bank.",
    "score.advice.skipped": (
        "Attempt every question, even briefly: a partial answer scores better than a skipped one."
    ),
    "score.advice.missed_point": "Review this point you missed: {point}.",
    "score.advice.strong": "Strong session. Try the next difficulty level or a different interview type.",
    # the AI reviewer's reply had too few improvements: a missing checklist item
    "score.missing_item.situation": "Set the scene briefly: where you were and what was at stake.",
    "score.missing_item.task": "Say what you yourself were responsible for.",
    "score.missing_item.action": "Walk through the specific steps you took.",
    "score.missing_item.result": "End with the result, in numbers if you can.",
    "score.missing_item.approach": "State your overall approach before going into details.",
    "score.missing_item.key_points": "Cover the key points the question is looking for.",
    "score.missing_item.trade_offs": "Name at least one trade-off or alternative and why you chose against it.",
    "score.missing_item.complexity": "Address complexity, scale or cost, and how you would check it works.",
    # why the built-in scorer stood in for the AI reviewer
    "score.fallback.timeout": "The AI reviewer timed out, so this answer was scored by the built-in scorer.",
    "score.fallback.unreachable": "The AI reviewer could not be reached, so this answer was scored by the built-in scorer.",
    "score.fallback.not_configured": "No AI reviewer is configured, so this answer was scored by the built-in scorer.",
    "score.fallback.http": "The AI reviewer returned an error (HTTP {status}), so this answer was scored by the built-in scorer.",
    "score.fallback.unusable": "The AI reviewer's reply could not be used, so this answer was scored by the built-in scorer.",
    "score.fallback.unavailable": "The AI reviewer was unavailable, so this answer was scored by the built-in scorer.",
}
