"""Image + text generation with Gemma 4 on Apple silicon via mlx-vlm.

Ours. Install with `pip install -U mlx-vlm`. The checkpoint name is a placeholder:
pick a real one from the mlx-community Gemma 4 collection.
"""
from mlx_vlm import generate, load
from mlx_vlm.prompt_utils import apply_chat_template
from mlx_vlm.utils import load_config

MODEL = "mlx-community/gemma-4-E4B-it-4bit"  # unconfirmed name
IMAGES = ["photo.jpg"]

model, processor = load(MODEL)
config = load_config(MODEL)
prompt = apply_chat_template(processor, config, "What is in this picture?",
                             num_images=len(IMAGES))
print(generate(model, processor, prompt, IMAGES, max_tokens=200, verbose=False))
