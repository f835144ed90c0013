"""The life of an answer: recordings, storage, transcription, follow-ups and the local LLM's refinement."""
