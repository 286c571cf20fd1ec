// ADMIN / SUPER_ADMIN: agencies, API keys, services, officers, devices and the compliance view, over /v1/admin.
import { getJson, query } from './api.js';
import { h, clear, table, field, toast } from './dom.js';
import { t, lang, dateTime, num } from './i18n.js';
import { problemText } from './reports.js';

const TABS = ['agencies', 'keys', 'services', 'officers', 'devices', 'compliance'];
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

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

const nameOf = x => (lang() === 'th' ? x.nameTh : x.nameEn) || x.nameTh || '';

async function agencyCodes() {
  const { items } = await getJson('/v1/admin/agencies?limit=500');
  return items;
}

function agencyPicker(items, onchange) {
  const select = h('select', {}, items.map(a => h('option', { value: a.code }, `${a.code} ${nameOf(a)}`)));
  select.addEventListener('change', () => onchange(select.value));
  return select;
}

async function agencies(body) {
  const items = await agencyCodes();
  const editor = h('div', { id: 'agency-editor' });
  clear(body).append(table([
    { title: t('code'), cell: a => h('a', { href: '#', onclick: ev => { ev.preventDefault(); edit(a); } }, a.code) },
    { title: t('name'), cell: nameOf },
    { title: 'Office', cell: a => a.officeCode },
    { title: t('quota'), num: true, cell: a => num(a.monthlyQuota) },
    { title: t('hours'), cell: a => `${(a.workDays || []).join(' ')} ${a.workStart}–${a.workEnd}` },
    { title: t('active'), cell: a => (a.active ? t('yes') : t('no')) },
  ], items), editor);

  function edit(a) {
    const quota = h('input', { type: 'number', min: 0, value: a.monthlyQuota });
    const start = h('input', { type: 'time', value: a.workStart });
    const end = h('input', { type: 'time', value: a.workEnd });
    const days = DAYS.map(d => h('label', { class: 'small' }, h('input', { type: 'checkbox', value: d, checked: (a.workDays || []).includes(d) }), ` ${d} `));
    const active = h('input', { type: 'checkbox', checked: a.active });
    const status = h('div', { role: 'status', class: 'small' });
    const form = h('form', { class: 'card form' }, h('h2', { class: 'wide' }, `${a.code} ${nameOf(a)}`),
      field('agency-quota', t('quota'), quota), field('agency-start', `${t('hours')} (start)`, start), field('agency-end', `${t('hours')} (end)`, end),
      h('div', { class: 'wide' }, days), h('label', {}, active, ` ${t('active')}`),
      h('div', { class: 'wide actions' }, h('button', { type: 'submit' }, t('save')), status));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      try {
        await getJson(`/v1/admin/agencies/${a.code}`, { method: 'PATCH', json: {
          monthlyQuota: Number(quota.value), workStart: start.value, workEnd: end.value, active: active.checked,
          workDays: days.map(l => l.querySelector('input')).filter(i => i.checked).map(i => i.value) } });
        toast(t('saved'));
        agencies(body);
      } catch (e) { status.textContent = problemText(e); }
    });
    clear(editor).append(form);
  }
}

async function keys(body) {
  const items = await agencyCodes();
  const list = h('div', { id: 'key-list' });
  const secret = h('div', { id: 'key-secret', 'aria-live': 'polite' });
  const picker = agencyPicker(items, code => { clear(secret); load(code); });
  const label = h('input', { maxlength: 100 });
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
  async function load(code) {
    const { items: ks } = await getJson(`/v1/admin/agencies/${code}/keys`);
    clear(list).append(table([
      { title: t('prefix'), cell: k => h('span', { class: 'mono' }, `${k.prefix}…`) },
      { title: t('label'), cell: k => k.label },
      { title: t('created'), cell: k => dateTime(k.createdAt) },
      { title: t('revoked'), cell: k => (k.revoked ? dateTime(k.revokedAt) : '—') },
      { title: '', cell: k => (k.revoked ? '' : h('button', { type: 'button', class: 'danger', onclick: async () => {
        await getJson(`/v1/admin/agencies/${code}/keys/${k.id}`, { method: 'DELETE' }).catch(e => toast(problemText(e)));
        load(code);
      } }, t('revoke'))) },
    ], ks));
  }
  clear(body).append(form, secret, list);
  if (items.length) await load(items[0].code);
}

async function services(body) {
  const [{ items: catalogue }, items] = await Promise.all([getJson('/v1/admin/services?limit=500'), agencyCodes()]);
  const performed = h('div', { id: 'agency-services' });
  const picker = agencyPicker(items, code => load(code));
  async function load(code) {
    const { items: list } = await getJson(`/v1/admin/agencies/${code}/services`);
    clear(performed).append(table([
      { title: t('code'), cell: s => s.service },
      { title: t('name'), cell: nameOf },
      { title: t('dataset'), cell: s => (s.datasets || []).join(', ') },
      { title: t('active'), cell: s => (s.active ? t('yes') : t('no')) },
      { title: 'rate / burst', cell: s => `${s.sessionRate ?? '—'} / ${s.sessionBurst ?? '—'}` },
    ], list));
  }
  clear(body).append(h('h2', {}, t('tab_services')), table([
    { title: t('code'), cell: s => s.code }, { title: t('name'), cell: nameOf }, { title: t('created'), cell: s => dateTime(s.createdAt) },
  ], catalogue), h('h2', {}, t('agency')), h('div', { class: 'card' }, field('services-agency', t('agency'), picker)), performed);
  if (items.length) await load(items[0].code);
}

