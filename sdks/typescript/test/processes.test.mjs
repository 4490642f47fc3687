import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fromBase64 } from "../dist/index.js";
import { serverAndClient, eventually } from "./server.mjs";

let server;
let sdk;

before(async () => {
  ({ server, sdk } = await serverAndClient());
});
after(() => server.stop());

test("processes: config, run, start, input, follow logs, stop, delete", async () => {
  assert.ok((await sdk.processes.config()).maxConcurrentProcesses > 0);
  const run = await sdk.processes.run({ command: "sh", args: ["-c", "echo out; echo err >&2; exit 3"] });
  assert.equal(run.exitCode, 3);
  assert.equal(run.stdout, "out\n");
  assert.equal(run.stderr, "err\n");

  const cat = await sdk.processes.start({ command: "cat", interactive: true });
  await sdk.processes.input(cat.id, "line one\n");
  await sdk.processes.input(cat.id, new TextEncoder().encode("line two\n"));
  const text = [];
  for await (const item of sdk.processes.followLogs(cat.id)) {
    if (item.type === "exit") { assert.equal(item.process.status, "exited"); break; }
    text.push(new TextDecoder().decode(fromBase64(item.entry.data)));
    if (text.join("").includes("line two\n")) await sdk.processes.stop(cat.id);
  }
  assert.equal(text.join(""), "line one\nline two\n");
  assert.ok((await sdk.processes.logs(cat.id)).entries.length >= 1);
  assert.ok((await sdk.processes.list()).processes.some((p) => p.id === cat.id));
  await sdk.processes.delete(cat.id);
  await assert.rejects(sdk.processes.get(cat.id), (error) => error.status === 404);
});

test("processes: a tty shell over the terminal WebSocket", async () => {
  const shell = await sdk.processes.start({ command: "sh", tty: true, cols: 80, rows: 24 });
  const terminal = await sdk.processes.terminal(shell.id);
  assert.equal(terminal.processId, shell.id);
  let output = "";
  terminal.onData((bytes) => { output += new TextDecoder().decode(bytes); });
  terminal.resize(100, 30);
  terminal.write("echo sum=$((40+2)); stty size\n");
  await eventually(() => output.includes("sum=42") && output.includes("30 100"), 20_000, `terminal output, got ${JSON.stringify(output)}`);
  terminal.write("exit 7\n");
  assert.equal(await terminal.exited, 7);
  terminal.close();
  assert.equal((await sdk.processes.get(shell.id)).exitCode, 7);
  const killed = await sdk.processes.start({ command: "sleep", args: ["60"] });
  assert.equal((await sdk.processes.kill(killed.id, { waitMs: 5000 })).status, "exited");
});

test("processes: setConfig changes the limits a run gets, and is restored", async () => {
  const config = await sdk.processes.config();
  try {
    assert.equal((await sdk.processes.setConfig({ ...config, maxOutputBytes: 10 })).maxOutputBytes, 10);
    assert.equal((await sdk.processes.config()).maxOutputBytes, 10);
    const run = await sdk.processes.run({ command: "sh", args: ["-c", "printf 0123456789abcdef"] });
    assert.deepEqual([run.stdout, run.stdoutTruncated], ["0123456789", true]);
  } finally {
    assert.deepEqual(await sdk.setProcessConfig(config), config);
  }
});
