// The desktop's live view on a canvas: the live stream's WebSocket (/v1/desktop/stream/ws,
// damage-driven JPEG rectangles and solid fills painted where they belong), with take-over: pointer and keys on the
// focused canvas go back on the same socket as the API's input steps. When the stream cannot be
// used, screenshots are polled into the canvas instead (view only).

const KEYS = {
  Enter: 'Return', Backspace: 'BackSpace', Tab: 'Tab', Escape: 'Escape', Delete: 'Delete', Home: 'Home', End: 'End',
  PageUp: 'Page_Up', PageDown: 'Page_Down', ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right',
};
const BUTTONS = ['left', 'middle', 'right'];

export function startLiveView(client, canvas, onError) {
  const context = canvas.getContext('2d');
  // The stream's image is kept off screen; the canvas shows it with the pointer drawn on top.
  const image = document.createElement('canvas');
  const imageContext = image.getContext('2d');
  let pointer = null;
  let cursor = null;
  let presenting = false;
  let socket = null;
  let stopped = false;
  let screen = { width: 1, height: 1 };
  let painting = Promise.resolve();
  const detach = [];

  let tables = new Uint8Array(0);

  /** Shows the image and the pointer (its shape with the hotspot at its position) on the next animation frame. */
  function present() {
    if (presenting) return;
    presenting = true;
    requestAnimationFrame(() => {
      presenting = false;
      context.drawImage(image, 0, 0);
      if (pointer && cursor) {
        const x = pointer.x * image.width / screen.width - cursor.hotspotX, y = pointer.y * image.height / screen.height - cursor.hotspotY;
        context.drawImage(cursor.shape, Math.round(x), Math.round(y));
      }
    });
  }

  /** A `cursorShape` message: straight RGBA pixels (base64) and the hotspot. */
  function setCursor(event) {
    const shape = document.createElement('canvas');
    shape.width = event.width;
    shape.height = event.height;
    const pixels = Uint8ClampedArray.from(atob(event.rgba), (c) => c.charCodeAt(0));
    if (pixels.length === event.width * event.height * 4 && pixels.length > 0) {
      shape.getContext('2d').putImageData(new ImageData(pixels, event.width, event.height), 0, 0);
    }
    cursor = { shape, hotspotX: event.hotspotX, hotspotY: event.hotspotY };
    present();
  }

  /** A binary update: 4-byte big-endian header length, the JSON header, the bytes of each JPEG and
      palette. `rects` are applied in order: ["jpeg", x, y, w, h, bytes] (a JPEG without its tables:
      SOI, then the ready message's jpegTables, then the rest), ["palette", x, y, w, h, bytes] (see
      unpackPalette) and ["fill", x, y, w, h, "#rrggbb"]. */
  function paint(buffer) {
    const view = new DataView(buffer);
    const length = view.getUint32(0);
    const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
    let offset = 4 + length;
    const rects = header.rects.map(([kind, x, y, width, height, value]) => {
      if (kind === 'fill') return { kind, x, y, width, height, value };
      const bytes = new Uint8Array(buffer, offset, value);
      offset += value;
      if (kind === 'palette') return { kind, x, y, pixels: unpackPalette(bytes, width, height) };
      const jpeg = new Blob([bytes.subarray(0, 2), tables, bytes.subarray(2)], { type: 'image/jpeg' });
      return createImageBitmap(jpeg).then((bitmap) => ({ kind, x, y, bitmap }));
    });
    // Updates are painted in the order they came.
    painting = painting.then(() => Promise.all(rects)).then((decoded) => {
      for (const rect of decoded) {
        if (rect.kind === 'jpeg') {
          imageContext.drawImage(rect.bitmap, rect.x, rect.y);
          rect.bitmap.close();
        } else if (rect.kind === 'palette') {
          imageContext.putImageData(rect.pixels, rect.x, rect.y);
        } else if (rect.kind === 'fill') {
          imageContext.fillStyle = rect.value;
          imageContext.fillRect(rect.x, rect.y, rect.width, rect.height);
        }
      }
      pointer = header.cursor;
      present();
      canvas.dataset.updates = String(Number(canvas.dataset.updates || 0) + 1);
    }).catch(onError);
  }

  /** A palette's pixels: the number of colours N (2...16), N times R, G, B, then each pixel's colour
      index in 1 bit (N = 2), 2 bits (N <= 4) or 4 bits, most significant first, each row starting
      on a new byte. */
  function unpackPalette(bytes, width, height) {
    const count = bytes[0];
    const bits = count <= 2 ? 1 : count <= 4 ? 2 : 4;
    const rowBytes = Math.ceil((width * bits) / 8);
    const start = 1 + 3 * count;
    const pixels = new ImageData(width, height);
    const data = pixels.data;
    for (let y = 0, target = 0; y < height; y++) {
      const row = start + y * rowBytes;
      for (let x = 0; x < width; x++, target += 4) {
        const bit = x * bits;
        const color = 1 + 3 * ((bytes[row + (bit >> 3)] >> (8 - bits - (bit & 7))) & ((1 << bits) - 1));
        data[target] = bytes[color];
        data[target + 1] = bytes[color + 1];
        data[target + 2] = bytes[color + 2];
        data[target + 3] = 255;
      }
    }
    return pixels;
  }

  function send(step) {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(step));
  }

  /** The pointer's position in screen pixels. */
  function at(event) {
    const box = canvas.getBoundingClientRect();
    return {
      x: Math.round((event.clientX - box.left) * screen.width / box.width),
      y: Math.round((event.clientY - box.top) * screen.height / box.height),
    };
  }

  function listen(type, handler, options) {
    canvas.addEventListener(type, handler, options);
    detach.push(() => canvas.removeEventListener(type, handler, options));
  }

  function takeOver() {
    let pendingMove = null;
    listen('pointermove', (event) => {
      if (!pendingMove) requestAnimationFrame(() => { send({ type: 'move', ...pendingMove }); pendingMove = null; });
      pendingMove = at(event);
    });
    listen('pointerdown', (event) => {
      canvas.focus();
      event.preventDefault();
      send({ type: 'mouseDown', ...at(event), button: BUTTONS[event.button] || 'left' });
    });
    listen('pointerup', (event) => send({ type: 'mouseUp', ...at(event), button: BUTTONS[event.button] || 'left' }));
    listen('contextmenu', (event) => event.preventDefault());
    listen('wheel', (event) => {
      event.preventDefault();
      send({ type: 'scroll', ...at(event), deltaX: Math.sign(event.deltaX), deltaY: Math.sign(event.deltaY) });
    }, { passive: false });
    listen('keydown', (event) => {
      const modifiers = ['ctrl', 'alt', 'super'].filter((name) => event[`${name === 'super' ? 'meta' : name}Key`]);
      if (event.key.length === 1 && modifiers.length === 0) {
        send({ type: 'type', text: event.key });
      } else if (KEYS[event.key] || (event.key.length === 1 && modifiers.length)) {
        send({ type: 'press', key: KEYS[event.key] || event.key.toLowerCase(), modifiers: event.shiftKey ? [...modifiers, 'shift'] : modifiers });
      } else {
        return;
      }
      event.preventDefault();
    });
  }

  function connect() {
    socket = new WebSocket(client.desktopStreamUrl({ fps: 30, quality: 70 }));
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (message) => {
      if (typeof message.data !== 'string') return paint(message.data);
      const event = JSON.parse(message.data);
      if (event.type === 'ready') {
        screen = { width: event.screenWidth, height: event.screenHeight };
        tables = Uint8Array.from(atob(event.jpegTables), (c) => c.charCodeAt(0));
        canvas.width = image.width = event.width;
        canvas.height = image.height = event.height;
        canvas.dataset.live = 'stream';
        onError(null);
      } else if (event.type === 'cursor') {
        pointer = event;
        present();
      } else if (event.type === 'cursorShape') {
        setCursor(event);
      } else if (event.type === 'error') {
        onError(new Error(event.message || event.code));
      } else if (event.type === 'end') {
        onError(new Error(`the live view ended (${event.reason})`));
      }
    };
    socket.onclose = () => {
      if (!stopped) setTimeout(() => !stopped && start(), 1000);
    };
  }

  async function poll() {
    canvas.dataset.live = 'screenshots';
    while (!stopped) {
      try {
        const bitmap = await createImageBitmap(await client.desktopScreenshot({ format: 'jpeg', quality: 70 }));
        canvas.width = bitmap.width;
        canvas.height = bitmap.height;
        context.drawImage(bitmap, 0, 0);
        bitmap.close();
        canvas.dataset.updates = String(Number(canvas.dataset.updates || 0) + 1);
        onError(null);
      } catch (error) {
        if (stopped) return;
        onError(error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  async function start() {
    try {
      await client.startDesktopStream();
    } catch (error) {
      onError(new Error(`no live stream (${error.message}); showing screenshots`));
      return poll();
    }
    if (!stopped) connect();
  }

  takeOver();
  start();
  return {
    stop() {
      stopped = true;
      socket?.close();
      for (const undo of detach) undo();
    },
  };
}
