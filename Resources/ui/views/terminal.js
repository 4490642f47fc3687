// A small terminal on a tty process's WebSocket: output drawn into a text grid (carriage
// return, backspace, newline and erase-in-line/display are honoured; other escape sequences are
// dropped), keys and pasted text sent as input, the size sent on resize, and a reconnect after a
// drop that redraws from the history the server replays first, so no output is lost.

import { h } from '../dom.js';

export function mountTerminal(container, client, processId, { onExit = () => {} } = {}) {
  const screen = h('pre', {
    class: 'terminal', tabindex: '0', role: 'textbox', 'aria-multiline': 'true', 'aria-label': `Terminal of ${processId}`,
    'aria-describedby': 'terminal-help',
  });
  const state = h('span', { class: 'muted', role: 'status' }, 'connecting…');
  const line = h('input', { id: 'terminal-line', autocomplete: 'off', spellcheck: false, placeholder: 'a line to send (Enter)' });
  container.append(
    h('p', { id: 'terminal-help', class: 'muted small' }, 'Click or focus the terminal and type; Tab leaves it. Or send whole lines below.'),
    screen,
    h('div', { class: 'terminal-bar' }, h('label', { for: 'terminal-line' }, 'Send line'), line, state));

  const grid = new TextGrid();
  const decoder = new TextDecoder();
  let socket = null;
  let closed = false;
  let exited = false;
  let size = { cols: 80, rows: 24 };
  let drawPending = false;

  function draw() {
    drawPending = false;
    const stick = screen.scrollHeight - screen.scrollTop - screen.clientHeight < 20;
    screen.textContent = grid.text();
    if (stick) screen.scrollTop = screen.scrollHeight;
  }

  function send(frame) {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function connect() {
    socket = new WebSocket(client.terminalUrl(processId));
    socket.binaryType = 'arraybuffer';
    let fresh = true;
    socket.addEventListener('message', (message) => {
      if (typeof message.data === 'string') {
        const frame = JSON.parse(message.data);
        if (frame.type === 'ready') {
          state.textContent = 'connected';
          send({ type: 'resize', ...size });
        } else if (frame.type === 'exit') {
          exited = true;
          state.textContent = `exited${frame.exitCode !== undefined && frame.exitCode !== null ? ` with code ${frame.exitCode}` : ''}${frame.signal ? ` (signal ${frame.signal})` : ''}`;
          onExit(frame);
        } else if (frame.type === 'error') {
          state.textContent = `error: ${frame.message}`;
        }
        return;
      }
      // The server replays the whole history on every connection: start the screen over.
      if (fresh) { grid.reset(); fresh = false; }
      grid.write(decoder.decode(message.data, { stream: true }));
      if (!drawPending) { drawPending = true; requestAnimationFrame(draw); }
    });
    socket.addEventListener('close', () => {
      if (closed || exited) return;
      state.textContent = 'disconnected, reconnecting…';
      setTimeout(() => { if (!closed) connect(); }, 1000);
    });
  }

  const keys = {
    Enter: '\r', Backspace: '\x7f', Escape: '\x1b', ArrowUp: '\x1b[A', ArrowDown: '\x1b[B', ArrowRight: '\x1b[C',
    ArrowLeft: '\x1b[D', Home: '\x1b[H', End: '\x1b[F', Delete: '\x1b[3~', PageUp: '\x1b[5~', PageDown: '\x1b[6~',
  };
  screen.addEventListener('keydown', (event) => {
    if (event.key === 'Tab' || event.metaKey) return;
    let data = null;
    if (event.ctrlKey && event.key.length === 1 && /[a-z@\[\\\]^_]/i.test(event.key)) {
      if (event.key.toLowerCase() === 'c' && window.getSelection()?.toString()) return;
      data = String.fromCharCode(event.key.toUpperCase().charCodeAt(0) & 0x1f);
    } else if (keys[event.key]) {
      data = keys[event.key];
    } else if (event.key.length === 1 && !event.ctrlKey) {
      data = (event.altKey ? '\x1b' : '') + event.key;
    }
    if (data === null) return;
    event.preventDefault();
    send({ type: 'input', data });
  });
  screen.addEventListener('paste', (event) => {
    event.preventDefault();
    send({ type: 'input', data: event.clipboardData.getData('text') });
  });
  line.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    send({ type: 'input', data: `${line.value}\r` });
    line.value = '';
  });

  // As many whole characters and lines as fit inside the padding: a line is the CSS line-height
  // (an inline probe's box is only the font's height, shorter than a line).
  const observer = new ResizeObserver(() => {
    const style = getComputedStyle(screen);
    const probe = h('span', {}, 'MMMMMMMMMM');
    screen.append(probe);
    const charWidth = probe.getBoundingClientRect().width / 10 || 8;
    const lineHeight = parseFloat(style.lineHeight) || probe.getBoundingClientRect().height || 16;
    probe.remove();
    const width = screen.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const height = screen.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const next = {
      cols: Math.max(20, Math.min(1000, Math.floor(width / charWidth))),
      rows: Math.max(5, Math.min(1000, Math.floor(height / lineHeight))),
    };
    if (next.cols !== size.cols || next.rows !== size.rows) {
      size = next;
      send({ type: 'resize', ...size });
    }
  });
  observer.observe(screen);
  connect();

  return () => {
    closed = true;
    observer.disconnect();
    if (socket?.readyState === WebSocket.OPEN) send({ type: 'close' });
    socket?.close();
  };
}