async function officers(body) {
  const items = await agencyCodes();
  const list = h('div', { id: 'officer-list' });
  const picker = agencyPicker(items, code => load(code));
  async function load(code) {
    const { items: os } = await getJson(`/v1/admin/officers${query({ agency: code, limit: 500 })}`);
    clear(list).append(table([
      { title: t('name'), cell: nameOf },
      { title: t('rank'), cell: o => o.rank },
      { title: t('roles'), cell: o => (o.roles || []).map(r => t(`role_${r}`)).join(', ') },
      { title: t('services'), cell: o => (o.services || []).join(', ') },
      { title: t('active'), cell: o => (o.active ? t('yes') : t('no')) },
      { title: t('locked'), cell: o => (o.locked ? h('span', { class: 'badge bad' }, t('locked')) : '—') },
      { title: '', cell: o => [
        o.locked ? h('button', { type: 'button', onclick: () => act(`/v1/admin/officers/${o.id}/unlock`, 'POST') }, t('unlock')) : null,
        h('button', { type: 'button', class: o.active ? 'danger' : 'secondary', onclick: () => act(`/v1/admin/officers/${o.id}`, 'PATCH', { active: !o.active }) },
          o.active ? t('deactivate') : t('activate'))] },
    ], os));
    async function act(url, method, json) {
      try { await getJson(url, { method, json }); toast(t('saved')); } catch (e) { toast(problemText(e)); }
      load(code);
    }
  }
  clear(body).append(h('div', { class: 'card' }, field('officers-agency', t('agency'), picker)), list);
  if (items.length) await load(items[0].code);
}

async function devices(body) {
  const items = await agencyCodes();
  const list = h('div', { id: 'device-list' });
  const id = h('input', { required: true, maxlength: 64 });
  const picker = agencyPicker(items, () => {});
  const key = h('input', { required: true, spellcheck: 'false' });
  const label = h('input', { maxlength: 100 });
  const status = h('div', { role: 'status', class: 'small' });
  const form = h('form', { class: 'card form' }, field('device-id', t('deviceId'), id), field('device-agency', t('agency'), picker),
    field('device-key', t('publicKey'), key), field('device-label', t('label'), label),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('enroll')), status));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    try {
      await getJson('/v1/admin/devices', { method: 'POST', json: { id: id.value, agency: picker.value, publicKey: key.value, label: label.value || id.value } });
      toast(t('saved'));
      load();
    } catch (e) { status.textContent = problemText(e); }
  });
  async function load() {
    const { items: ds } = await getJson('/v1/admin/devices?limit=500');
    clear(list).append(table([
      { title: t('deviceId'), cell: d => h('span', { class: 'mono' }, d.id) },
      { title: t('agency'), cell: d => d.agency },
      { title: t('label'), cell: d => d.label },
      { title: t('lastSeen'), cell: d => dateTime(d.lastSeenAt) },
      { title: t('revoked'), cell: d => (d.revokedAt ? dateTime(d.revokedAt) : '—') },
      { title: '', cell: d => (d.revokedAt ? '' : h('button', { type: 'button', class: 'danger', onclick: async () => {
        try { await getJson(`/v1/admin/devices/${encodeURIComponent(d.id)}`, { method: 'DELETE' }); } catch (e) { toast(problemText(e)); }
        load();
      } }, t('revoke'))) },
    ], ds));
  }
  clear(body).append(list, h('h2', {}, t('enroll')), form);
  await load();
}

async function compliance(body) {
  const items = await agencyCodes();
  const view = h('div', { id: 'compliance' });
  const picker = agencyPicker([{ code: '', nameTh: t('all'), nameEn: t('all') }, ...items], code => load(code));
  async function load(code) {
    const c = await getJson(`/v1/admin/compliance${query({ agency: code })}`);
    clear(view).append(
      h('h2', {}, t('fewUsers')), table([
        { title: t('agency'), cell: s => s.agency }, { title: t('service'), cell: s => `${s.service} ${nameOf(s)}` },
        { title: t('users'), num: true, cell: s => h('span', { class: 'badge bad' }, s.users) }], c.servicesWithFewerThanTwoUsers.items),
      h('h2', {}, t('usersNoServices')), table([
        { title: t('agency'), cell: o => o.agency }, { title: t('name'), cell: nameOf }, { title: t('rank'), cell: o => o.rank }], c.usersWithoutServices.items),
      h('h2', {}, t('unusedDevices')), table([
        { title: t('deviceId'), cell: d => d.id }, { title: t('agency'), cell: d => d.agency },
        { title: t('lastSeen'), cell: d => dateTime(d.lastSeenAt) }, { title: t('days'), num: true, cell: d => d.unusedDays }], c.unusedDevices.items));
  }
  clear(body).append(h('div', { class: 'card' }, field('compliance-agency', t('agency'), picker)), view);
  await load('');
}
