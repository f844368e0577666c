#!/usr/bin/env bash
# llama.cpp server for a Gemma 4 GGUF pulled straight from the Hub (text + image).
# Ours. The -hf form downloads the model and, where published, its vision projector.
set -euo pipefail
REPO="${REPO:-ggml-org/gemma-4-E2B-it-GGUF}"
QUANT="${QUANT:-Q4_K_M}"

llama-server -hf "${REPO}:${QUANT}" --port 8080

# Test with the OpenAI-compatible endpoint:
# curl -s localhost:8080/v1/chat/completions -H 'Content-Type: application/json' \
#   -d '{"messages":[{"role":"user","content":"Name three rivers."}]}'
