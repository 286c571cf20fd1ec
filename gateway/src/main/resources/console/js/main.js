// The console's shell: signs the officer in and out with card-edge, then shows the screens of their roles.
import { CardEdge } from './edge.js';
import { call, getJson, setToken, clearToken, hasToken, whenSessionLost, Problem } from './api.js';
import { h, clear } from './dom.js';
import { t, tOr, lang, setLang, onLang } from './i18n.js';
import * as lookup from './lookup.js';
import * as reports from './reports.js';
import * as audit from './audit.js';
import * as admin from './admin.js';

const SCREENS = [
  { id: 'lookup', roles: ['USER'], view: ctx => lookup.render(ctx) },
  { id: 'reports', roles: ['USER', 'CONTROLLING_SUPERVISOR', 'HEAD_OF_AGENCY'], view: ctx => reports.render(ctx, 'agency') },
  { id: 'received', roles: ['SUPERVISOR'], view: ctx => reports.render(ctx, 'received') },
  { id: 'audit', roles: ['ICT_AUDITOR'], view: ctx => audit.render(ctx) },
  { id: 'admin', roles: ['ADMIN', 'SUPER_ADMIN'], view: ctx => admin.render(ctx) },
];

const state = {
  edge: 'connecting',   // connecting | up | down
  phase: 'nocard',      // nocard | card | signing
  failure: null,        // {reason, message} of the last refused sign-in
  notice: null,         // i18n key shown on the sign-in screen (signed out, session lost)
  simulated: null,      // {present} when card-edge runs a simulated card
  session: null,        // {officer, agency, expiresAt}; the token itself is only in api.js
  token: null,
};
let edge;
let port;
let shown = null;
let cleanup = null;
const main = () => document.getElementById('main');

async function boot() {
  const settings = await fetch('settings.json', { cache: 'no-cache' }).then(r => r.json()).catch(() => ({ cardEdgePort: 9898 }));
  const asked = new URLSearchParams(location.search).get('edge');
  port = /^[1-9]\d{0,4}$/.test(asked || '') && Number(asked) <= 65535 ? Number(asked) : settings.cardEdgePort;
  document.getElementById('lang').addEventListener('click', () => setLang(lang() === 'th' ? 'en' : 'th'));
  onLang(() => { shown = null; render(); });
  window.addEventListener('hashchange', () => render());
  whenSessionLost(() => signOut('sessionLost'));
  edge = new CardEdge(port, {
    up() { state.edge = 'up'; render(); },
    down() {
      state.edge = 'down';
      state.simulated = null;
      if (hasToken()) signOut(null); else render();
    },
    event: onEvent,
    session: onSession,
  });
  edge.start();
  render();
}

function onEvent(e) {
  switch (e.type) {
    case 'card-inserted': state.phase = 'card'; state.failure = null; state.notice = null; break;
    case 'session-opened': state.phase = 'signing'; break;
    case 'login-failed': state.failure = { reason: e.reason, message: e.message }; state.phase = 'card'; break;
    case 'session-closed': signOut(e.reason === 'card-removed' ? 'signedOut' : 'sessionLost'); return;
    case 'card-removed':
      state.phase = 'nocard';
      if (hasToken()) { signOut('signedOut'); return; }
      break;
    default: break;
  }
  render();
}

function onSession(s) {
  state.simulated = s.simulatedCard || null;
  if (s.state === 'active' && s.token) {
    if (s.token !== state.token) signIn(s.token);
    else render();
    return;
  }
  if (hasToken()) { signOut('signedOut'); return; }
  state.phase = s.state === 'no-card' ? 'nocard' : (s.state === 'logging-in' ? 'card' : state.phase === 'signing' ? 'card' : state.phase);
  if (s.state === 'no-card') state.failure = null;
  render();
}

/**
 * Takes the session card-edge opened. A gateway that cannot answer for a moment (a 5xx, the network) is asked
 * again, 1, 2, 3… seconds later, up to five times: signing out on it left the page saying the session ended while
 * card-edge held a live one, and nothing asked again until the card was pulled out. A refusal (401) signs out.
 */
async function signIn(token, attempt = 0) {
  state.token = token;
  setToken(token);
  try {
    const current = await getJson('/v1/sessions/current');
    if (state.token !== token) return; // signed out meanwhile
    state.session = { officer: current.officer, agency: current.agency, expiresAt: current.expiresAt };
    state.failure = null;
    state.notice = null;
    const first = screens()[0];
    if (first && !screens().some(s => location.hash.startsWith(`#${s.id}`))) location.hash = `#${first.id}`;
  } catch (e) {
    if (state.token !== token) return;
    const passing = e instanceof Problem && (e.status === 0 || e.status >= 500);
    if (!passing || attempt >= 5) { signOut('sessionLost'); return; }
    setTimeout(() => { if (state.token === token) signIn(token, attempt + 1); }, 1000 * (attempt + 1));
    return;
  }
  shown = null;
  render();
}

