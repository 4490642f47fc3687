import type {
  FsActionResponse, FsEntry, FsMoveRequest, FsMoveResponse, FsStat, FsUploadBatchResponse, FsWriteResponse,
} from "./generated/schemas.js";
import type { CallOptions, Transport } from "./http.js";

/** Data accepted by `write`: bytes, text, a Blob or a stream (sent without buffering). */
export type FileData = Uint8Array | ArrayBuffer | string | Blob | ReadableStream<Uint8Array>;

/** The file system of the server (`/v1/fs`). Paths are absolute, relative to the server's directory, or `~/…`. */
export class Files {
  constructor(private readonly transport: Transport) {}

  list(path = ".", options: CallOptions = {}): Promise<FsEntry[]> {
    return this.transport.json("listFsEntries", { query: { path }, ...options });
  }

  stat(path: string, options: CallOptions = {}): Promise<FsStat> {
    return this.transport.json("statFsEntry", { query: { path }, ...options });
  }

  /** The whole file as bytes. */
  async read(path: string, options: CallOptions = {}): Promise<Uint8Array> {
    const response = await this.transport.send("readFsFile", { query: { path }, ...options });
    return new Uint8Array(await response.arrayBuffer());
  }

  /** The file as text (UTF-8). */
  async readText(path: string, options: CallOptions = {}): Promise<string> {
    return new TextDecoder().decode(await this.read(path, options));
  }

  /** The file as a stream of chunks, for files too big to hold in memory. */
  async readStream(path: string, options: CallOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const response = await this.transport.send("readFsFile", { query: { path }, ...options });
    return response.body!;
  }

  /** Creates or replaces the file (missing parent directories are created). */
  write(path: string, data: FileData, options: CallOptions = {}): Promise<FsWriteResponse> {
    return this.transport.json("writeFsFile", { query: { path }, body: requestBody(data), contentType: "application/octet-stream", ...options });
  }

  delete(path: string, query: { recursive?: boolean } = {}, options: CallOptions = {}): Promise<FsActionResponse> {
    return this.transport.json("deleteFsEntry", { query: { path, ...query }, ...options });
  }

  mkdir(path: string, options: CallOptions = {}): Promise<FsActionResponse> {
    return this.transport.json("createFsDirectory", { query: { path }, ...options });
  }

  move(request: FsMoveRequest, options: CallOptions = {}): Promise<FsMoveResponse> {
    return this.transport.json("moveFsEntry", { json: request, ...options });
  }

  /** Extracts a tar archive into the directory `path`. */
  uploadBatch(tar: FileData, path = ".", options: CallOptions = {}): Promise<FsUploadBatchResponse> {
    return this.transport.json("uploadFsBatch", { query: { path }, body: requestBody(tar), contentType: "application/x-tar", ...options });
  }
}

/** The body to send: text as UTF-8, anything else as it is (a stream is sent as it is read). */
function requestBody(data: FileData): BodyInit {
  return (typeof data === "string" ? new TextEncoder().encode(data) : data) as BodyInit;
}
