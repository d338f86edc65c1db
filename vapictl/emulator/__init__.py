"""A local, persistent emulator of the Vapi API parts vapictl manages (DESIGN.md §7).

- `server.EmulatorServer`: a threaded HTTP server (`vapictl emulator serve`).
- `embedded.local_transport`: the same app in-process for `--local`.
- `app.EmulatorApp`: the WSGI app; `storage.Store`: SQLite; `validation`: DTO rules;
  `resources`: endpoint behaviour; `faults`: latency, 5xx, 429, access log.

Choices where the real API is undocumented:
- A non-uuid `{id}` answers 400 "Validation failed (uuid is expected)" (NestJS
  ParseUUIDPipe; the spec declares the ids `format: uuid`); an unknown uuid is 404.
- 429 carries `Retry-After` in whole seconds (>= 1), the form every client parses.
- Unknown query parameters are rejected like unknown body keys ("property X should not exist").
- Tool PATCH may repeat the stored `type` (Update*ToolDTO declares it and the official SDK
  always sends it); a different `type`, or a different phone/credential `provider`, is a 400.
"""
