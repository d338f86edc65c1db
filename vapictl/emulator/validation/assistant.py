"""Assistants: Create and Update DTOs are identical and nothing is required [OAS]."""

from __future__ import annotations

from typing import Any

from vapictl.emulator.validation import core, tool
from vapictl.emulator.validation.core import Messages
from vapictl.emulator.validation.shared import server_check

_SPEC_KEYS = frozenset(
    core.words(
        "transcriber model voice firstMessage firstMessageInterruptionsEnabled "
        "firstMessageMode voicemailDetection clientMessages serverMessages maxDurationSeconds "
        "backgroundSound modelOutputInMessagesEnabled transportConfigurations observabilityPlan "
        "credentials hooks name voicemailMessage endCallMessage endCallPhrases compliancePlan "
        "metadata backgroundSpeechDenoisingPlan analysisPlan artifactPlan startSpeakingPlan "
        "stopSpeakingPlan monitorPlan credentialIds server keypadInputPlan"
    )
)
# API-REFERENCE §3: left the spec but the live API still accepts them (gitops pushes them).
# The legacy top-level serverUrl/serverUrlSecret are unverified, so they stay rejected.
_LIVE_UNSPECIFIED_KEYS = frozenset(
    {"silenceTimeoutSeconds", "messagePlan", "backgroundDenoisingEnabled", "endCallFunctionEnabled"}
)
KEYS = _SPEC_KEYS | _LIVE_UNSPECIFIED_KEYS

FIRST_MESSAGE_MODES = (
    "assistant-speaks-first",
    "assistant-speaks-first-with-model-generated-message",
    "assistant-waits-for-user",
)
MODEL_PROVIDERS = core.words(
    "anthropic anthropic-bedrock anyscale cerebras custom-llm deepinfra deep-seek google groq "
    "inflection-ai minimax openai openrouter perplexity-ai together-ai xai vapi"
)
# The union of the keys of the 17 *Model schemas: provider-specific extras are allowed on
# any provider (lenient), but anything outside the union is rejected.
_MODEL_KEYS = frozenset(
    core.words(
        "emotionRecognitionEnabled fallbackModels headers knowledgeBase maxTokens messages "
        "metadataSendMode model numFastTurns promptCacheKey promptCacheRetention provider "
        "realtimeConfig reasoningEffort temperature thinking timeoutSeconds toolIds toolRefs "
        "toolStrictCompatibilityMode tools url version wordLevelConfidenceEnabled workflow "
        "workflowId"
    )
)
_MESSAGE_KEYS = frozenset({"role", "content"})


def _message(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.unknown_keys(body, _MESSAGE_KEYS, prefix, out)
    core.required(body, ("role",), prefix, out)
    core.string(body, "content", prefix, out)


def _model(body: dict[str, Any], prefix: str, out: Messages) -> None:
    core.unknown_keys(body, _MODEL_KEYS, prefix, out)
    core.required(body, ("provider", "model"), prefix, out)
    core.one_of(body, "provider", MODEL_PROVIDERS, prefix, out)
    core.string(body, "model", prefix, out)
    core.number(body, "temperature", prefix, out, minimum=0, maximum=2)
    core.number(body, "maxTokens", prefix, out, minimum=50, maximum=10000)
    # Referenced tools need not exist: the real behaviour is undocumented.
    core.string_array(body, "toolIds", prefix, out)
    core.nested_array(body, "messages", _message, prefix, out)
    core.nested_array(body, "tools", tool.validate_create, prefix, out, style="each")


def validate(body: dict[str, Any], prefix: str, out: Messages) -> None:
    """Rules for a whole assistant body (also used for inline squad members)."""
    core.unknown_keys(body, KEYS, prefix, out)
    core.string(body, "name", prefix, out, max_length=40)
    core.string(body, "firstMessage", prefix, out)
    core.one_of(body, "firstMessageMode", FIRST_MESSAGE_MODES, prefix, out)
    core.string(body, "voicemailMessage", prefix, out, max_length=1000)
    core.string(body, "endCallMessage", prefix, out, max_length=1000)
    core.number(body, "maxDurationSeconds", prefix, out, minimum=10, maximum=43200)
    core.number(body, "silenceTimeoutSeconds", prefix, out, minimum=10, maximum=3600)
    core.string_array(body, "credentialIds", prefix, out)
    core.string_array(body, "serverMessages", prefix, out)
    core.string_array(body, "clientMessages", prefix, out)
    if body.get("metadata") is not None and not core.is_object(body["metadata"]):
        out.append(f"{prefix}metadata must be an object")  # free-form otherwise
    core.nested(body, "model", _model, prefix, out)
    server_check(body, prefix, out)
