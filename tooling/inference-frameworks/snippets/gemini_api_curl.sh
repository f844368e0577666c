#!/usr/bin/env bash
# Call a hosted Gemma model through the Gemini REST API (generateContent).
# Ours. Whether Gemma 4 is hosted, and under which id, is UNCONFIRMED: list models first.
# gemma.cpp's gemma_api_server answers the same request shape locally (finding 3).
set -euo pipefail
: "${GEMINI_API_KEY:?set GEMINI_API_KEY}"
BASE="${BASE:-https://generativelanguage.googleapis.com/v1beta}"
MODEL="${MODEL:-gemma-4-31b-it}"   # placeholder id

# 1. See which Gemma ids are actually offered.
curl -s -H "x-goog-api-key: $GEMINI_API_KEY" "$BASE/models" | grep -i '"name": "models/gemma' || true

# 2. Ask a question.
curl -s -H "x-goog-api-key: $GEMINI_API_KEY" -H 'Content-Type: application/json' \
  "$BASE/models/$MODEL:generateContent" \
  -d '{"contents":[{"role":"user","parts":[{"text":"Give me one fact about otters."}]}]}'
