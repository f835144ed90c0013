"""English text of the `followup.*` keys: the interviewer's follow-up questions written from templates."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "followup.behavioural.outcome": "What was the outcome, and how did you know?",
    "followup.behavioural.reflect": "Looking back, what would you do differently, and what did you learn?",
    "followup.behavioural.people": "Who else did you need to bring along, and how did you go about it?",
    "followup.behavioural.options": "How did you weigh the options you had, and why did you choose the way you did?",
    "followup.behavioural.stakes": "What exactly was at stake there, and why did it matter?",
    "followup.technical.trade_offs": "What are the trade-offs of that approach, and what alternative would you consider?",
    "followup.technical.verify": "How would you check that it works, and what would you watch once it is live?",
    "followup.technical.scale": "How does that hold up as the load grows, and where would it break first?",
    "followup.technical.failure": "What could go wrong here, and how would the system handle it?",
    "followup.technical.security": "What are the security risks here, and how would you address them?",
    "followup.technical.concurrency": "What happens when two requests hit this at the same time?",
    "followup.default.behavioural": "Can you make that more concrete: what exactly did you do, and what happened as a result?",
    "followup.default.technical": "Can you walk me through how that would work, step by step?",
    "followup.deeper.technical": "How exactly would that work, and what would make you choose a different approach?",
    "followup.deeper.behavioural": "What exactly did you do there yourself, and how did you know it had worked?",
    "followup.generic.technical": "Can you take one part of that and go one level deeper: how exactly would it work in practice?",
    "followup.generic.behavioural": "Can you pick one moment from that and walk me through exactly what you did and why?",
    "followup.quoted": 'You mentioned "{quote}". {ask}',
    "followup.redirect": "Let's come back to the question: {question}",
}
