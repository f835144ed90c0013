#!/usr/bin/env bash
# The optional local LLM (LOCAL_LLM=true, docs/scoring.md): Qwen2.5-Coder-1.5B-Instruct served by
# llama-cpp-python's OpenAI-compatible server on 127.0.0.1:LOCAL_LLM_PORT.
#   scripts/local_llm.sh prepare   fetch, join and check the model; build llama-cpp-python once and install it
#                                  in its own environment (all kept in LOCAL_LLM_DIR, ~/.cache/interview-coach/llm);
#                                  idempotent, quick once done
#   scripts/local_llm.sh serve     run the server in the foreground (scripts/start.sh does this for you)
#   scripts/local_llm.sh status    exit 0 when the model and the server's environment are in place
source "$(dirname "$0")/_env.sh"
install_requirements requirements.txt .venv/.installed-app
exec .venv/bin/python -m interview_app.services.scoring.local_llm "$@"
