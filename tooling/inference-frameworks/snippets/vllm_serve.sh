#!/usr/bin/env bash
# vLLM server for Gemma 4 with thinking and tool calls parsed into structured fields.
# Ours. Needs vLLM 0.19.1+ (per the vLLM recipe). Swap MODEL for E4B/26B-A4B as needed.
set -euo pipefail
MODEL="${MODEL:-google/gemma-4-31B-it}"

vllm serve "$MODEL" \
  --reasoning-parser gemma4 \
  --enable-auto-tool-choice \
  --tool-call-parser gemma4 \
  --port 8000

# Quick check from another shell:
# curl -s localhost:8000/v1/chat/completions -H 'Content-Type: application/json' \
#   -d '{"model":"google/gemma-4-31B-it","messages":[{"role":"user","content":"Hi"}]}'
