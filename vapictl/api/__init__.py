"""vapictl.api: the httpx client for the Vapi REST API (and the emulator).

`VapiClient` is what commands and the engine use; `TokenBucket`, `PauseGate`
and `RetryPolicy` are its parts, public for tests and benchmarks.
"""

from vapictl.api.client import VapiClient
from vapictl.api.paging import PAGE_LIMIT, list_all_pages
from vapictl.api.ratelimit import PauseGate, TokenBucket
from vapictl.api.retry import RETRYABLE_STATUSES, RetryPolicy, retry_after_seconds

__all__ = [
    "PAGE_LIMIT",
    "RETRYABLE_STATUSES",
    "PauseGate",
    "RetryPolicy",
    "TokenBucket",
    "VapiClient",
    "list_all_pages",
    "retry_after_seconds",
]
