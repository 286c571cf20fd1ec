// ICT_AUDITOR: search the usage log (officer, service, citizen through the keyed hash, period, outcome), follow
// it live (server-sent events read with fetch, since EventSource cannot send the card session), and the reports
// escalated to ICT.
import { call, getJson, query, Problem } from './api.js';
import { h, clear, table, field } from './dom.js';
import { t, tOr, lang, dateTime, problemTitle } from './i18n.js';
import { loadList, problemText, render as renderReport } from './reports.js';
import { validCitizenId } from './lookup.js';
import { Refusal } from './forms.js';

const TABS = ['search', 'live', 'escalated'];
const TAB_TITLES = { search: 'auditTitle', live: 'live', escalated: 'escalatedTitle' };

export function render(ctx) {
  const { container, path } = ctx;
  if (path[0] === 'escalated' && path[1]) {
    return renderReport({ ...ctx, path: path.slice(1) }, 'escalated', 'audit/escalated');
  }
  const tab = TABS.includes(path[0]) ? path[0] : 'search';
  container.append(h('h1', {}, t('nav_audit')), h('div', { class: 'tabs', role: 'tablist' }, TABS.map(id =>
    h('button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-selected': String(id === tab), onclick: () => ctx.navigate(`#audit/${id}`) }, t(TAB_TITLES[id])))));
  const body = h('div', { role: 'tabpanel' });
  container.append(body);
  if (tab === 'search') return search(body);
  if (tab === 'live') return live(body);
  loadList(body, { state: 'ESCALATED_TO_ICT' }, 'audit/escalated', ctx);
  return null;
}

const COLUMNS = [
  { title: t('time'), cell: r => dateTime(r.at) },
  { title: t('agency'), cell: r => r.agency || '—' },
  { title: t('officerId'), cell: r => h('span', { class: 'mono', title: r.officerId || '' }, (r.officerId || '—').slice(0, 8)) },
  { title: t('service'), cell: r => r.service || '—' },
  { title: t('dataset'), cell: r => r.dataset || '—' },
  { title: t('outcome'), cell: r => h('span', { class: `badge ${r.outcome === 'SERVED' ? 'ok' : 'bad'}`, title: r.outcome }, tOr(`o_${r.outcome}`, r.outcome)) },
  // the problem's slug as recorded (what an auditor searches for), its title in the page's language on hover
  { title: t('status'), cell: r => h('span', { title: r.problem ? problemTitle(r.problem, null) : null }, `${r.status}${r.problem ? ` ${r.problem}` : ''}`) },
  { title: t('requestRef'), cell: r => r.requestRef || '—' },
  { title: t('citizenId'), cell: r => h('span', { class: 'mono' }, r.citizenId || (r.targetHash ? `#${r.targetHash.slice(0, 10)}` : '—')) },
];

function columns() {
  // titles follow the language chosen when the table is drawn
  const titles = ['time', 'agency', 'officerId', 'service', 'dataset', 'outcome', 'status', 'requestRef', 'citizenId'];
  return COLUMNS.map((c, i) => ({ ...c, title: t(titles[i]) }));
}

/**
 * The API's {@code to} is exclusive and a date means the start of that day: "To 5 November" asks up to the start of
 * the 6th, so that the day chosen is searched whole ('' stays '').
 */
function dayAfter(date) {
  if (!date) return date;
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

function search(body) {
  const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  const from = h('input', { type: 'date', value: today });
  const to = h('input', { type: 'date' });
  const officer = officerPicker();
  const service = h('input', { autocomplete: 'off' });
  const citizen = h('input', { inputmode: 'numeric', maxlength: 13, autocomplete: 'off' });
  const outcome = h('select', {}, h('option', { value: '' }, t('all')), ['SERVED', 'REFUSED', 'UPSTREAM_ERROR', 'ERROR'].map(o => h('option', { value: o }, t(`o_${o}`))));
  const status = h('div', { class: 'field-error', role: 'alert' });
  const results = h('div', { id: 'usage-results' });
  let cursor = null;
  const more = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => run(true) }, t('more'));
  const form = h('form', { class: 'card form edit', id: 'usage-form' },
    field('usage-from', t('from'), from), field('usage-to', t('to'), to, t('toHint')), officer.element,
    field('usage-service', t('service'), service), field('usage-citizen', t('citizenId'), citizen, t('citizenSearchHint')),
    field('usage-outcome', t('outcome'), outcome),
    h('div', { class: 'wide' }, status, h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'usage-search' }, t('search')))));
  let rows = [];
  // the filters of the search shown: "More" goes on with them, not with what the form holds since (a cursor carries
  // only the period, so a changed outcome or officer appended another search's records to the table)
  let asked = null;
  let seq = 0;
  async function run(next) {
    status.textContent = '';
    if (!next && citizen.value && !validCitizenId(citizen.value)) { status.textContent = t('badCid'); return; }
    const mine = ++seq;
    try {
      const filters = next ? asked : { officer: await officer.chosenId(), service: service.value.trim(), citizen: citizen.value, outcome: outcome.value };
      // a later page searches the period its cursor carries (the first page's)
      const page = await getJson(`/v1/usage${query({ from: next ? null : from.value, to: next ? null : dayAfter(to.value), ...filters,
        limit: 100, cursor: next ? cursor : null })}`);
      if (mine !== seq) return; // another search or page was asked for meanwhile
      asked = filters;
      rows = next ? rows.concat(page.items) : page.items;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      clear(results).append(table(columns(), rows, r => ({ dataset: { officer: r.officerId || '' } })));
    } catch (e) {
      if (mine !== seq) return;
      status.textContent = e instanceof Refusal ? e.message : problemText(e);
      if (e instanceof Refusal) officer.focus();
    }
  }
  form.addEventListener('submit', ev => { ev.preventDefault(); run(false); });
  body.append(form, results, h('div', { class: 'actions' }, more));
  return () => { rows = []; };
}

