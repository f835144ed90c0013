"""English text of the `draft.*` keys: the questions a tailored interview writes from a candidate's CV and repositories.

Stored with the question when it is written (in the interview's language), like the scorer's comments.
"""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # a requirement the advert names only as a skill
    "draft.requirement.experience": "Experience with {skill}",
    # questions from a CV highlight or project
    "draft.cv.action": "Walk me through how you {action}. What would you change if you did it again?",
    "draft.cv.action_at": "Walk me through how you {action} at {place}. What would you change if you did it again?",
    "draft.cv.quote": (
        "Your CV mentions \u201c{quote}\u201d. Walk me through what you did, the hardest decision along the way, "
        "and what you would change."
    ),
    "draft.cv.quote_at": (
        "Your CV mentions \u201c{quote}\u201d at {place}. Walk me through what you did, the hardest decision along "
        "the way, and what you would change."
    ),
    "draft.cv.project": (
        "Tell me about {name}. What problem did it solve, which design decisions did you make, and what would you "
        "do differently today?"
    ),
    # their key points
    "draft.point.problem": "Explains the problem {name} solves and who it is for",
    "draft.point.design": "Describes the design and the main decisions, with the alternatives considered",
    "draft.point.scene": "Sets the scene: the goal, the constraints and what was at stake",
    "draft.point.scene_at": "Sets the scene at {place}: the goal, the constraints and what was at stake",
    "draft.point.own_part": "Makes clear their own part in it, not only the team's",
    "draft.point.skill": "Explains how {skill} was used and why it was the right choice",
    "draft.point.skills": "Explains how {first} and {second} was used and why it was the right choice",
    "draft.point.decisions": "Explains the key decisions and the alternatives that were weighed",
    "draft.point.metric": "Backs the result with evidence ({metric}) and says how it was measured",
    "draft.point.result": "States the result and how it was measured",
    "draft.point.change": "Names what they would change now and why (a trade-off or lesson)",
    "draft.point.requirement": "Connects the experience to what the job asks for: {requirement}",
    # the model answer: the key points in order
    "draft.model.first": "A strong answer {point}.",
    "draft.model.next": "It {point}.",
    # follow-ups
    "draft.follow.without": "What would have happened if you had not done it?",
    "draft.follow.disagree": "Who disagreed with the approach, and how did you handle it?",
    # questions about a GitHub repository ({name}, {feature}, {focus}, {stack})
    "draft.repo.design": (
        "Walk me through how you designed {feature} in {name}. What would you change if you built it again today?"
    ),
    "draft.repo.design.justify": "Justifies a design choice in {stack} against an alternative",
    "draft.repo.design.change": "Names one thing they would change and why",
    "draft.repo.design.follow_break": "Which part would break first if many more people used it?",
    "draft.repo.design.follow_first": "What did you try first that did not work?",
    "draft.repo.stack": "{name} is built with {stack}. Why that stack, what did it cost you, and would you choose it again?",
    "draft.repo.stack.reasons": "Gives reasons {stack} fit the problem",
    "draft.repo.stack.alternative": "Names an alternative they considered",
    "draft.repo.stack.limit": "Describes a concrete limitation they hit around {focus}",
    "draft.repo.stack.follow_switch": "What would make you switch today?",
    "draft.repo.stack.follow_testing": "How did the choice affect testing and deployment?",
    "draft.repo.hardest": "What was the hardest problem you hit while building {name}, and how did you find and fix it?",
    "draft.repo.hardest.symptom": "Describes the symptom and how they narrowed down the cause",
    "draft.repo.hardest.fix": "Explains the fix and how they verified it",
    "draft.repo.hardest.prevent": (
        "Says what they changed afterwards so it cannot happen again (tests, monitoring, design)"
    ),
    "draft.repo.hardest.follow_time": "How long did it take, and what would have found it sooner?",
    "draft.repo.hardest.follow_help": "Did anyone else help, and how?",
    "draft.repo.tested": "How is {name} tested, and what would you change for ten times its users or data?",
    "draft.repo.tested.tests": "Describes the tests that exist or are missing and what they cover",
    "draft.repo.tested.bottleneck": "Finds the first bottleneck at ten times the load in {focus}",
    "draft.repo.tested.cost": "Weighs the cost of the change against the need",
    "draft.repo.tested.follow_confidence": "Which test gives you the most confidence, and why?",
    "draft.repo.tested.follow_measure": "What would you measure first under load?",
    "draft.repo.feature_default": "its overall design",
    "draft.repo.focus_default": "the design",
    "draft.repo.stack_default": "the stack you chose",
    "draft.repo.stack_list": "{items} and {last}",
    "draft.repo.point.does": "States what {name} does: {summary}",
    "draft.repo.point.handles": "Explains how it handles: {point}",
    "draft.repo.point.requirement": "Connects the project to the role's requirement: {requirement}",
    "draft.repo.model": (
        "A strong answer is about the candidate's own work on {repo}, so it is specific: real decisions, real "
        "numbers and real mistakes. It covers: {points} The README describes the project as: {readme}"
    ),
    "draft.repo.languages": "Languages of your public repositories: {languages}",
}
