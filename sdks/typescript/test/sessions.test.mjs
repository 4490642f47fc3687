import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SandboxAgent, SandboxAgentError, buildInspectorUrl } from "../dist/index.js";
import { serverAndClient, eventually } from "./server.mjs";

let server;
let sdk;

before(async () => {
  ({ server, sdk } = await serverAndClient());
});
after(() => server.stop());

/** The agent's message text of a session's transcript. */
async function agentText(id) {
  const { items } = await sdk.sessions.events(id, { limit: 1000 });
  return items
    .filter((e) => e.payload.method === "session/update" && e.payload.params?.update?.sessionUpdate === "agent_message_chunk")
    .map((e) => e.payload.params.update.content.text).join("");
}

test("health, and a wrong token is a typed 401", async () => {
  assert.equal((await sdk.health()).status, "ok");
  await assert.rejects(SandboxAgent.connect({ baseUrl: server.url, token: "wrong" }),
    (error) => error instanceof SandboxAgentError && error.status === 401 && error.code === "token_invalid");
});

test("ProblemDetails errors: 404 with its code, 400 with the detail and the field", async () => {
  await assert.rejects(sdk.sessions.get("no-such-session"),
    (error) => error instanceof SandboxAgentError && error.status === 404 && error.code === "session_not_found" && error.problem.type === "urn:sandbox-agent:error:session_not_found");
  await assert.rejects(sdk.sessions.create({ agent: "mock", id: "bad id!" }),
    (error) => error instanceof SandboxAgentError && error.status === 400 && error.detail.length > 0);
  await assert.rejects(sdk.sessions.create({ agent: "mock", env: { "A=B": "x" } }),
    (error) => error instanceof SandboxAgentError && error.status === 400 && error.field === "env" && error.problem.field === "env");
});

test("AbortSignal cancels a call", async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(sdk.health({ signal: controller.signal }), (error) => error.name === "AbortError");
});

test("AbortSignal aborts in-flight calls: an upstream session.prompt waiting on a slow turn, a flat helper", async () => {
  const session = await sdk.createSession({ agent: "mock" });
  const controller = new AbortController();
  const turn = session.prompt([{ type: "text", text: "/slow 2000" }], { signal: controller.signal });
  await eventually(async () => (await sdk.sessions.events(session.id, { limit: 1000 })).items
    .some((e) => e.payload.params?.update?.content?.text === "tick 1 "), 30_000, "the slow turn's first tick");
  controller.abort();
  await assert.rejects(turn, (error) => error.name === "AbortError");
  await sdk.sessions.cancel(session.id);

  const marker = join(mkdtempSync(join(tmpdir(), "sa-sdk-abort-")), "started");
  const running = new AbortController();
  const run = sdk.runProcess({ command: "sh", args: ["-c", `touch ${marker}; sleep 60`] }, { signal: running.signal });
  await eventually(() => existsSync(marker), 30_000, "the run's command to start");
  running.abort();
  await assert.rejects(run, (error) => error.name === "AbortError");
});

test("aborting the event iterator ends it at once, even mid-chunk", async () => {
  const session = await sdk.sessions.create({ agent: "mock" });
  await sdk.sessions.prompt(session.id, "/flood 50");
  const controller = new AbortController();
  let received = 0;
  for await (const _ of sdk.sessions.stream(session.id, { signal: controller.signal })) {
    if (++received === 3) controller.abort();
  }
  assert.equal(received, 3);
});

test("agents: list and get", async () => {
  const { agents } = await sdk.agents.list();
  assert.ok(agents.some((a) => a.id === "mock"));
  assert.equal((await sdk.agents.get("mock")).id, "mock");
});

test("sessions: create, prompt, mode, config, events, list, cancel, delete, resume", async () => {
  const session = await sdk.sessions.create({ agent: "mock", cwd: tmpdir() });
  assert.equal(session.status, "active");
  assert.deepEqual(await sdk.sessions.prompt(session.id, "hello there"), { stopReason: "end_turn" });
  assert.match(await agentText(session.id), /hello there/);
  const modes = (await sdk.sessions.get(session.id)).modes;
  const other = modes.availableModes.find((m) => m.id !== modes.currentModeId);
  assert.equal((await sdk.sessions.setMode(session.id, other.id)).modes.currentModeId, other.id);
  const option = (await sdk.sessions.get(session.id)).configOptions[0];
  const value = option.options.find((o) => o.value !== option.currentValue).value;
  const configured = await sdk.sessions.setConfig(session.id, option.id, value);
  assert.equal(configured.configOptions.find((o) => o.id === option.id).currentValue, value);
  const page = await sdk.sessions.events(session.id, { offset: 2, limit: 3 });
  assert.deepEqual(page.items.map((e) => e.eventIndex), [2, 3, 4]);
  assert.equal(page.nextOffset, 5);
  assert.ok((await sdk.sessions.list()).items.some((s) => s.id === session.id));

  assert.deepEqual(await sdk.sessions.startPrompt(session.id, "/slow 200"), { status: "accepted" });
  await sdk.sessions.cancel(session.id);
  await eventually(async () => (await sdk.sessions.events(session.id, { limit: 1000 })).items
    .some((e) => e.payload.result?.stopReason === "cancelled"), 30_000, "the cancelled turn");

  assert.equal((await sdk.sessions.delete(session.id)).status, "ended");
  const resumed = await sdk.sessions.resume(session.id);
  assert.equal(resumed.status, "active");
  assert.deepEqual(await sdk.sessions.prompt(session.id, "again"), { stopReason: "end_turn" });
});

