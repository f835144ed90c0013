"""Replies shaped like llama-cpp-python 0.3.36's server (`/v1/chat/completions` with `logprobs`), for the fake server.

The shape was checked against the real server (tests/unit/services/scoring/test_local_llm_real.py keeps
checking it): the first token's `top_logprobs` is a list of `{"token", "logprob", "bytes": null}`, `bytes`
is null throughout, and `logprobs` sits beside `message` in the choice, with `refusal: null`.
"""

from __future__ import annotations

import math
import time
from typing import Any

from tests.support.fake_openai import Reply


def digit_reply(probabilities: dict[str, float], *, model: str = "local-model") -> Reply:
    """A one-token reply whose top candidates have these probabilities (the most likely one is written)."""
    top = sorted(probabilities.items(), key=lambda kv: kv[1], reverse=True)
    written = top[0][0]
    candidates = [{"token": t, "logprob": math.log(p) if p > 0 else -1e9, "bytes": None} for t, p in top]
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": written},
                "logprobs": {
                    "content": [
                        {
                            "token": written,
                            "bytes": None,
                            "logprob": candidates[0]["logprob"],
                            "top_logprobs": candidates,
                        }
                    ],
                    "refusal": None,
                },
                "finish_reason": "length",
            }
        ],
        "usage": {"prompt_tokens": 200, "completion_tokens": 1, "total_tokens": 201},
    }
    return Reply(body=body)


def grade(expected_digit: int, confidence: float = 0.9) -> Reply:
    """A reply that puts `confidence` on one digit and spreads the rest over its neighbours and a stray token."""
    rest = 1.0 - confidence
    probabilities: dict[str, float] = {str(expected_digit): confidence}
    neighbours = [d for d in (expected_digit - 1, expected_digit + 1) if 0 <= d <= 5]
    for d in neighbours:
        probabilities[str(d)] = rest * 0.8 / len(neighbours)
    probabilities["The"] = rest * 0.2
    return digit_reply(probabilities)


def without_logprobs(content: str = "3") -> Reply:
    """A reply from a server that ignores `logprobs` (an old or different endpoint)."""
    body: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "other",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 200, "completion_tokens": 1, "total_tokens": 201},
    }
    return Reply(body=body)
