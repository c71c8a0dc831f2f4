"""boto3 against the emulator: Converse's model features through an application profile ARN
(the demo's prod-claude-sonnet, Claude Sonnet 4.5): a system cache point written then read,
reasoning streamed with its signature and sent back, tampered reasoning refused, an image, and
the service tier reported. Prints one JSON object for the Rust test to assert.

usage: python boto3_features.py ENDPOINT APPLICATION_PROFILE_ARN
"""
import json
import struct
import sys

import boto3

endpoint, profile_arn = sys.argv[1], sys.argv[2]
runtime = boto3.client("bedrock-runtime", region_name="ap-northeast-1", endpoint_url=endpoint)
out = {}

system = [{"text": " ".join("rule%d" % i for i in range(1500))}, {"cachePoint": {"type": "default"}}]
question = [{"role": "user", "content": [{"text": "What do the rules say?"}]}]
out["cache"] = []
for _ in range(2):
    response = runtime.converse(modelId=profile_arn, system=system, messages=question)
    out["cache"].append(response["usage"])
    out["tier"] = response.get("serviceTier")

thinking = {"thinking": {"type": "enabled", "budget_tokens": 2048}}
config = {"maxTokens": 4096}
stream = runtime.converse_stream(
    modelId=profile_arn, messages=question, inferenceConfig=config, additionalModelRequestFields=thinking
)
reasoning, signature, text, indexes, metadata = "", None, "", [], None
for event in stream["stream"]:
    if "contentBlockDelta" in event:
        delta = event["contentBlockDelta"]["delta"]
        indexes.append(event["contentBlockDelta"]["contentBlockIndex"])
        if "reasoningContent" in delta:
            reasoning += delta["reasoningContent"].get("text", "")
            signature = delta["reasoningContent"].get("signature", signature)
        else:
            text += delta["text"]
    elif "metadata" in event:
        metadata = event["metadata"]
out["stream"] = {
    "reasoning": reasoning,
    "signature": signature,
    "text": text,
    "indexes": sorted(set(indexes)),
    "usage": metadata["usage"],
    "tier": metadata.get("serviceTier"),
}


def turn(thought):
    return question + [
        {
            "role": "assistant",
            "content": [
                {"reasoningContent": {"reasoningText": {"text": thought, "signature": signature}}},
                {"text": text},
            ],
        },
        {"role": "user", "content": [{"text": "Say more."}]},
    ]


again = runtime.converse(
    modelId=profile_arn, messages=turn(reasoning), inferenceConfig=config, additionalModelRequestFields=thinking
)
out["sent_back"] = [next(iter(block)) for block in again["output"]["message"]["content"]]
try:
    runtime.converse(
        modelId=profile_arn,
        messages=turn(reasoning + " (edited)"),
        inferenceConfig=config,
        additionalModelRequestFields=thinking,
    )
    out["tampered"] = None
except runtime.exceptions.ValidationException as error:
    out["tampered"] = error.response["Error"]["Message"]

png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + struct.pack(">II", 640, 480) + b"\x08\x06\x00\x00\x00"
pictured = runtime.converse(
    modelId=profile_arn,
    messages=[{"role": "user", "content": [{"image": {"format": "png", "source": {"bytes": png}}}, {"text": "Describe it."}]}],
)
out["image_usage"] = pictured["usage"]

print(json.dumps(out))
