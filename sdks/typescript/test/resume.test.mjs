import { test, after } from "node:test";
import assert from "node:assert/strict";
import { SandboxAgent } from "../dist/index.js";
import { Server, eventually } from "./server.mjs";

const server = new Server();
after(() => server.stop());

// The server is restarted under the iterator (same port and data directory, SQLite storage):
// the stream breaks on the server's side, the iterator reconnects with Last-Event-ID, and the
// indices it yields are exactly 0, 1, 2, … across the break.
test("the session event iterator resumes across a server restart without gaps or duplicates", async () => {
  await server.start();
  const sdk = await SandboxAgent.connect({ baseUrl: server.url, token: server.token });
  const session = await sdk.sessions.create({ agent: "mock" });
  await sdk.sessions.prompt(session.id, "before the restart");
  const controller = new AbortController();
  const indices = [];
  let disconnects = 0;
  const consumer = (async () => {
    for await (const event of sdk.sessions.stream(session.id, { signal: controller.signal, retryDelayMs: 100, onDisconnect: () => disconnects++ })) {
      indices.push(event.eventIndex);
    }
  })();
  const before = (await sdk.sessions.events(session.id, { limit: 1000 })).nextOffset;
  await eventually(() => indices.length >= before, 30_000, "the replayed transcript");

  await server.stop();
  await server.start();
  await eventually(() => disconnects > 0, 30_000, "the disconnect");
  await sdk.sessions.resume(session.id);
  await sdk.sessions.prompt(session.id, "after the restart");
  const total = (await sdk.sessions.events(session.id, { limit: 1000 })).nextOffset;
  assert.ok(total > before + 2);
  await eventually(() => indices.length >= total, 30_000, `events up to ${total}, got ${indices.length}`);
  controller.abort();
  await consumer;
  assert.deepEqual(indices, Array.from({ length: total }, (_, i) => i));
});
