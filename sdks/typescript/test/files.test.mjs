import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serverAndClient, eventually } from "./server.mjs";

let server;
let sdk;
const dir = mkdtempSync(join(tmpdir(), "sa-sdk-fs-"));

before(async () => {
  ({ server, sdk } = await serverAndClient());
});
after(() => server.stop());

test("fs: write, read, stat, list, mkdir, move, delete", async () => {
  await sdk.fs.mkdir(join(dir, "sub"));
  assert.equal((await sdk.fs.write(join(dir, "sub/a.txt"), "héllo")).bytesWritten, 6);
  assert.equal(await sdk.fs.readText(join(dir, "sub/a.txt")), "héllo");
  assert.equal((await sdk.fs.stat(join(dir, "sub/a.txt"))).size, 6);
  await sdk.fs.move({ from: join(dir, "sub/a.txt"), to: join(dir, "b.txt") });
  assert.deepEqual((await sdk.fs.list(dir)).map((e) => e.name).sort(), ["b.txt", "sub"]);
  await sdk.fs.delete(join(dir, "sub"), { recursive: true });
  await assert.rejects(sdk.fs.stat(join(dir, "sub")), (error) => error.status === 404);
});

test("fs: uploadBatch extracts a tar archive into a directory", async () => {
  const source = mkdtempSync(join(tmpdir(), "sa-sdk-tar-"));
  mkdirSync(join(source, "unpacked"));
  writeFileSync(join(source, "unpacked/c.txt"), "tar");
  const archive = execFileSync("tar", ["-C", source, "-cf", "-", "unpacked"]);
  const target = mkdtempSync(join(dir, "batch-"));
  await sdk.fs.uploadBatch(new Uint8Array(archive), target);
  assert.equal(await sdk.fs.readText(join(target, "unpacked/c.txt")), "tar");
  await sdk.uploadFsBatch(new Blob([archive]), { path: join(target, "again") });
  assert.equal(await sdk.fs.readText(join(target, "again/unpacked/c.txt")), "tar");
});

// 50 MB up and down as streams: the bytes are generated and hashed chunk by chunk, so the test
// never holds the file. The upload's producer does not run more than 8 MB ahead of what the server
// has written to disk (it waits for the upload's temporary file to grow), so a client that read the
// stream whole before sending would time out; the download's live memory may not grow by anything
// near the file size.
test("fs: a 50 MB file streams up and down in bounded memory", async () => {
  const size = 50 * 1024 * 1024;
  const chunk = 256 * 1024;
  const ahead = 8 * 1024 * 1024;
  const pattern = (i) => { const bytes = new Uint8Array(chunk); for (let j = 0; j < chunk; j += 4096) bytes[j] = (i * 31 + j) & 0xff; return bytes; };
  const sent = createHash("sha256");
  const uploads = mkdtempSync(join(dir, "upload-"));
  const onDisk = () => readdirSync(uploads).reduce((sum, name) => sum + statSync(join(uploads, name)).size, 0);
  let produced = 0;
  const body = new ReadableStream({
    async pull(controller) {
      if (produced >= size) return controller.close();
      if (produced - onDisk() > ahead) {
        await eventually(() => produced - onDisk() <= ahead, 30_000, `the server to write more than ${((produced - ahead) / 1048576).toFixed(2)} MB while the producer waits`);
      }
      const bytes = pattern(produced / chunk);
      sent.update(bytes);
      produced += chunk;
      controller.enqueue(bytes);
    },
  }, { highWaterMark: 0 });
  const path = join(uploads, "big.bin");
  assert.equal((await sdk.fs.write(path, body)).bytesWritten, size);

  // Live memory (after a collection, so garbage chunks do not count), sampled every 64 chunks.
  assert.ok(globalThis.gc, "run with node --expose-gc");
  const live = () => { globalThis.gc(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  const baseline = live();
  let peak = baseline;
  const received = createHash("sha256");
  let total = 0;
  let parts = 0;
  for await (const part of await sdk.fs.readStream(path)) {
    received.update(part);
    total += part.length;
    if (++parts % 64 === 0) peak = Math.max(peak, live());
  }
  assert.equal(total, size);
  assert.equal(received.digest("hex"), sent.digest("hex"));
  const growth = peak - baseline;
  assert.ok(growth < size / 4, `live memory grew by ${(growth / 1048576).toFixed(1)} MB while downloading 50 MB`);
});
