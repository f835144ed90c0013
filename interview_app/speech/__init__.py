"""Speech: Whisper models from PyPI, decoding, streamed transcription and speaking metrics."""
