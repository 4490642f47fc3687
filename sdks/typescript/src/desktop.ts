import type {
  DesktopActionResponse, DesktopActionsRequest, DesktopActionsResponse, DesktopClipboardResponse,
  DesktopClipboardSelection, DesktopClipboardSetRequest, DesktopDisplayInfoResponse, DesktopImageFormat,
  DesktopKeyboardKeyRequest, DesktopKeyboardPressRequest, DesktopKeyboardTypeRequest, DesktopLaunchRequest,
  DesktopLaunchResponse, DesktopMouseButtonRequest, DesktopMouseClickRequest, DesktopMouseDragRequest,
  DesktopMouseMoveRequest, DesktopMousePositionResponse, DesktopMouseScrollRequest, DesktopOpenRequest,
  DesktopOpenResponse, DesktopRecordingInfo, DesktopRecordingListResponse, DesktopRecordingStartRequest,
  DesktopStartRequest, DesktopStatusResponse, DesktopStreamStatusResponse, DesktopWindowInfo, DesktopWindowListResponse,
  DesktopWindowMoveRequest, DesktopWindowResizeRequest,
} from "./generated/schemas.js";
import type { OperationId } from "./generated/operations.js";
import type { CallOptions, Transport } from "./http.js";

/** Options of `screenshot`. */
export interface ScreenshotOptions {
  format?: DesktopImageFormat;
  quality?: number;
  scale?: number;
  showCursor?: boolean;
  width?: number;
  height?: number;
}

/** A screenshot: the encoded image and where its pixels are on the screen. */
export interface Screenshot {
  bytes: Uint8Array;
  contentType: string;
  screenWidth: number;
  screenHeight: number;
  /** The captured region of the screen (the whole screen for `screenshot`). */
  region: { x: number; y: number; width: number; height: number };
  imageWidth: number;
  imageHeight: number;
  /** Image pixels per screen pixel: `screenX = region.x + imageX / scaleX`. */
  scaleX: number;
  scaleY: number;
}

/** Query of the live view's WebSocket (`streamUrl`); see docs/api.md "Live view". */
export interface StreamQuery {
  /** Frame-rate cap, 1–60 (default 30). */
  fps?: number;
  /** JPEG quality, 1–100 (default 70). */
  quality?: number;
  /** Image size per screen size, 0.1–1 (default 1). */
  scale?: number;
  /** `false` makes a read-only viewer (default true). */
  control?: boolean;
  /** The session whose transcript records this viewer's input. */
  session?: string;
}

/** The model flavours of the computer-use endpoints. */
export type ComputerUseProvider = "anthropic" | "openai";

const computerUse = {
  anthropic: { tool: "getDesktopComputerUseAnthropicTool", act: "postDesktopComputerUseAnthropic" },
  openai: { tool: "getDesktopComputerUseOpenAITool", act: "postDesktopComputerUseOpenAI" },
} as const;

/**
 * The X desktop (`/v1/desktop`): lifecycle, screenshots, input, windows, clipboard, computer use,
 * MP4 recordings and the live view.
 */
export class Desktop {
  constructor(private readonly transport: Transport) {}

  status(options: CallOptions = {}): Promise<DesktopStatusResponse> {
    return this.transport.json("get_v1_desktop_status", options);
  }

  start(request: DesktopStartRequest = {}, options: CallOptions = {}): Promise<DesktopStatusResponse> {
    return this.transport.json("post_v1_desktop_start", { json: request, ...options });
  }

  stop(options: CallOptions = {}): Promise<DesktopStatusResponse> {
    return this.transport.json("post_v1_desktop_stop", options);
  }

  screenshot(query: ScreenshotOptions = {}, options: CallOptions = {}): Promise<Screenshot> {
    return this.image("get_v1_desktop_screenshot", { ...query }, options);
  }

  /** A region of the screen; `outputWidth`/`outputHeight` size the image. */
  screenshotRegion(region: { x: number; y: number; width: number; height: number; outputWidth?: number; outputHeight?: number } & Omit<ScreenshotOptions, "width" | "height">, options: CallOptions = {}): Promise<Screenshot> {
    return this.image("get_v1_desktop_screenshot_region", { ...region }, options);
  }

  mousePosition(options: CallOptions = {}): Promise<DesktopMousePositionResponse> {
    return this.transport.json("get_v1_desktop_mouse_position", options);
  }

