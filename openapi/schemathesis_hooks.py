"""Schemathesis hooks for openapi/spoor.yaml (loaded through SCHEMATHESIS_HOOKS by ServerTests).

`POST /api/v1/ingest` takes an NDJSON body, a media type schemathesis has no serializer for: generated strings are
sent as their UTF-8 bytes, and any other generated value as one JSON line.
"""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return (json.dumps(value) + "\n").encode("utf-8")
