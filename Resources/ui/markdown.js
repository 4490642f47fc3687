// A small, safe Markdown renderer for agent text. It builds DOM nodes and sets only text and a
// few vetted attributes: HTML in the source is shown as text, never parsed, and links are kept
// only for http(s) and mailto URLs. Covers what agents write: headings, paragraphs, lists,
// block quotes, fenced code, rules, and inline code, bold, italic, strikethrough and links.

import { h } from './dom.js';

/** Renders Markdown `source` into a DocumentFragment. */
export function renderMarkdown(source) {
  const fragment = document.createDocumentFragment();
  renderBlocks(source.replace(/\r\n?/g, '\n').split('\n'), fragment);
  return fragment;
}

const fence = /^\s{0,3}(```+|~~~+)\s*([\w+-]*)/;
const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const rule = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const bullet = /^(\s*)([-*+])\s+(.*)$/;
const ordered = /^(\s*)(\d{1,9})[.)]\s+(.*)$/;
const quote = /^\s{0,3}>\s?(.*)$/;

function renderBlocks(lines, parent) {
  let index = 0;
  while (index < lines.length) {
    const line = lines[index];
    let match;
    if (line.trim() === '') {
      index += 1;
    } else if ((match = fence.exec(line))) {
      const closing = match[1];
      const code = [];
      index += 1;
      while (index < lines.length && !lines[index].trim().startsWith(closing)) code.push(lines[index++]);
      index += 1;
      const attributes = match[2] ? { 'data-language': match[2] } : {};
      parent.append(h('pre', { class: 'code' }, h('code', attributes, code.join('\n'))));
    } else if ((match = heading.exec(line))) {
      parent.append(h(`h${Math.min(6, match[1].length + 2)}`, {}, renderInline(match[2])));
      index += 1;
    } else if (rule.test(line)) {
      parent.append(h('hr'));
      index += 1;
    } else if (quote.test(line)) {
      const inner = [];
      while (index < lines.length && (match = quote.exec(lines[index]))) { inner.push(match[1]); index += 1; }
      const blockquote = h('blockquote');
      renderBlocks(inner, blockquote);
      parent.append(blockquote);
    } else if (bullet.test(line) || ordered.test(line)) {
      index = renderList(lines, index, parent);
    } else {
      const paragraph = [];
      while (index < lines.length && lines[index].trim() !== '' && !startsBlock(lines[index])) paragraph.push(lines[index++]);
      if (paragraph.length === 0) paragraph.push(lines[index++]);
      const element = h('p');
      paragraph.forEach((text, position) => {
        if (position > 0) element.append(h('br'));
        element.append(renderInline(text.trim()));
      });
      parent.append(element);
    }
  }
}

function startsBlock(line) {
  return fence.test(line) || heading.test(line) || rule.test(line) || quote.test(line) || bullet.test(line) || ordered.test(line);
}

/** A list from `index`: items and their indented continuation lines (nested lists included). */
function renderList(lines, index, parent) {
  const first = bullet.exec(lines[index]) || ordered.exec(lines[index]);
  const isOrdered = !bullet.test(lines[index]);
  const indent = first[1].length;
  const list = h(isOrdered ? 'ol' : 'ul');
  if (isOrdered && first[2] !== '1') list.start = Number(first[2]);
  while (index < lines.length) {
    const match = (isOrdered ? ordered : bullet).exec(lines[index]);
    if (!match || match[1].length !== indent) break;
    const body = [match[3]];
    index += 1;
    while (index < lines.length && lines[index].trim() !== '' && /^\s/.test(lines[index]) &&
      (lines[index].match(/^\s*/)[0].length > indent)) {
      body.push(lines[index].slice(Math.min(indent + 2, lines[index].match(/^\s*/)[0].length)));
      index += 1;
    }
    const item = h('li');
    if (body.length === 1) item.append(renderInline(body[0]));
    else renderBlocks(body, item);
    list.append(item);
    if (index < lines.length && lines[index].trim() === '' && index + 1 < lines.length &&
      (isOrdered ? ordered : bullet).test(lines[index + 1])) index += 1;
  }
  parent.append(list);
  return index;
}

// Inline: code spans first (their content is literal), then links, bold, italic, strikethrough.
const inlinePattern = /(`+)([\s\S]*?[^`])\1(?!`)|\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)|\*\*([\s\S]+?)\*\*|__([\s\S]+?)__|\*([^*\s][^*]*?)\*|\b_([^_\s][^_]*?)_\b|~~([\s\S]+?)~~|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

/** Renders one line of inline Markdown into a DocumentFragment. */
export function renderInline(text) {
  const fragment = document.createDocumentFragment();
  const pattern = new RegExp(inlinePattern);
  let position = 0;
  let match;
  while ((match = pattern.exec(text))) {
    if (match.index > position) fragment.append(text.slice(position, match.index));
    const [whole, , code, linkText, linkURL, bold1, bold2, italic1, italic2, strike, bare] = match;
    if (code !== undefined) fragment.append(h('code', {}, code.trim() || code));
    else if (linkText !== undefined) fragment.append(link(linkURL, renderInline(linkText), whole));
    else if (bold1 !== undefined || bold2 !== undefined) fragment.append(h('strong', {}, renderInline(bold1 ?? bold2)));
    else if (italic1 !== undefined || italic2 !== undefined) fragment.append(h('em', {}, renderInline(italic1 ?? italic2)));
    else if (strike !== undefined) fragment.append(h('del', {}, renderInline(strike)));
    else fragment.append(link(bare, bare, bare));
    position = match.index + whole.length;
  }
  if (position < text.length) fragment.append(text.slice(position));
  return fragment;
}

/** A link when the URL is http(s) or mailto, else the source text as it was written. */
function link(url, content, source) {
  let parsed;
  try { parsed = new URL(url); } catch { return source; }
  if (!['http:', 'https:', 'mailto:'].includes(parsed.protocol)) return source;
  return h('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer' }, content);
}
