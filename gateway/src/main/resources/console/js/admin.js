// ADMIN / SUPER_ADMIN: agencies, API keys, services, officers, devices and the compliance view, over /v1/admin.
// The tabs with forms live in admin-agencies.js, admin-officers.js and admin-devices.js.
import { getJson, query } from './api.js';
import { h, clear, table, field } from './dom.js';
import { messageBox, say, confirmButton } from './forms.js';
import { t, dateTime } from './i18n.js';
import { problemText } from './reports.js';
import { nameOf, rankLabel, agencyList as agencyCodes, agencyPicker, drawFor } from './admin-shared.js';
import { agencies, services } from './admin-agencies.js';
import { officers } from './admin-officers.js';
import { devices } from './admin-devices.js';

const TABS = ['agencies', 'keys', 'services', 'officers', 'devices', 'compliance'];

export function render(ctx) {
  const { container, path } = ctx;
  const tab = TABS.includes(path[0]) ? path[0] : 'agencies';
  container.append(h('h1', {}, t('adminTitle')), h('div', { class: 'tabs', role: 'tablist' }, TABS.map(id =>
    h('button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-selected': String(id === tab), onclick: () => ctx.navigate(`#admin/${id}`) }, t(`tab_${id}`)))));
  const body = h('div', { role: 'tabpanel', id: `panel-${tab}` }, h('p', { class: 'muted' }, t('loading')));
  container.append(body);
  ({ agencies, keys, services, officers, devices, compliance })[tab](body, ctx).catch(e => clear(body).append(h('div', { class: 'notice bad' }, problemText(e))));
  return null;
}

async function keys(body) {
  const items = await agencyCodes();
  const list = h('div', { id: 'key-list' });
  const listMessage = messageBox('key-list-message');
  const secret = h('div', { id: 'key-secret', 'aria-live': 'polite' });
  const picker = agencyPicker(items, code => { clear(secret); listMessage.hidden = true; load(code); });
  const label = h('input', { maxlength: 200 });
  const form = h('form', { class: 'card form' }, field('key-agency', t('agency'), picker), field('key-label', t('label'), label),
    h('div', {}, h('button', { type: 'submit', id: 'key-create' }, t('newKey'))));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      const k = await getJson(`/v1/admin/agencies/${picker.value}/keys`, { method: 'POST', json: { label: label.value || 'console' } });
      clear(secret).append(h('div', { class: 'notice warn' }, t('secretOnce'), h('pre', { id: 'key-secret-value' }, k.secret)));
      load(picker.value);
    } catch (e) { clear(secret).append(h('div', { class: 'notice bad' }, problemText(e))); }
  });
  /** Two steps, as a device's: the first press asks, the second revokes (the agency's systems using it are refused). */
  function revokeButton(code, k) {
    const key = `${k.prefix}… (${k.label})`;
    return confirmButton(`key-revoke-${k.id}`, t('revoke'), `${t('revoke')} ${key}`, t('confirmRevokeKey', { key }), async () => {
      try {
        await getJson(`/v1/admin/agencies/${code}/keys/${k.id}`, { method: 'DELETE' });
        say(listMessage, 'ok', t('keyRevoked', { key }));
      } catch (e) {
        say(listMessage, 'bad', problemText(e), e.slug);
      }
      load(code);
    });
  }
  function load(code) {
    return drawFor(list, code, () => picker.value, () => getJson(`/v1/admin/agencies/${code}/keys`), ({ items: ks }) => clear(list).append(table([
      { title: t('prefix'), cell: k => h('span', { class: 'mono' }, `${k.prefix}…`) },
      { title: t('label'), cell: k => k.label },
      { title: t('created'), cell: k => dateTime(k.createdAt) },
      { title: t('revoked'), cell: k => (k.revoked ? dateTime(k.revokedAt) : '—') },
      { title: '', cell: k => (k.revoked ? '' : revokeButton(code, k)) },
    ], ks, k => ({ dataset: { key: k.id, revoked: String(!!k.revoked) } }))));
  }
  clear(body).append(form, secret, listMessage, list);
  if (items.length) await load(items[0].code);
}

async function compliance(body) {
  const items = await agencyCodes();
  const view = h('div', { id: 'compliance' });
  const picker = agencyPicker([{ code: '', nameTh: t('all'), nameEn: t('all') }, ...items], code => load(code));
  async function load(code) {
    let c;
    try {
      c = await getJson(`/v1/admin/compliance${query({ agency: code })}`);
    } catch (e) {
      clear(view).append(h('div', { class: 'notice bad' }, problemText(e)));
      return;
    }
    clear(view).append(
      h('h2', {}, t('fewUsers')), table([
        { title: t('agency'), cell: s => s.agency }, { title: t('service'), cell: s => `${s.service} ${nameOf(s)}` },
        { title: t('users'), num: true, cell: s => h('span', { class: 'badge bad' }, s.users) }], c.servicesWithFewerThanTwoUsers.items),
      h('h2', {}, t('usersNoServices')), table([
        { title: t('agency'), cell: o => o.agency }, { title: t('name'), cell: nameOf }, { title: t('rank'), cell: o => rankLabel(o.rank) }], c.usersWithoutServices.items),
      h('h2', {}, t('unusedDevices')), table([
        { title: t('deviceId'), cell: d => d.id }, { title: t('agency'), cell: d => d.agency },
        { title: t('lastSeen'), cell: d => dateTime(d.lastSeenAt) }, { title: t('days'), num: true, cell: d => d.unusedDays }], c.unusedDevices.items));
  }
  clear(body).append(h('div', { class: 'card' }, field('compliance-agency', t('agency'), picker)), view);
  await load('');
}
