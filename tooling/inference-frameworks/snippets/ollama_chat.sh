#!/usr/bin/env bash
# Chat with Gemma 4 through Ollama's native API, using a real system role.
# Ours. Ollama passes "system" through the model's template, so no hand-built tokens.
# Tags on 2026-04-18: gemma4:e2b, gemma4:e4b, gemma4:26b, gemma4:31b.
set -euo pipefail
TAG="${TAG:-gemma4:e4b}"

curl -s http://localhost:11434/api/chat -d @- <<JSON
{
  "model": "$TAG",
  "stream": false,
  "messages": [
    {"role": "system", "content": "You are terse. Reply in at most two sentences."},
    {"role": "user", "content": "Why is the sky blue?"}
  ]
}
JSON
