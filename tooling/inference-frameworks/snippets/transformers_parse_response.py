"""Split a Gemma 4 reply into thinking, answer and tool calls with processor.parse_response.

Ours. The parsing rules come from the response schema stored in the checkpoint's
tokenizer_config.json; pass response_schema=... only to override it.
"""
from transformers import AutoModelForMultimodalLM, AutoProcessor

MODEL = "google/gemma-4-E4B-it"
processor = AutoProcessor.from_pretrained(MODEL)
model = AutoModelForMultimodalLM.from_pretrained(MODEL, device_map="auto", dtype="auto")

messages = [{"role": "user", "content": [{"type": "text", "text": "Is 221 prime?"}]}]
inputs = processor.apply_chat_template(messages, add_generation_prompt=True, tokenize=True,
                                       return_dict=True, return_tensors="pt",
                                       enable_thinking=True).to(model.device)
out = model.generate(**inputs, max_new_tokens=512)
raw = processor.decode(out[0][inputs["input_ids"].shape[-1]:], skip_special_tokens=False)

parsed = processor.parse_response(raw)  # dict-like: thinking / content / tool_calls
print(parsed)