  move(request: DesktopMouseMoveRequest, options: CallOptions = {}): Promise<DesktopMousePositionResponse> {
    return this.transport.json("post_v1_desktop_mouse_move", { json: request, ...options });
  }

  click(request: DesktopMouseClickRequest, options: CallOptions = {}): Promise<DesktopMousePositionResponse> {
    return this.transport.json("post_v1_desktop_mouse_click", { json: request, ...options });
  }

  mouseDown(request: DesktopMouseButtonRequest = {}, options: CallOptions = {}): Promise<DesktopMousePositionResponse> {
    return this.transport.json("post_v1_desktop_mouse_down", { json: request, ...options });
  }

  mouseUp(request: DesktopMouseButtonRequest = {}, options: CallOptions = {}): Promise<DesktopMousePositionResponse> {
    return this.transport.json("post_v1_desktop_mouse_up", { json: request, ...options });
  }

  drag(request: DesktopMouseDragRequest, options: CallOptions = {}): Promise<DesktopMousePositionResponse> {
    return this.transport.json("post_v1_desktop_mouse_drag", { json: request, ...options });
  }

  scroll(request: DesktopMouseScrollRequest, options: CallOptions = {}): Promise<DesktopMousePositionResponse> {
    return this.transport.json("post_v1_desktop_mouse_scroll", { json: request, ...options });
  }

  type(request: DesktopKeyboardTypeRequest, options: CallOptions = {}): Promise<DesktopActionResponse> {
    return this.transport.json("post_v1_desktop_keyboard_type", { json: request, ...options });
  }

  press(request: DesktopKeyboardPressRequest, options: CallOptions = {}): Promise<DesktopActionResponse> {
    return this.transport.json("post_v1_desktop_keyboard_press", { json: request, ...options });
  }

  keyDown(request: DesktopKeyboardKeyRequest, options: CallOptions = {}): Promise<DesktopActionResponse> {
    return this.transport.json("post_v1_desktop_keyboard_down", { json: request, ...options });
  }

  keyUp(request: DesktopKeyboardKeyRequest, options: CallOptions = {}): Promise<DesktopActionResponse> {
    return this.transport.json("post_v1_desktop_keyboard_up", { json: request, ...options });
  }

  /** Runs a batch of actions, optionally waiting for the screen to settle and taking a screenshot. */
  actions(request: DesktopActionsRequest, options: CallOptions = {}): Promise<DesktopActionsResponse> {
    return this.transport.json("post_v1_desktop_actions", { json: request, ...options });
  }

  displayInfo(options: CallOptions = {}): Promise<DesktopDisplayInfoResponse> {
    return this.transport.json("get_v1_desktop_display_info", options);
  }

  windows(options: CallOptions = {}): Promise<DesktopWindowListResponse> {
    return this.transport.json("get_v1_desktop_windows", options);
  }

  focusedWindow(options: CallOptions = {}): Promise<DesktopWindowInfo> {
    return this.transport.json("get_v1_desktop_windows_focused", options);
  }

  focusWindow(id: string, options: CallOptions = {}): Promise<DesktopWindowInfo> {
    return this.transport.json("post_v1_desktop_window_focus", { params: { id }, ...options });
  }

  moveWindow(id: string, request: DesktopWindowMoveRequest, options: CallOptions = {}): Promise<DesktopWindowInfo> {
    return this.transport.json("post_v1_desktop_window_move", { params: { id }, json: request, ...options });
  }

  resizeWindow(id: string, request: DesktopWindowResizeRequest, options: CallOptions = {}): Promise<DesktopWindowInfo> {
    return this.transport.json("post_v1_desktop_window_resize", { params: { id }, json: request, ...options });
  }

  clipboard(query: { selection?: DesktopClipboardSelection } = {}, options: CallOptions = {}): Promise<DesktopClipboardResponse> {
    return this.transport.json("get_v1_desktop_clipboard", { query, ...options });
  }

  setClipboard(request: DesktopClipboardSetRequest, options: CallOptions = {}): Promise<DesktopActionResponse> {
    return this.transport.json("post_v1_desktop_clipboard", { json: request, ...options });
  }

