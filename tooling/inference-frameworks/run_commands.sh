#!/usr/bin/env bash
# Launch commands for Gemma 4 outside Ollama, one block per runtime.
# Written for this corpus (not copied from upstream). Usage: ./run_commands.sh <runtime>
# Model ids and flags follow the vLLM recipe, llama.cpp PR #21421 and the HF launch blog
# as of 2026-04-18. Lines marked UNCONFIRMED were not verified against an official page.
set -euo pipefail

case "${1:-help}" in
  vllm)
    # Needs vLLM 0.19.1+. Serves an OpenAI-compatible API on :8000.
    vllm serve google/gemma-4-31B-it \
      --reasoning-parser gemma4 \
      --enable-auto-tool-choice --tool-call-parser gemma4
    ;;
  llamacpp)
    # Text + image. Pulls the GGUF (and its vision projector) from the Hub.
    llama-server -hf ggml-org/gemma-4-E2B-it-GGUF:Q4_K_M --port 8080
    ;;
  llamacpp-audio)
    # Audio needs an E-series model plus an audio-capable mmproj (BF16 recommended).
    # File names below are placeholders for what you downloaded.
    llama-server -m gemma-4-E4B-it-Q4_K_M.gguf \
      --mmproj mmproj-gemma-4-E4B-it-bf16.gguf --port 8080
    ;;
  mlx)
    # Apple silicon. Checkpoint name UNCONFIRMED; pick one from the mlx-community collection.
    pip install -U mlx-vlm
    python -m mlx_vlm.generate --model mlx-community/gemma-4-E4B-it-4bit \
      --prompt "Describe this image." --image photo.jpg --max-tokens 200
    ;;
  keras)
    # UNCONFIRMED preset name; see snippets/keras_hub_generate.py.
    python snippets/keras_hub_generate.py
    ;;
  gemma-cpp-api)
    # gemma.cpp's Gemini-style local server (finding 3). Flags differ per build;
    # read google-official/gemma-cpp/API_SERVER_README.md before running.
    echo "See google-official/gemma-cpp/API_SERVER_README.md" ;;
  gemini)
    # Hosted API; model id UNCONFIRMED. Needs GEMINI_API_KEY.
    bash snippets/gemini_api_curl.sh
    ;;
  *)
    echo "usage: $0 {vllm|llamacpp|llamacpp-audio|mlx|keras|gemma-cpp-api|gemini}" >&2
    exit 1
    ;;
esac
