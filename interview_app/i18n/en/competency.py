"""English text of the `competency.*` keys: the competencies a question trains (bank/files.py)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "competency.communication": "Communication",
    "competency.collaboration": "Collaboration",
    "competency.leadership": "Leadership",
    "competency.ownership": "Ownership",
    "competency.problem_solving": "Problem solving",
    "competency.conflict_resolution": "Conflict resolution",
    "competency.adaptability": "Adaptability",
    "competency.customer_focus": "Customer focus",
    "competency.prioritisation": "Prioritisation",
    "competency.stakeholder_management": "Stakeholder management",
    "competency.decision_making": "Decision making",
    "competency.delivery": "Delivery and execution",
    "competency.mentoring": "Mentoring and coaching",
    "competency.learning": "Learning and growth",
    "competency.technical_depth": "Technical depth",
    "competency.coding": "Coding and craft",
    "competency.debugging": "Debugging and troubleshooting",
    "competency.system_design": "System design",
    "competency.reliability": "Reliability and operations",
    "competency.security": "Security",
    "competency.testing_quality": "Testing and quality",
    "competency.data_analysis": "Data analysis",
    "competency.product_sense": "Product sense",
    "competency.design_thinking": "Design thinking",
    "competency.negotiation": "Negotiation and persuasion",
}
