"""A local, persistent emulator of the Vapi API parts vapictl manages (DESIGN.md §7).

- `server.EmulatorServer`: a threaded HTTP server (`vapictl emulator serve`).
- `embedded.local_transport`: the same app in-process for `--local`.
- `app.EmulatorApp`: the WSGI app; `storage.Store`: SQLite; `validation`: DTO rules.
"""
