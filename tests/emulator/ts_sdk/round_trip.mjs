// Round-trips tools, assistants, squads and BYO numbers through the official TypeScript
// SDK (@vapi-ai/server-sdk) against the emulator. Usage: node round_trip.mjs URL TOKEN
// (with NODE_PATH pointing at the node_modules that holds the SDK). Exits non-zero with
// the failing step on stderr.
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(process.env.NODE_PATH + "/");
const { VapiClient } = require("@vapi-ai/server-sdk");
const [baseUrl, token] = process.argv.slice(2);
const client = new VapiClient({ token, baseUrl, maxRetries: 0 });

const tool = await client.tools.create({
  type: "function",
  function: { name: "lookup_order", description: "Find an order" },
  server: { url: "https://example.com/tools" },
});
assert.equal(tool.type, "function");
const renamed = await client.tools.update({
  id: tool.id,
  body: { type: "function", function: { name: "find_order" } },
});
assert.equal(renamed.function.name, "find_order");
assert.equal((await client.tools.get({ id: tool.id })).server.url, "https://example.com/tools");

const assistant = await client.assistants.create({
  name: "support",
  firstMessage: "Hi!",
  model: { provider: "openai", model: "gpt-4o", toolIds: [tool.id] },
});
assert.deepEqual(assistant.model.toolIds, [tool.id]);
const patched = await client.assistants.update({ id: assistant.id, name: "support-2" });
assert.equal(patched.firstMessage, "Hi!");
assert.deepEqual((await client.assistants.list({ limit: 10 })).map((a) => a.id), [assistant.id]);

const squads = [];
for (const name of ["a", "b", "c"]) {
  squads.push(await client.squads.create({ name, members: [{ assistantId: assistant.id }] }));
}
const picked = await client.squads.list({ idAny: [squads[0].id, squads[1].id], limit: 2 });
assert.deepEqual(picked.map((s) => s.id), [squads[1].id, squads[0].id]);
const squad = await client.squads.update({
  id: squads[0].id,
  name: "triage",
  members: [{ assistantId: assistant.id }],
});
assert.equal(squad.name, "triage");

const phone = await client.phoneNumbers.create({
  provider: "byo-phone-number",
  number: "+14155551234",
  credentialId: "00000000-0000-4000-8000-000000000001",
  assistantId: assistant.id,
  name: "main",
});
assert.equal(phone.status, "active");
const moved = await client.phoneNumbers.update({
  id: phone.id,
  body: { provider: "byo-phone-number", squadId: squad.id, assistantId: null },
});
assert.equal(moved.squadId, squad.id);
assert.equal((await client.phoneNumbers.list()).length, 1);

await client.phoneNumbers.delete({ id: phone.id });
for (const s of squads) await client.squads.delete({ id: s.id });
await client.assistants.delete({ id: assistant.id });
await client.tools.delete({ id: tool.id });
assert.deepEqual(await client.tools.list(), []);
console.log("ok");