/** Terminal output as lines of text, with a cursor; keeps the last 5,000 lines. */
class TextGrid {
  constructor() { this.reset(); }

  reset() {
    this.lines = [''];
    this.row = 0;
    this.col = 0;
    this.pending = '';
  }

  write(text) {
    const data = this.pending + text;
    this.pending = '';
    let index = 0;
    while (index < data.length) {
      const char = data[index];
      if (char === '\x1b') {
        const sequence = /^\x1b(?:\[([0-9;?]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][A-Za-z0-9]|[=>78cDEHM])/.exec(data.slice(index, index + 256));
        if (!sequence) {
          if (data.length - index < 256) { this.pending = data.slice(index); return; }
          index += 1;
          continue;
        }
        if (sequence[2]) this.control(sequence[1], sequence[2]);
        index += sequence[0].length;
        continue;
      }
      if (char === '\r') this.col = 0;
      else if (char === '\n') this.newline();
      else if (char === '\b') this.col = Math.max(0, this.col - 1);
      else if (char === '\t') this.put(' '.repeat(8 - (this.col % 8)));
      else if (char >= ' ' && char !== '\x7f') this.put(char);
      index += 1;
    }
  }

  put(text) {
    const line = this.lines[this.row];
    const padded = line.length < this.col ? line + ' '.repeat(this.col - line.length) : line;
    this.lines[this.row] = padded.slice(0, this.col) + text + padded.slice(this.col + text.length);
    this.col += text.length;
  }

  newline() {
    this.row += 1;
    this.col = 0;
    if (this.row >= this.lines.length) this.lines.push('');
    if (this.lines.length > 5000) {
      const drop = this.lines.length - 5000;
      this.lines.splice(0, drop);
      this.row -= drop;
    }
  }

  control(parameters, final) {
    const first = Number(parameters.split(';')[0]) || 0;
    const line = this.lines[this.row];
    if (final === 'K') {
      if (first === 0) this.lines[this.row] = line.slice(0, this.col);
      else if (first === 1) this.lines[this.row] = ' '.repeat(this.col) + line.slice(this.col);
      else this.lines[this.row] = '';
    } else if (final === 'J' && first === 2) {
      this.lines = [''];
      this.row = 0;
      this.col = 0;
    } else if (final === 'D') {
      this.col = Math.max(0, this.col - (first || 1));
    } else if (final === 'C') {
      this.col += first || 1;
    } else if (final === 'G') {
      this.col = Math.max(0, (first || 1) - 1);
    } else if (final === 'P') {
      this.lines[this.row] = line.slice(0, this.col) + line.slice(this.col + (first || 1));
    }
  }

  text() { return this.lines.join('\n'); }
}