test("onPermission answers the mock's permission request", async () => {
  const session = await sdk.sessions.create({ agent: "mock" });
  const seen = [];
  const stop = sdk.sessions.onPermission(session.id, (request) => {
    seen.push(request);
    return { reply: "once" };
  });
  try {
    assert.deepEqual(await sdk.sessions.prompt(session.id, "/permission rm -rf build"), { stopReason: "end_turn" });
  } finally {
    stop();
  }
  assert.equal(seen.length, 1);
  assert.equal(seen[0].toolCall.rawInput.command, "rm -rf build");
  assert.match(await agentText(session.id), /Approved\./);
});

test("onQuestion answers the mock's question", async () => {
  const session = await sdk.sessions.create({ agent: "mock" });
  const stop = sdk.sessions.onQuestion(session.id, (question) => {
    assert.equal(question.message, "Which database?");
    return { answers: { database: "sqlite", features: ["backups"], poolSize: 3 } };
  });
  try {
    assert.deepEqual(await sdk.sessions.prompt(session.id, "/ask Which database?"), { stopReason: "end_turn" });
  } finally {
    stop();
  }
  assert.match(await agentText(session.id), /You answered: \{"database":"sqlite","features":\["backups"\],"poolSize":3\}/);
});

test("upstream quickstart: createSession, prompt, onEvent, getEvents, respondPermission", async () => {
  const session = await sdk.createSession({ agent: "mock", sessionInit: { cwd: tmpdir(), mcpServers: [] } });
  assert.ok(session.id);
  const received = [];
  const unsubscribe = session.onEvent((event) => received.push(event));
  const pending = [];
  const stopPermissions = session.onPermissionRequest((request) => pending.push(request));
  const turn = session.prompt([{ type: "text", text: "/permission" }]);
  const request = await eventually(() => pending[0], 30_000, "the permission request");
  assert.deepEqual(request.availableReplies, ["once", "always", "reject"]);
  await sdk.respondPermission(request.permissionId, "reject");
  assert.deepEqual(await turn, { stopReason: "end_turn" });
  await eventually(() => received.some((e) => e.payload.result?.stopReason), 30_000, "the turn's end in onEvent");
  unsubscribe();
  stopPermissions();
  assert.ok(received.every((e) => typeof e.sender === "string" && e.payload));
  const { items } = await sdk.getEvents({ sessionId: session.id, limit: 5 });
  assert.equal(items.length, 5);
  assert.match(await agentText(session.id), /Rejected\./);
});

test("upstream onEvent then an immediate prompt: the listener gets the turn from its first event", async () => {
  // A long transcript makes reading its length take many requests: a listener that only starts once
  // that is done, while the prompt goes out at once, would miss the turn's first events.
  const session = await sdk.createSession({ agent: "mock" });
  await sdk.sessions.prompt(session.id, "/flood 20000");
  const before = await sdk.sessions.endOffset(session.id);
  assert.ok(before > 20000);
  const received = [];
  const unsubscribe = session.onEvent((event) => received.push(event));
  try {
    assert.deepEqual(await session.prompt([{ type: "text", text: "first words" }]), { stopReason: "end_turn" });
    await eventually(() => received.some((e) => e.payload.result?.stopReason), 30_000, "the turn's end in onEvent");
  } finally {
    unsubscribe();
  }
  assert.equal(received[0].eventIndex, before);
  assert.equal(received[0].payload.method, "session/prompt");
  assert.equal(received[0].payload.params.prompt[0].text, "first words");
  assert.deepEqual(received.map((e) => e.eventIndex), received.map((_, i) => before + i));
});

test("upstream resumeOrCreateSession creates, returns the live session, and resumes an ended one", async () => {
  const id = `sess_or_create_${process.pid}`;
  const created = await sdk.resumeOrCreateSession({ id, agent: "mock" });
  assert.equal(created.id, id);
  assert.equal(created.toRecord().status, "active");
  assert.deepEqual(await created.prompt("first"), { stopReason: "end_turn" });
  assert.equal((await sdk.resumeOrCreateSession({ id, agent: "mock" })).createdAt, created.createdAt);
  await sdk.destroySession(id);
  const resumed = await sdk.resumeOrCreateSession({ id, agent: "mock" });
  assert.deepEqual([resumed.id, resumed.createdAt, resumed.toRecord().status], [id, created.createdAt, "active"]);
  await assert.rejects(sdk.resumeOrCreateSession({ id: "bad id!", agent: "mock" }), (error) => error.status === 400);
});

