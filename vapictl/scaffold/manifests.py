"""The starter manifests `vapictl init` writes: the base/ + overlays/<env>/ layout.

`vapictl plan -e prod` reads base/ then overlays/prod/ (vapictl.manifest.environments);
later files override earlier ones key by key. Each environment is usually its own
Vapi org (its own API key), so the org's webhook lives in the overlays.
"""

from __future__ import annotations

SCHEMA_PATH = "vapictl.schema.json"  # `vapictl schema` output, for editors


def _schema_hint(path: str) -> str:
    """The yaml-language-server modeline pointing at the root's schema file."""
    up = "../" * path.count("/")
    return f"# yaml-language-server: $schema={up}{SCHEMA_PATH}\n"


BASE_TOOLS = """# Shared by every environment. Field names are Vapi's own (camelCase).
tools:
  lookup-order:
    type: function
    function:
      name: lookup_order
      description: Look up an order by its number and return its status.
      parameters:
        type: object
        properties:
          orderId: {type: string, description: The order number the caller reads out.}
        required: [orderId]
    # No server of its own: tool-calls go to the assistant's server.url.
"""

BASE_ASSISTANTS = """# Shared by every environment; overlays/<env>/ override fields key by key.
assistants:
  support:
    firstMessage: Hi, this is support. How can I help?
    model:
      provider: openai
      model: gpt-4o
      temperature: 0.3
      messages:
        - role: system
          # The prompt lives in base/prompts/support.md, inserted verbatim (no ${} expansion).
          # Editors: set "yaml.customTags": ["!file scalar"] so the tag is accepted.
          content: !file prompts/support.md
      tools: [lookup-order]  # references by manifest key; vapictl fills in the ids
    server:
      url: https://support.example.com/vapi
      secret: ${SUPPORT_SECRET}  # a secret must come from a variable, never a literal
"""


# Vapi fills in {{...}} variables such as {{date}} at call time; plans show edits line by line.
SUPPORT_PROMPT = """You are a friendly support agent. Today is {{date}}.

How you work:
- Greet the caller and ask for their order number.
- Check the order with the lookup_order tool before saying anything about it.
- Keep answers short: one or two sentences, then ask if there is anything else.
- Never promise refunds or delivery dates; offer to pass the request on instead.
- If the caller is upset, apologise once and focus on what you can do.
"""


def overlay_org(env: str) -> str:
    host = "hooks.example.com" if env == "prod" else f"hooks.{env}.example.com"
    return f"""# The {env} org's default webhook: assistant-request, and every event
# that no closer server URL (tool, assistant, phone number) claims.
org:
  server:
    url: https://{host}/vapi
    secret: ${{ORG_WEBHOOK_SECRET}}
settings:
  prune: false  # set true to delete live resources no manifest declares
  maxDeletes: 10
"""


def overlay_assistants(env: str) -> str:
    if env == "prod":
        return """# prod: only what differs from base/.
assistants:
  support:
    maxDurationSeconds: 1200
"""
    return f"""# {env}: a cheaper model and its own webhook receiver; the rest comes from base/.
assistants:
  support:
    model:
      model: gpt-4o-mini
    server:
      url: https://support.{env}.example.com/vapi
"""


ENV_EXAMPLE = """# Variables the manifests use (${VAR}). Copy to .env for local runs (never commit
# .env); in CI set them as secrets. These placeholders let `vapictl validate` run
# offline: vapictl validate -e prod --env-file .env.example
ORG_WEBHOOK_SECRET=replace-me-org-webhook-secret
SUPPORT_SECRET=replace-me-support-secret
"""

GITIGNORE_LINES = (
    ".vapictl/",  # the --local emulator's state and the rollback snapshots (live objects)
    ".env",  # real secrets for local runs
    "*.vapiplan",  # saved plans (no secrets, but specific to one review)
)


def manifest_files(environments: tuple[str, ...]) -> dict[str, str]:
    """Relative path -> text of every manifest file of the layout."""
    files = {
        "base/tools.yaml": BASE_TOOLS,
        "base/assistants.yaml": BASE_ASSISTANTS,
    }
    for env in environments:
        files[f"overlays/{env}/org.yaml"] = overlay_org(env)
        files[f"overlays/{env}/assistants.yaml"] = overlay_assistants(env)
    files = {path: _schema_hint(path) + text for path, text in files.items()}
    files["base/prompts/support.md"] = SUPPORT_PROMPT  # `!file prompts/support.md`
    return files
