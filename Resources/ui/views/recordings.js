// The desktop's recordings (MP4 files the server makes with ffmpeg): record and stop, the list,
// play one in the page, download, delete. Videos are fetched with the token (a <video> element
// cannot send it) and played from a Blob URL.

import { h, replace, statusLine, actionButton, describeError, formatBytes, saveBlob } from '../dom.js';

export function mountRecordings(container, { client }) {
  const status = statusLine();
  const controls = h('div', { class: 'actions' });
  const body = h('tbody');
  const player = h('video', { class: 'recording-player', controls: true, hidden: true, 'aria-label': 'Recording playback' });
  let playing = null;
  container.append(h('section', { class: 'recordings', 'aria-labelledby': 'recordings-title' },
    h('h3', { id: 'recordings-title' }, 'Recordings'), status, controls,
    h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['Recording', 'Status', 'Length', 'Size', 'Started', ''].map((name) => h('th', { scope: 'col' }, name)))),
      body),
    player));

  async function load() {
    let recordings = [];
    try {
      recordings = await client.listRecordings();
    } catch (error) {
      status.show(`Cannot list recordings: ${describeError(error)}`, true);
    }
    const recording = recordings.some((entry) => entry.status === 'recording');
    replace(controls, recording
      ? actionButton('Stop recording', async () => { await client.stopRecording(); await load(); }, { status })
      : actionButton('Record', async () => { await client.startRecording(); await load(); }, { status }));
    replace(body, recordings.slice().reverse().map(row));
  }

  function row(entry) {
    const finished = entry.status === 'completed';
    return h('tr', { 'data-recording': entry.id },
      h('td', {}, entry.id),
      h('td', {}, h('span', { class: `badge ${entry.status}` }, entry.status), entry.error ? ` ${entry.error}` : ''),
      h('td', {}, entry.durationSeconds != null ? `${entry.durationSeconds.toFixed(1)} s` : ''),
      h('td', {}, formatBytes(entry.bytes)),
      h('td', {}, new Date(entry.startedAt).toLocaleString()),
      h('td', { class: 'actions' },
        finished ? actionButton('Play', () => play(entry), { status, attributes: { class: 'secondary' } }) : '',
        finished ? actionButton('Download', async () => saveBlob(await client.downloadRecording(entry.id), entry.fileName),
          { status, attributes: { class: 'secondary' } }) : '',
        entry.status !== 'recording' ? actionButton('Delete', async () => { await client.deleteRecording(entry.id); await load(); },
          { status, attributes: { class: 'secondary' } }) : ''));
  }

  async function play(entry) {
    const url = URL.createObjectURL(await client.downloadRecording(entry.id));
    if (playing) URL.revokeObjectURL(playing);
    playing = url;
    player.src = url;
    player.hidden = false;
    player.dataset.recording = entry.id;
  }

  load();
  return {
    refresh: load,
    stop() { if (playing) URL.revokeObjectURL(playing); },
  };
}
