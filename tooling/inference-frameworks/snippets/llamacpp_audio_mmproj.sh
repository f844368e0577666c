#!/usr/bin/env bash
# Audio input through llama.cpp: E-series model + audio-capable mmproj (PR #21421).
# Ours. File names are placeholders; the projector follows mmproj-*-E*B-it-*.gguf.
# BF16 projector recommended. Clips up to 30 s.
set -euo pipefail
MODEL="${MODEL:-gemma-4-E4B-it-Q4_K_M.gguf}"
MMPROJ="${MMPROJ:-mmproj-gemma-4-E4B-it-bf16.gguf}"

llama-server -m "$MODEL" --mmproj "$MMPROJ" --port 8080 &
sleep 20  # crude wait for the model to load

AUDIO_B64="$(base64 -w0 clip.wav)"
curl -s localhost:8080/v1/chat/completions -H 'Content-Type: application/json' -d @- <<JSON
{"messages":[{"role":"user","content":[
  {"type":"input_audio","input_audio":{"data":"$AUDIO_B64","format":"wav"}},
  {"type":"text","text":"Transcribe this clip."}]}]}
JSON
