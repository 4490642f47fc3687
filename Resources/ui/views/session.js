// One session: its header (status, agent, end/resume), the conversation and the event inspector.
// Events are followed once (SSE from offset 0) and applied in batches per animation frame: at
// most ~10 ms of folding, and as many changed items as the views drew in ~20 ms the frame before,
// so a transcript of tens of thousands of events (or thousands of separate items) never freezes
// the page.
// Each time it has caught up and painted, the page marks `inspector:rendered` (detail: events
// applied) for bench/inspector.py.

import { h, replace, formatTime, statusLine, actionButton } from '../dom.js';
import { Transcript } from '../transcript.js';
import { mountConversation } from './conversation.js';
import { mountEventInspector } from './events.js';

const frameBudgetMs = 10;
/** Time the views may take per frame to draw the changed items (far more than folding costs). */
const drawBudgetMs = 20;

export function mountSession(content, context, sessionId, tab = 'conversation') {
  const { client } = context;
  performance.mark('inspector:session-open', { detail: { sessionId } });
  const abort = new AbortController();
  const feed = new SessionFeed();
  const status = statusLine();
  const header = h('div', { class: 'session-head' });
  const body = h('div', { class: 'session-body' });
  const live = h('span', { class: 'live-state', role: 'status' }, 'connecting…');
  const base = `#/sessions/${encodeURIComponent(sessionId)}`;
  content.append(header,
    h('nav', { class: 'tabs', 'aria-label': 'Session views' },
      h('a', { href: base, 'aria-current': tab !== 'events' ? 'page' : false }, 'Conversation'),
      h('a', { href: `${base}/events`, 'aria-current': tab === 'events' ? 'page' : false }, 'Events'),
      live),
    status, body);

  let session = null;
  async function loadSession() {
    session = await client.getSession(sessionId);
    renderHeader();
    feed.notify(); // the composer follows the session's status too
    return session;
  }
  function renderHeader() {
    if (!session) return;
    const ended = session.status === 'ended';
    replace(header,
      h('div', {},
        h('h2', {}, session.agent, ' ', h('span', { class: `badge ${session.status}` }, session.status)),
        h('p', { class: 'muted' }, h('code', {}, session.id), ` · ${session.cwd} · created ${formatTime(session.createdAt)}`,
          session.endReason ? ` · ended: ${session.endReason}` : ''),
        session.usage ? h('p', { class: 'muted usage' }, usageText(session.usage)) : null),
      h('div', { class: 'actions' },
        ended ? actionButton('Resume', async () => { await client.resumeSession(sessionId); await loadSession(); }, { status }) : null,
        !ended ? actionButton('End session', async () => { await client.deleteSession(sessionId); await loadSession(); }, { status }) : null));
  }

  const view = tab === 'events'
    ? mountEventInspector(body, feed)
    : mountConversation(body, { client, sessionId, feed, status, getSession: () => session });

  loadSession().then(() => {
    client.followEvents(sessionId, {
      signal: abort.signal,
      onEvent: (event) => feed.push(event),
      onState: (state) => { live.textContent = state === 'live' ? 'live' : 'reconnecting…'; },
    }).catch((error) => status.show(`Event stream stopped: ${error.message}`, true));
  }).catch((error) => status.show(`Cannot open session ${sessionId}: ${error.message}`, true));

  // The session's status (ended, resumed) follows its events.
  const stopWatching = feed.subscribe((changes) => {
    if (changes.some((item) => ['ended', 'notice', 'turn'].includes(item.kind))) loadSession().catch(() => {});
  });

  return () => {
    abort.abort();
    stopWatching();
    view?.();
    feed.stop();
  };
}

/** The events of one session as they arrive, folded into a Transcript batch by batch. */
export class SessionFeed {
  constructor() {
    this.events = [];
    this.transcript = new Transcript();
    this.pending = [];
    this.listeners = new Set();
    this.frame = null;
    /** Changed items per frame: follows what the views took to draw the last batch. */
    this.itemBudget = 50;
  }

  push(event) {
    this.pending.push(event);
    if (this.frame === null) this.frame = requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frame = null;
    const started = performance.now();
    const changed = new Set();
    let taken = 0;
    while (taken < this.pending.length && changed.size < this.itemBudget && performance.now() - started < frameBudgetMs) {
      const end = Math.min(this.pending.length, taken + 50);
      for (; taken < end && changed.size < this.itemBudget; taken += 1) {
        const event = this.pending[taken];
        this.events.push(event);
        for (const item of this.transcript.add(event)) changed.add(item);
      }
    }
    this.pending = this.pending.slice(taken);
    const items = [...changed];
    const drawing = performance.now();
    for (const listener of this.listeners) listener(items, taken);
    if (items.length >= 10) {
      const perItem = Math.max(0.01, (performance.now() - drawing) / items.length);
      this.itemBudget = Math.max(10, Math.min(1000, Math.round(drawBudgetMs / perItem)));
    }
    if (this.pending.length) {
      this.frame = requestAnimationFrame(() => this.flush());
    } else {
      // Caught up: mark once the browser has painted the result (bench/inspector.py reads it).
      const events = this.events.length;
      requestAnimationFrame(() => performance.mark('inspector:rendered', { detail: { events } }));
    }
  }

  /** Calls the listeners with no change (something beside the events changed, like the session). */
  notify() {
    for (const listener of this.listeners) listener([], 0);
  }

  /** `listener(changedItems, newEventCount)` after every batch; returns the unsubscribe function. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop() {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.listeners.clear();
  }
}

/** Tokens, context and cost of a session's `usage`, in one line. */
function usageText(usage) {
  const parts = [`${usage.totalTokens.toLocaleString()} tokens in ${usage.turns} turn${usage.turns === 1 ? '' : 's'}`];
  if (usage.contextSize) parts.push(`context ${Math.round(100 * (usage.contextUsed || 0) / usage.contextSize)}% of ${usage.contextSize.toLocaleString()}`);
  if (usage.cost) parts.push(`${usage.cost.amount.toFixed(4)} ${usage.cost.currency}`);
  return parts.join(' · ');
}
