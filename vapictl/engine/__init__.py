"""The engine: from manifests and live state to a plan, and from a plan to API calls.

- `desired.py` turns manifest entries into API bodies (references by key become
  `Ref`s, secrets `SecretRef`s, `server.secret` a managed credential);
- `live.py` reads the live org (one list call per kind of the registry);
- `match.py` finds each entry's live twin (pin, identity, then content); the one
  matcher plan and routes share;
- `diff.py`/`comparable.py` compare only what the manifest declares;
- `plan.py` builds the ordered actions (`plan_model.py`), `planfile.py` saves and
  re-checks them, `safety.py` enforces delete limits and protection;
- `apply.py` carries a plan out level by level, safely under faults.

What a kind is (section, API path, identity, references, level...) comes from
the registry in `vapictl.model`; nothing here renders (see `vapictl.render`).
"""
