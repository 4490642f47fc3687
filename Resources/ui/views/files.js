// Files under the server's root: browse directories, view a file (text, or images), download,
// upload into the directory shown, create a directory, delete.

import { h, replace, formatBytes, statusLine, actionButton, describeError, saveBlob } from '../dom.js';

const textLimit = 1 << 20;

export function mountFiles(container, { client, navigate }, _, query) {
  const path = query.get('path') || '.';
  const status = statusLine();
  const crumbs = h('nav', { class: 'crumbs', 'aria-label': 'Path' });
  const body = h('tbody');
  const viewer = h('section', { class: 'viewer', 'aria-label': 'File', hidden: true });
  const upload = h('input', { id: 'upload', type: 'file', multiple: true });
  const folder = h('input', { id: 'new-folder', placeholder: 'name', autocomplete: 'off' });
  const go = h('input', { id: 'go-path', value: path, autocomplete: 'off', spellcheck: false });
  container.append(h('section', { class: 'page', 'aria-labelledby': 'files-title' },
    h('h2', { id: 'files-title' }, 'Files'),
    h('form', { class: 'inline-form', onsubmit: (event) => { event.preventDefault(); open(go.value.trim() || '.'); } },
      h('label', { for: 'go-path' }, 'Path'), go, h('button', { type: 'submit' }, 'Open')),
    crumbs, status,
    h('div', { class: 'files' },
      h('div', {},
        h('table', { class: 'table' },
          h('thead', {}, h('tr', {}, ['Name', 'Size', 'Modified', ''].map((name) => h('th', { scope: 'col' }, name)))), body),
        h('div', { class: 'inline-form' },
          h('label', { for: 'upload' }, 'Upload here'), upload,
          h('label', { for: 'new-folder' }, 'New folder'), folder,
          actionButton('Create', async () => {
            if (!folder.value.trim()) return;
            await client.makeDirectory(join(shownPath, folder.value.trim()));
            folder.value = '';
            await list();
          }, { status }))),
      viewer)));

  let shownPath = path;
  const urls = [];

  function open(target) { navigate(`#/files?path=${encodeURIComponent(target)}`); }

  async function list() {
    try {
      const entries = await client.listEntries(path);
      const info = await client.stat(path);
      shownPath = info.path || path;
      go.value = shownPath;
      renderCrumbs(shownPath);
      entries.sort((a, b) => Number(b.entryType === 'directory') - Number(a.entryType === 'directory') || a.name.localeCompare(b.name));
      const parent = shownPath.replace(/\/[^/]+\/?$/, '') || '/';
      replace(body,
        shownPath !== '/' ? h('tr', {}, h('td', {}, h('a', { href: `#/files?path=${encodeURIComponent(parent)}` }, '..')), h('td'), h('td'), h('td')) : null,
        entries.map((entry) => h('tr', {},
          h('td', {}, entry.entryType === 'directory'
            ? h('a', { href: `#/files?path=${encodeURIComponent(entry.path)}` }, `${entry.name}/`)
            : h('button', { type: 'button', class: 'link', onclick: () => view(entry) }, entry.name)),
          h('td', {}, entry.entryType === 'directory' ? '' : formatBytes(entry.size)),
          h('td', {}, entry.modified ? new Date(entry.modified).toLocaleString() : ''),
          h('td', {},
            entry.entryType !== 'directory' ? actionButton('Download', async () => saveBlob(await client.readFile(entry.path), entry.name),
              { status, attributes: { class: 'secondary small', 'aria-label': `Download ${entry.name}` } }) : null,
            ' ',
            actionButton('Delete', async () => {
              if (!confirm(`Delete ${entry.path}${entry.entryType === 'directory' ? ' and everything in it' : ''}?`)) return;
              await client.deleteEntry(entry.path, { recursive: entry.entryType === 'directory' });
              await list();
            }, { status, attributes: { class: 'secondary small', 'aria-label': `Delete ${entry.name}` } })))));
    } catch (error) {
      status.show(`Cannot list ${path}: ${describeError(error)}`, true);
    }
  }

  function renderCrumbs(absolute) {
    const parts = absolute.split('/').filter(Boolean);
    replace(crumbs, h('a', { href: '#/files?path=%2F' }, '/'),
      parts.map((part, index) => [index ? ' / ' : '', h('a', { href: `#/files?path=${encodeURIComponent(`/${parts.slice(0, index + 1).join('/')}`)}` }, part)]));
  }

  async function view(entry) {
    viewer.hidden = false;
    replace(viewer, h('h3', {}, entry.name), h('p', { class: 'muted' }, 'Loading…'));
    try {
      const blob = await client.readFile(entry.path);
      const head = new Uint8Array(await blob.slice(0, 4096).arrayBuffer());
      let shown;
      if (/\.(png|jpe?g|gif|webp)$/i.test(entry.name)) {
        const url = URL.createObjectURL(blob);
        urls.push(url);
        shown = h('img', { src: url, alt: entry.name, class: 'file-image' });
      } else if (head.includes(0)) {
        shown = h('p', { class: 'muted' }, `Binary file, ${formatBytes(blob.size)}.`);
      } else {
        const text = await blob.slice(0, textLimit).text();
        shown = h('pre', { class: 'file-text', tabindex: '0' }, text, blob.size > textLimit ? '\n… (first 1 MiB shown)' : '');
      }
      replace(viewer, h('h3', {}, entry.path), shown,
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => saveBlob(blob, entry.name) }, 'Download')));
    } catch (error) {
      replace(viewer, h('p', { class: 'status-line error' }, describeError(error)));
    }
  }

  upload.addEventListener('change', async () => {
    try {
      for (const file of upload.files) {
        status.show(`Uploading ${file.name}…`);
        await client.writeFile(join(shownPath, file.name), file);
      }
      status.show(`Uploaded ${upload.files.length} file(s).`);
      upload.value = '';
      await list();
    } catch (error) {
      status.show(`Upload failed: ${describeError(error)}`, true);
    }
  });

  list();
  return () => urls.forEach((url) => URL.revokeObjectURL(url));
}

function join(directory, name) {
  return `${directory.replace(/\/$/, '')}/${name}`;
}