  launch(request: DesktopLaunchRequest, options: CallOptions = {}): Promise<DesktopLaunchResponse> {
    return this.transport.json("post_v1_desktop_launch", { json: request, ...options });
  }

  open(request: DesktopOpenRequest, options: CallOptions = {}): Promise<DesktopOpenResponse> {
    return this.transport.json("post_v1_desktop_open", { json: request, ...options });
  }

  /** The tool definition to give the model (`computer` tool for Anthropic, `computer_use_preview` for OpenAI). */
  computerUseTool(provider: ComputerUseProvider, size: { width?: number; height?: number } = {}, options: CallOptions = {}): Promise<Record<string, unknown>> {
    return this.transport.json(computerUse[provider].tool, { query: size, ...options });
  }

  /**
   * Runs one model action verbatim (Anthropic: the `computer` tool input; OpenAI: the
   * `computer_call` item) and returns what goes back to the model (`tool_result` content, or the
   * `computer_call_output` item) with the settled screen at the model's size.
   */
  computerUse(provider: ComputerUseProvider, action: Record<string, unknown>, size: { width?: number; height?: number } = {}, options: CallOptions = {}): Promise<Record<string, unknown>> {
    return this.transport.json(computerUse[provider].act, { query: size, json: action, ...options });
  }

  /** Starts an MP4 recording of the screen (409 `conflict` while one is active, `install_required` without ffmpeg). */
  startRecording(request: DesktopRecordingStartRequest = {}, options: CallOptions = {}): Promise<DesktopRecordingInfo> {
    return this.transport.json("post_v1_desktop_recording_start", { json: request, ...options });
  }

  /** Stops the active recording; returns it finished (with `durationSeconds`). */
  stopRecording(options: CallOptions = {}): Promise<DesktopRecordingInfo> {
    return this.transport.json("post_v1_desktop_recording_stop", options);
  }

  /** The recordings, those of earlier server runs included. */
  recordings(options: CallOptions = {}): Promise<DesktopRecordingListResponse> {
    return this.transport.json("get_v1_desktop_recordings", options);
  }

  recording(id: string, options: CallOptions = {}): Promise<DesktopRecordingInfo> {
    return this.transport.json("get_v1_desktop_recording", { params: { id }, ...options });
  }

  /** The video (`video/mp4`) as bytes. */
  async downloadRecording(id: string, options: CallOptions = {}): Promise<Uint8Array> {
    const response = await this.transport.send("get_v1_desktop_recording_download", { params: { id }, ...options });
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Deletes a finished recording and its file (409 while it is recording). */
  async deleteRecording(id: string, options: CallOptions = {}): Promise<void> {
    await this.transport.send("delete_v1_desktop_recording", { params: { id }, ...options });
  }

  /** Turns the live view on (409 when the desktop is not running). */
  startStream(options: CallOptions = {}): Promise<DesktopStreamStatusResponse> {
    return this.transport.json("post_v1_desktop_stream_start", options);
  }

  /** Turns the live view off; connected viewers get `end` and are closed. */
  stopStream(options: CallOptions = {}): Promise<DesktopStreamStatusResponse> {
    return this.transport.json("post_v1_desktop_stream_stop", options);
  }

  streamStatus(options: CallOptions = {}): Promise<DesktopStreamStatusResponse> {
    return this.transport.json("get_v1_desktop_stream_status", options);
  }

  /** The live view's WebSocket URL (token as `access_token`), for a browser or any WebSocket client. */
  streamUrl(query: StreamQuery = {}): string {
    return this.transport.webSocketUrl("get_v1_desktop_stream_ws", {}, query).toString();
  }

  private async image(operation: OperationId, query: Record<string, string | number | boolean | undefined>, options: CallOptions): Promise<Screenshot> {
    const response = await this.transport.send(operation, { query, ...options });
    const header = (name: string) => Number(response.headers.get(name) ?? "NaN");
    return {
      bytes: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get("Content-Type") ?? "",
      screenWidth: header("X-Screen-Width"),
      screenHeight: header("X-Screen-Height"),
      region: { x: header("X-Region-X"), y: header("X-Region-Y"), width: header("X-Region-Width"), height: header("X-Region-Height") },
      imageWidth: header("X-Image-Width"),
      imageHeight: header("X-Image-Height"),
      scaleX: header("X-Scale-X"),
      scaleY: header("X-Scale-Y"),
    };
  }
}