/**
 * The officer to search by, picked by name among the officers the auditor may see (GET /v1/usage/officers):
 * type part of a Thai or English name, then choose from the list (arrow keys or Tab, Enter). Submitting with a
 * name typed but nothing chosen takes the only match, or asks to choose.
 */
function officerPicker() {
  const input = h('input', { id: 'usage-officer', autocomplete: 'off', spellcheck: 'false', role: 'combobox', 'aria-expanded': 'false',
    'aria-controls': 'usage-officer-matches', 'aria-describedby': 'usage-officer-chosen' });
  const matches = h('ul', { id: 'usage-officer-matches', class: 'matches', hidden: true });
  const chosen = h('div', { id: 'usage-officer-chosen', class: 'hint', 'aria-live': 'polite' }, t('officerAny'));
  let picked = null;
  let found = [];
  let seq = 0;
  let timer = null;
  const label = o => `${lang() === 'th' ? o.nameTh : (o.nameEn || o.nameTh)} (${o.agency})${o.active ? '' : ` — ${t('inactive')}`}`;

  function choose(o) {
    picked = o;
    input.value = lang() === 'th' ? o.nameTh : (o.nameEn || o.nameTh);
    chosen.textContent = `${t('officerChosen')}: ${label(o)}`;
    chosen.dataset.officer = o.id;
    close();
    input.focus();
  }
  function close() {
    matches.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  }
  async function search(name) {
    const mine = ++seq;
    const { items } = await getJson(`/v1/usage/officers${query({ name, limit: 20 })}`);
    if (mine !== seq) return found;
    found = items;
    clear(matches).append(...(items.length === 0 ? [h('li', { class: 'muted' }, t('noOfficers'))]
      : items.map(o => h('li', {}, h('button', { type: 'button', class: 'link', dataset: { officer: o.id }, onclick: () => choose(o),
        onkeydown: ev => move(ev) }, label(o))))));
    matches.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    return items;
  }
  function move(ev) {
    const buttons = [...matches.querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement);
    if (ev.key === 'ArrowDown') { ev.preventDefault(); (buttons[i + 1] || buttons[0])?.focus(); }
    if (ev.key === 'ArrowUp') { ev.preventDefault(); (i <= 0 ? input : buttons[i - 1]).focus(); }
    if (ev.key === 'Escape') { close(); input.focus(); }
  }
  input.addEventListener('input', () => {
    picked = null;
    delete chosen.dataset.officer;
    chosen.textContent = input.value.trim() ? t('officerPick') : t('officerAny');
    clearTimeout(timer);
    const name = input.value.trim();
    if (!name) { close(); return; }
    timer = setTimeout(() => search(name).catch(() => close()), 200);
  });
  input.addEventListener('keydown', move);

  return {
    element: h('div', { class: 'picker' }, h('label', { for: 'usage-officer' }, t('officer')), input, matches, chosen),
    focus: () => input.focus(),
    /** The chosen officer's id; none when the field is empty. */
    async chosenId() {
      const name = input.value.trim();
      if (!name) return null;
      if (picked) return picked.id;
      const items = await search(name);
      if (items.length === 1) { choose(items[0]); return items[0].id; }
      throw new Refusal(items.length === 0 ? t('noOfficers') : t('officerChoose', { n: items.length }));
    },
  };
}

function live(body) {
  let controller = null;
  const rows = [];
  const status = h('p', { class: 'muted', role: 'status', id: 'live-status' });
  const list = h('div', { class: 'stream', id: 'live-records' });
  const toggle = h('button', { type: 'button', id: 'live-toggle', onclick: () => (controller ? stop() : start()) }, t('liveStart'));
  body.append(h('div', { class: 'card actions' }, toggle, status), list);

  function draw() { clear(list).append(table(columns(), rows)); }

  async function start() {
    controller = new AbortController();
    toggle.textContent = t('liveStop');
    status.textContent = t('liveWaiting');
    try {
      const res = await call('/v1/usage/stream', { accept: 'text/event-stream', signal: controller.signal });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          // closed without a last event (the gateway stopping or restarting): say so, not "waiting" on a dead stream
          stop();
          status.textContent = t('liveEnded');
          return;
        }
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const event = (lines.find(l => l.startsWith('event:')) || 'event: usage').slice(6).trim();
          if (event === 'session-ended') {
            // the gateway closes the stream after this: the reader's card session is over
            stop();
            status.textContent = t('liveSessionEnded');
            return;
          }
          if (event === 'access-changed') {
            // the gateway closes the stream after this: the reader's roles or services no longer cover it
            stop();
            status.textContent = t('liveAccessChanged');
            return;
          }
          const data = lines.filter(l => l.startsWith('data:')).map(l => l.slice(5).trim()).join('\n');
          if (event !== 'usage' || !data) continue;
          try { rows.unshift(JSON.parse(data)); } catch { continue; }
          rows.length = Math.min(rows.length, 200);
          draw();
          status.textContent = t('liveShown', { n: rows.length });
        }
      }
    } catch (e) {
      // a refusal says why; a stream cut while it was read (the network, the gateway going away) says it stopped
      if (e.name !== 'AbortError') status.textContent = e instanceof Problem ? problemText(e) : t('liveEnded');
    }
    stop();
  }

  function stop() {
    if (controller) controller.abort();
    controller = null;
    toggle.textContent = t('liveStart');
  }

  draw();
  start();
  return () => { stop(); rows.length = 0; };
}
