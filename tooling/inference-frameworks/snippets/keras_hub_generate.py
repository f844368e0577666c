"""Text generation with Gemma 4 through keras-hub.

Ours. keras-hub is listed among Gemma 4 runtimes, but the preset name below is a
placeholder (UNCONFIRMED); check keras_hub.models.CausalLM.presets for the real one.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "jax")  # or "torch" / "tensorflow"

import keras_hub

PRESET = "gemma4_instruct_e4b"  # unconfirmed
lm = keras_hub.models.CausalLM.from_preset(PRESET)

# The preset's preprocessor is expected to apply the chat format; if it does not,
# build the prompt with the Gemma 4 turn tokens (see CORPUS_tool_calling_format.md beside tooling/).
print(lm.generate("Explain sliding-window attention in two sentences.", max_length=256))
