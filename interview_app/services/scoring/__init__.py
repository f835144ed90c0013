"""Answer scoring: one rubric, an offline engine and an LLM engine."""