test("upstream dispose ends the client's subscriptions; the Inspector URL carries the token", async () => {
  const session = await sdk.createSession({ agent: "mock" });
  const other = await SandboxAgent.connect({ baseUrl: server.url, token: server.token });
  const disposed = [];
  const kept = [];
  other.onSessionEvent(session.id, (event) => disposed.push(event));
  let permissions = 0;
  other.onPermissionRequest(session.id, () => permissions++);
  const stopKept = sdk.onSessionEvent(session.id, (event) => kept.push(event));
  const stopApproving = sdk.sessions.onPermission(session.id, () => ({ reply: "once" }));
  await other.eventListenersAttached(session.id);
  await other.dispose();
  assert.deepEqual(await session.prompt("/permission after dispose"), { stopReason: "end_turn" });
  await eventually(() => kept.some((e) => e.payload.result?.stopReason), 30_000, "the turn in the kept listener");
  stopKept();
  stopApproving();
  assert.ok(kept.some((e) => e.payload.method === "session/request_permission"));
  assert.deepEqual([disposed.length, permissions], [0, 0]);

  const url = new URL(sdk.inspectorUrl);
  assert.equal(url.toString(), buildInspectorUrl({ baseUrl: server.url + "/", token: server.token }));
  assert.deepEqual([url.pathname, url.searchParams.get("token")], ["/ui/", server.token]);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type"), /text\/html/);
});

test("upstream flat helpers: processes, files, config, agents", async () => {
  assert.equal((await sdk.getHealth()).status, "ok");
  assert.ok((await sdk.listAgents()).agents.length > 0);
  const run = await sdk.runProcess({ command: "echo", args: ["flat"] });
  assert.equal(run.stdout, "flat\n");
  const started = await sdk.createProcess({ command: "sh", args: ["-c", "echo one; echo two"] });
  const entries = [];
  const follower = sdk.followProcessLogs(started.id, (entry) => entries.push(entry));
  await follower.closed;
  assert.equal(entries.map((e) => Buffer.from(e.data, "base64").toString()).join(""), "one\ntwo\n");
  const directory = mkdtempSync(join(tmpdir(), "sa-sdk-flat-"));
  await sdk.writeFsFile({ path: join(directory, "f.txt") }, "flat file");
  assert.equal(new TextDecoder().decode(await sdk.readFsFile({ path: join(directory, "f.txt") })), "flat file");
  await sdk.setSkillsConfig({ directory, skillName: "mine" }, { sources: [{ type: "local", source: directory }] });
  assert.equal((await sdk.getSkillsConfig({ directory, skillName: "mine" })).sources[0].source, directory);
  await sdk.deleteSkillsConfig({ directory, skillName: "mine" });
});

test("ACP relay: a request gets the agent's response, the stream the turn's updates; the relay is listed and closed", async () => {
  const id = "relay-" + process.pid;
  const init = await sdk.acp.send(id, { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: 1, clientCapabilities: {} } }, { agent: "mock" });
  assert.equal(init.id, 1);
  assert.equal(init.result.protocolVersion, 1);
  assert.ok((await sdk.acp.list()).servers.some((s) => s.serverId === id));
  const created = await sdk.acp.send(id, { jsonrpc: "2.0", id: 2, method: "session/new", params: { cwd: tmpdir(), mcpServers: [] } });
  const acpSession = created.result.sessionId;
  // The stream from the start (Last-Event-ID 0 replays what the server still holds), then the turn.
  const controller = new AbortController();
  const messages = [];
  const followed = (async () => {
    for await (const message of sdk.acp.stream(id, { lastEventId: "0" }, { signal: controller.signal })) {
      messages.push(message);
      if (message.id === 3) return;
    }
  })();
  const prompted = await sdk.acp.send(id, { jsonrpc: "2.0", id: 3, method: "session/prompt", params: { sessionId: acpSession, prompt: [{ type: "text", text: "relayed words" }] } });
  assert.equal(prompted.result.stopReason, "end_turn");
  await followed;
  controller.abort();
  const text = messages.filter((m) => m.method === "session/update" && m.params.update.sessionUpdate === "agent_message_chunk")
    .map((m) => m.params.update.content.text).join("");
  assert.match(text, /relayed words/);
  assert.equal(messages.at(-1).result.stopReason, "end_turn");
  await sdk.acp.close(id);
});

test("directory config: MCP servers set, read and deleted", async () => {
  const directory = mkdtempSync(join(tmpdir(), "sa-sdk-config-"));
  await sdk.config.setMcp(directory, "shout", { type: "local", command: ["node", "server.js"] });
  assert.deepEqual((await sdk.config.getMcp(directory, "shout")).command, ["node", "server.js"]);
  await sdk.config.deleteMcp(directory, "shout");
  await assert.rejects(sdk.config.getMcp(directory, "shout"), (error) => error.status === 404);
});
