import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, request as httpRequest } from "node:http";
import { SandboxAgent, IdleStreamError } from "../dist/index.js";
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

// A proxy in front of the server whose first event stream goes silent after the response head
// (the connection stays open, as behind a stalled NAT or load balancer): the iterator gives the
// connection up after idleTimeoutMs and reconnects through the proxy, which passes the second
// stream through, so every event still arrives once. Without the idle timeout it would wait forever.
test("the session event iterator replaces a connection that went silent", { timeout: 60_000 }, async () => {
  if (!server.url) await server.start();
  const sdk = await SandboxAgent.connect({ baseUrl: server.url, token: server.token });
  const session = await sdk.sessions.create({ agent: "mock" });
  await sdk.sessions.prompt(session.id, "through a stalling proxy");
  const total = (await sdk.sessions.events(session.id, { limit: 1000 })).nextOffset;
  const target = new URL(server.url);
  let streams = 0;
  const stalled = [];
  const proxy = createServer((incoming, outgoing) => {
    const isStream = incoming.url.includes("/events/stream");
    const stall = isStream && ++streams === 1;
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode, answer.headers);
      if (stall) { stalled.push(answer, outgoing); answer.pause(); outgoing.flushHeaders(); } else answer.pipe(outgoing);
    });
    incoming.pipe(upstream);
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  try {
    const viaProxy = new SandboxAgent({ baseUrl: `http://127.0.0.1:${proxy.address().port}`, token: server.token });
    const controller = new AbortController();
    const indices = [];
    const disconnects = [];
    for await (const event of viaProxy.sessions.stream(session.id, { signal: controller.signal, idleTimeoutMs: 500, retryDelayMs: 50, onDisconnect: (error) => disconnects.push(error) })) {
      indices.push(event.eventIndex);
      if (indices.length === total) controller.abort();
    }
    assert.deepEqual(indices, Array.from({ length: total }, (_, i) => i));
    assert.equal(streams, 2);
    assert.ok(disconnects.length === 1 && disconnects[0] instanceof IdleStreamError, String(disconnects));
  } finally {
    for (const side of stalled) side.destroy();
    proxy.closeAllConnections();
    proxy.close();
  }
});
