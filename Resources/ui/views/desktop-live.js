// The desktop's live view. For now: screenshots polled as fast as the server answers them
// (JPEG, one request at a time). This is the seam for the WebSocket live stream: a module that
// exports the same `startLiveView(client, image, onError)` → `{stop()}` replaces this one, and
// views/desktop.js stays as it is.

export function startLiveView(client, image, onError) {
  const abort = new AbortController();
  let previous = null;
  (async () => {
    while (!abort.signal.aborted) {
      try {
        const blob = await client.desktopScreenshot({ format: 'jpeg', quality: 70 }, abort.signal);
        const url = URL.createObjectURL(blob);
        image.src = url;
        if (previous) URL.revokeObjectURL(previous);
        previous = url;
        onError(null);
      } catch (error) {
        if (abort.signal.aborted) return;
        onError(error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  })();
  return {
    stop() {
      abort.abort();
      if (previous) URL.revokeObjectURL(previous);
    },
  };
}
