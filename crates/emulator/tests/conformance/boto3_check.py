"""boto3 against the emulator: converse and converse_stream through a model id, a system
profile and an application profile ARN. Prints one JSON object for the Rust test to assert.

usage: python boto3_check.py ENDPOINT APPLICATION_PROFILE_ARN
"""
import json
import sys

import boto3

endpoint, profile_arn = sys.argv[1], sys.argv[2]
runtime = boto3.client("bedrock-runtime", region_name="ap-northeast-1", endpoint_url=endpoint)
control = boto3.client("bedrock", region_name="ap-northeast-1", endpoint_url=endpoint)
messages = [{"role": "user", "content": [{"text": "What does an application inference profile do?"}]}]
out = {}

for label, model_id in [
    ("model", "anthropic.claude-3-haiku-20240307-v1:0"),
    ("system_profile", "apac.anthropic.claude-3-haiku-20240307-v1:0"),
    ("application_profile", profile_arn),
]:
    response = runtime.converse(modelId=model_id, messages=messages)
    out["converse_" + label] = {
        "text": response["output"]["message"]["content"][0]["text"],
        "role": response["output"]["message"]["role"],
        "stopReason": response["stopReason"],
        "usage": response["usage"],
        "latencyMs": response["metrics"]["latencyMs"],
        "requestId": response["ResponseMetadata"]["RequestId"],
    }

    events, text, stop, usage = [], "", None, None
    stream = runtime.converse_stream(modelId=model_id, messages=messages)
    for event in stream["stream"]:
        name = next(iter(event))
        events.append(name)
        if name == "contentBlockDelta":
            text += event[name]["delta"]["text"]
        elif name == "messageStop":
            stop = event[name]["stopReason"]
        elif name == "metadata":
            usage = event[name]["usage"]
    out["stream_" + label] = {"events": events, "text": text, "stopReason": stop, "usage": usage}

cut = runtime.converse(
    modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=messages, inferenceConfig={"maxTokens": 3}
)
out["max_tokens"] = {"stopReason": cut["stopReason"], "usage": cut["usage"], "text": cut["output"]["message"]["content"][0]["text"]}

try:
    runtime.converse(modelId="anthropic.claude-3-7-sonnet-20250219-v1:0", messages=messages)
    out["on_demand_error"] = None
except runtime.exceptions.ValidationException as error:
    out["on_demand_error"] = error.response["Error"]["Code"]

paginator = control.get_paginator("list_inference_profiles")
out["paged_system_ids"] = [
    p["inferenceProfileId"] for page in paginator.paginate(PaginationConfig={"PageSize": 3}) for p in page["inferenceProfileSummaries"]
]
created_at = control.get_inference_profile(inferenceProfileIdentifier=profile_arn)["createdAt"]
out["created_at_type"] = type(created_at).__name__
out["created_at_aware"] = created_at.tzinfo is not None

print(json.dumps(out))