/** Forgets the token and everything shown: the page keeps nothing of the officer once the card is out. */
function signOut(noticeKey) {
  clearToken();
  lookup.forget();
  state.token = null;
  state.session = null;
  state.phase = state.phase === 'signing' ? 'card' : state.phase;
  state.notice = noticeKey;
  if (cleanup) { cleanup(); cleanup = null; }
  shown = null;
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  render();
}

function screens() {
  const roles = state.session?.officer?.roles || [];
  return SCREENS.filter(s => s.roles.some(r => roles.includes(r)));
}

function render() {
  document.documentElement.lang = lang();
  document.getElementById('skip').textContent = t('skip');
  document.getElementById('brand').textContent = t('brand');
  document.getElementById('nav').setAttribute('aria-label', t('navLabel'));
  document.getElementById('lang').textContent = t('switchLang');
  document.getElementById('lang').setAttribute('lang', lang() === 'th' ? 'en' : 'th');
  renderHeader();
  if (!state.session) {
    if (cleanup) { cleanup(); cleanup = null; }
    shown = 'signin';
    clear(main()).append(signInPanel());
    document.title = `LinkGate — ${t('insertCard')}`;
    return;
  }
  const [id, ...rest] = location.hash.replace(/^#/, '').split('/');
  const screen = screens().find(s => s.id === id) || screens()[0];
  const key = `${screen?.id}/${rest.join('/')}`;
  if (shown === key) return;
  shown = key;
  if (cleanup) { cleanup(); cleanup = null; }
  const container = clear(main());
  if (!screen) {
    container.append(h('div', { class: 'notice warn' }, t('noScreens')));
    return;
  }
  document.title = `LinkGate — ${t(`nav_${screen.id}`)}`;
  const stop = screen.view({ container, session: state.session, path: rest, navigate: hash => { location.hash = hash; } });
  cleanup = typeof stop === 'function' ? stop : null;
}

function renderHeader() {
  const nav = clear(document.getElementById('nav'));
  const who = clear(document.getElementById('who'));
  if (!state.session) return;
  const current = location.hash.replace(/^#/, '').split('/')[0] || screens()[0]?.id;
  for (const s of screens()) {
    nav.append(h('a', { href: `#${s.id}`, 'aria-current': s.id === current ? 'page' : null, id: `nav-${s.id}` }, t(`nav_${s.id}`)));
  }
  const o = state.session.officer;
  who.append(
    h('div', { id: 'officer-name' }, lang() === 'th' ? o.displayName : (o.displayNameEn || o.displayName), ` · ${state.session.agency}`),
    h('div', { class: 'roles' }, o.roles.map(r => t(`role_${r}`)).join(', '), ' · ', t('signOutHint')));
  if (state.simulated) {
    who.append(h('button', { type: 'button', class: 'secondary small', id: 'sim-remove', onclick: () => edge.simulated('remove') }, t('simRemove')));
  }
}

function signInPanel() {
  const panel = h('section', { class: 'signin card', id: 'signin', 'aria-live': 'polite' });
  if (state.notice) panel.append(h('div', { class: 'notice ok', id: 'signin-notice' }, t(state.notice)));
  if (state.edge === 'down') {
    const origin = location.origin;
    panel.append(h('div', { class: 'notice bad', id: 'edge-down' },
      h('h2', {}, t('edgeDown')),
      h('p', {}, t('edgeDownHelp', { port })),
      h('pre', {}, `java -jar linkgate-card-edge.jar --gateway ${origin} --allowed-origin ${origin}${port !== 9898 ? ` --local-port ${port}` : ''}`),
      h('p', {}, t('edgeDownDemo')),
      h('pre', {}, `java -jar card-edge/target/linkgate-card-edge.jar --gateway ${origin} --simulated-card officer --demo-device --allowed-origin ${origin}${port !== 9898 ? ` --local-port ${port}` : ''}`),
      h('button', { type: 'button', onclick: () => edge.connect() }, t('edgeRetry'))));
    return panel;
  }
  if (state.edge === 'connecting') {
    panel.append(h('p', { class: 'big' }, t('edgeConnecting')));
    return panel;
  }
  panel.append(h('div', { class: 'cardicon', 'aria-hidden': 'true' }));
  const message = state.phase === 'signing' ? t('signingIn') : state.phase === 'card' && !state.failure ? t('cardReading') : t('insertCard');
  panel.append(h('p', { class: 'big', id: 'signin-state' }, message), h('p', { class: 'muted' }, t('insertCardHelp')));
  if (state.failure) {
    const text = tOr(`reason_${state.failure.reason}`, state.failure.message);
    panel.append(h('div', { class: 'notice bad', id: 'login-failed' }, h('strong', {}, t('loginFailed')), ': ', text));
  }
  if (state.simulated) {
    panel.append(h('p', { class: 'muted small' }, t('simulatedCard')), h('div', { class: 'actions' },
      state.simulated.present
        ? h('button', { type: 'button', class: 'secondary', id: 'sim-remove', onclick: () => edge.simulated('remove') }, t('simRemove'))
        : h('button', { type: 'button', id: 'sim-insert', onclick: () => edge.simulated('insert') }, t('simInsert'))));
  }
  return panel;
}

boot();
