import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { serverAndClient, repositoryRoot, eventually } from "./server.mjs";
import { SandboxAgentError } from "../dist/index.js";

let server;
let sdk;
let display;

before(async () => {
  ({ server, sdk } = await serverAndClient());
  const status = await sdk.desktop.start({ width: 800, height: 600, displayNum: 300 + Math.floor(Math.random() * 500) });
  assert.equal(status.state, "active");
  display = status.display;
});
after(async () => {
  await sdk?.desktop.stop().catch(() => undefined);
  await server.stop();
});

/** The x11-probe fixture in `record` mode: an X client that reports the input it gets. */
async function recordProbe(geometry) {
  const probe = spawn("python3", [join(repositoryRoot, "Tests/Fixtures/x11-probe/x11_probe.py"), "record", "--override-redirect", "--geometry", geometry, "--timeout", "60"],
    { env: { ...process.env, DISPLAY: display }, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: probe.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value);
  assert.equal((await next()).event, "ready");
  return { next, stop: () => probe.kill("SIGTERM") };
}

test("desktop: status, screenshot bytes with geometry, region", async () => {
  assert.equal((await sdk.desktop.status()).state, "active");
  const shot = await sdk.desktop.screenshot();
  assert.deepEqual([...shot.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(shot.contentType, "image/png");
  assert.deepEqual([shot.screenWidth, shot.screenHeight, shot.imageWidth, shot.imageHeight, shot.scaleX], [800, 600, 800, 600, 1]);
  const half = await sdk.desktop.screenshot({ format: "jpeg", scale: 0.5 });
  assert.deepEqual([half.contentType, half.imageWidth, half.scaleX], ["image/jpeg", 400, 0.5]);
  const region = await sdk.desktop.screenshotRegion({ x: 10, y: 20, width: 100, height: 50 });
  assert.deepEqual(region.region, { x: 10, y: 20, width: 100, height: 50 });
  assert.equal((await sdk.desktop.displayInfo()).resolution.width, 800);
});

test("desktop: a click and typed text reach an X client", async () => {
  const probe = await recordProbe("300x200+100+100");
  try {
    const position = await sdk.desktop.click({ x: 150, y: 160 });
    assert.deepEqual([position.x, position.y], [150, 160]);
    let press;
    while (!press) { const event = await probe.next(); if (event.event === "button_press") press = event; }
    assert.deepEqual([press.button, press.rootX, press.rootY, press.x, press.y], [1, 150, 160, 50, 60]);
    await sdk.desktop.type({ text: "hi" });
    let text = "";
    while (text !== "hi") { const event = await probe.next(); if (event.event === "key_press") text += event.text; }
    assert.deepEqual(await sdk.desktop.mousePosition().then((p) => [p.x, p.y]), [150, 160]);
  } finally {
    probe.stop();
  }
});

test("desktop: batched actions, clipboard, windows", async () => {
  const batch = await sdk.desktop.actions({ actions: [{ type: "move", x: 5, y: 6 }, { type: "wait", ms: 10 }], screenshot: { format: "png" } });
  assert.equal(batch.results.length, 2);
  assert.equal(batch.screenshot.screenWidth, 800);
  await sdk.desktop.setClipboard({ text: "copied" });
  assert.equal((await sdk.desktop.clipboard()).text, "copied");
  assert.ok(Array.isArray((await sdk.desktop.windows()).windows));
});

test("desktop: the Anthropic computer-use endpoint clicks at the model's coordinates", async () => {
  const tool = await sdk.desktop.computerUseTool("anthropic", { width: 400, height: 300 });
  assert.equal(tool.display_width_px, 400);
  const probe = await recordProbe("300x200+100+100");
  try {
    const result = await sdk.desktop.computerUse("anthropic", { action: "left_click", coordinate: [100, 80] }, { width: 400, height: 300 });
    assert.equal(result.content[0].type, "image");
    let press;
    while (!press) { const event = await probe.next(); if (event.event === "button_press") press = event; }
    // Model pixel (100, 80) at half the screen's size covers screen pixels 200–201 × 160–161.
    assert.ok(press.rootX >= 200 && press.rootX <= 201 && press.rootY >= 160 && press.rootY <= 161, JSON.stringify(press));
  } finally {
    probe.stop();
  }
});

test("desktop: a recording is listed with its duration, downloads as MP4 and is deleted", async () => {
  const started = await sdk.desktop.startRecording({ fps: 10 });
  assert.equal(started.status, "recording");
  // Two seconds of screen: ffmpeg has written video data and two seconds have passed since the start.
  await eventually(async () => {
    const info = await sdk.desktop.recording(started.id);
    return info.bytes > 0 && Date.now() - Date.parse(info.startedAt) >= 2000;
  }, 30_000, "two seconds of video");
  const stopped = await sdk.desktop.stopRecording();
  assert.deepEqual([stopped.id, stopped.status], [started.id, "completed"]);
  const listed = (await sdk.desktop.recordings()).recordings.find((r) => r.id === started.id);
  assert.ok(listed.durationSeconds > 0, JSON.stringify(listed));
  const video = await sdk.desktop.downloadRecording(started.id);
  assert.equal(video.length, listed.bytes);
  assert.equal(new TextDecoder().decode(video.subarray(4, 8)), "ftyp");
  await sdk.desktop.deleteRecording(started.id);
  await assert.rejects(sdk.desktop.recording(started.id),
    (error) => error instanceof SandboxAgentError && error.status === 404 && error.problem.status === 404 && error.detail.length > 0);
  assert.ok(!(await sdk.desktop.recordings()).recordings.some((r) => r.id === started.id));
});

test("desktop: the live view starts, its WebSocket URL answers ready, and it stops", async () => {
  assert.equal((await sdk.desktop.startStream()).active, true);
  assert.equal((await sdk.desktop.streamStatus()).active, true);
  const url = new URL(sdk.desktop.streamUrl({ fps: 5, control: false }));
  assert.deepEqual([url.protocol, url.pathname, url.searchParams.get("fps"), url.searchParams.get("control"), url.searchParams.get("access_token")],
    ["ws:", "/v1/desktop/stream/ws", "5", "false", server.token]);
  // The first text message; a handshake sent on a kept-alive connection of fetch's pool fails
  // (see Processes.terminal), so it is retried on a failed handshake.
  const firstMessage = () => new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.addEventListener("message", (message) => {
      if (typeof message.data === "string") { socket.close(); resolve(JSON.parse(message.data)); }
    });
    socket.addEventListener("error", () => resolve(undefined));
  });
  let ready;
  for (let attempt = 1; !ready && attempt <= 16; attempt++) ready = await firstMessage();
  assert.deepEqual([ready.type, ready.screenWidth, ready.control], ["ready", 800, false]);
  assert.equal((await sdk.desktop.stopStream()).active, false);
  assert.equal((await sdk.desktop.streamStatus()).active, false);
});

test("desktop: mouse down/up, drag, scroll, press and key down/up reach an X client", async () => {
  const probe = await recordProbe("300x200+100+100");
  const first = async (kind, predicate = () => true) => {
    for (;;) { const event = await probe.next(); if (event.event === kind && predicate(event)) return event; }
  };
  try {
    await sdk.desktop.mouseDown({ x: 150, y: 160 });
    assert.deepEqual(await first("button_press").then((e) => [e.button, e.rootX, e.rootY]), [1, 150, 160]);
    await sdk.desktop.mouseUp({ x: 170, y: 180 });
    assert.deepEqual(await first("button_release").then((e) => [e.button, e.rootX, e.rootY]), [1, 170, 180]);
    await sdk.desktop.drag({ startX: 120, startY: 130, endX: 250, endY: 240 });
    assert.deepEqual(await first("button_press").then((e) => [e.rootX, e.rootY]), [120, 130]);
    assert.deepEqual(await first("button_release").then((e) => [e.rootX, e.rootY]), [250, 240]);
    await sdk.desktop.scroll({ x: 200, y: 200, deltaY: 2 });
    assert.deepEqual(await first("button_press").then((e) => [e.button, e.rootX, e.rootY]), [5, 200, 200]);
    await sdk.desktop.scroll({ x: 200, y: 200, deltaY: -1 });
    assert.equal((await first("button_press", (e) => e.button !== 5)).button, 4);
    await sdk.desktop.press({ key: "a" });
    assert.equal((await first("key_press")).text, "a");
    await sdk.desktop.keyDown({ key: "b" });
    const down = await first("key_press", (e) => e.text === "b");
    await sdk.desktop.keyUp({ key: "b" });
    assert.equal((await first("key_release", (e) => e.keycode === down.keycode)).keycode, down.keycode);
  } finally {
    probe.stop();
  }
});

test("desktop: launch waits for the app's window; focus, move and resize it; open starts a desktop process", async () => {
  const probe = join(repositoryRoot, "Tests/Fixtures/x11-probe/x11_probe.py");
  const launched = await sdk.desktop.launch({ app: "python3", args: [probe, "window", "--title", "sdk-launched", "--no-stdin"], wait: true, waitTimeoutMs: 30_000 });
  try {
    assert.ok(launched.windowId, JSON.stringify(launched));
    assert.equal((await sdk.processes.get(launched.processId)).owner, "desktop");
    const listed = (await sdk.desktop.windows()).windows.find((w) => w.id === launched.windowId);
    assert.equal(listed.title, "sdk-launched");
    assert.equal((await sdk.desktop.focusWindow(launched.windowId)).id, launched.windowId);
    await eventually(async () => (await sdk.desktop.focusedWindow()).id === launched.windowId, 10_000, "the window to be focused");
    // The corner moved is the frame's; x and y are the content's, inside the decorations.
    const moved = await sdk.desktop.moveWindow(launched.windowId, { x: 150, y: 120 });
    const again = await sdk.desktop.moveWindow(launched.windowId, { x: 200, y: 170 });
    assert.deepEqual([again.id, again.x - moved.x, again.y - moved.y], [launched.windowId, 50, 50]);
    assert.ok(again.x >= 200 && again.y >= 170, JSON.stringify(again));
    const resized = await sdk.desktop.resizeWindow(launched.windowId, { width: 320, height: 240 });
    assert.deepEqual([resized.width, resized.height], [320, 240]);
    const now = (await sdk.desktop.windows()).windows.find((w) => w.id === launched.windowId);
    assert.deepEqual([now.x, now.y, now.width, now.height], [again.x, again.y, 320, 240]);
  } finally {
    await sdk.processes.kill(launched.processId, { waitMs: 5000 });
  }
  const opened = await sdk.desktop.open({ target: join(repositoryRoot, "README.md") });
  assert.equal((await sdk.processes.get(opened.processId)).owner, "desktop");
  await sdk.processes.kill(opened.processId, { waitMs: 5000 }).catch(() => undefined);
});

test("desktop: an action made for a session is in its transcript, and its screenshot comes back by id", async () => {
  const session = await sdk.sessions.create({ agent: "mock" });
  const { SandboxAgent } = await import("../dist/index.js");
  const forSession = new SandboxAgent({ baseUrl: server.url, token: server.token, headers: { "X-Sandbox-Agent-Session": session.id } });
  const shot = await forSession.desktop.screenshot({ format: "png" });
  const action = await eventually(async () => (await sdk.sessions.events(session.id, { limit: 1000 })).items
    .find((e) => e.payload.method === "_sandboxagent/desktop/action"), 10_000, "the recorded action");
  const path = action.payload.params.screenshot.path;
  assert.ok(path.startsWith(`/v1/sessions/${session.id}/screenshots/`), path);
  const screenshotId = path.split("/").pop();
  assert.deepEqual(await sdk.sessions.screenshot(session.id, screenshotId), shot.bytes);
  assert.deepEqual(await sdk.getSessionScreenshot(session.id, screenshotId), shot.bytes);
  await assert.rejects(sdk.sessions.screenshot(session.id, "shot_999999"),
    (error) => error instanceof SandboxAgentError && error.status === 404);
  await sdk.sessions.delete(session.id);
});
