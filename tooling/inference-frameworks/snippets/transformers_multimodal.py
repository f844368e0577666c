"""Image + text generation with Gemma 4 in transformers (>= 5.5.4, see finding 4).

Ours. Uses the multimodal AutoClass, not AutoModelForCausalLM.
"""
from transformers import AutoModelForMultimodalLM, AutoProcessor

MODEL = "google/gemma-4-E4B-it"
processor = AutoProcessor.from_pretrained(MODEL)
model = AutoModelForMultimodalLM.from_pretrained(MODEL, device_map="auto", dtype="auto")

messages = [
    {"role": "system", "content": [{"type": "text", "text": "Reply with JSON only."}]},
    {"role": "user", "content": [
        {"type": "image", "url": "https://example.org/street.jpg"},
        {"type": "text", "text": "Detect the bicycle in this image."}]},
]
inputs = processor.apply_chat_template(messages, add_generation_prompt=True, tokenize=True,
                                       return_dict=True, return_tensors="pt").to(model.device)
out = model.generate(**inputs, max_new_tokens=256)
new_tokens = out[0][inputs["input_ids"].shape[-1]:]
print(processor.decode(new_tokens, skip_special_tokens=True))
