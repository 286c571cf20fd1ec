// ADMIN / SUPER_ADMIN: card-edge workstations: enroll one (its id, agency, label and the public key that
// `card-edge enroll` prints; the whole printed block may be pasted) and revoke one (which ends its sessions).
import { getJson, query } from './api.js';
import { h, clear, table, field } from './dom.js';
import { t, dateTime } from './i18n.js';
import { problemText } from './reports.js';
import { messageBox, say, submitWith, confirmButton } from './forms.js';
import { agencyList, agencyPicker } from './admin-shared.js';

export async function devices(body) {
  const agencies = await agencyList();
  const list = h('div', { id: 'device-list' });
  const listMessage = messageBox('device-list-message');

  // by agency (all by default), 500 at a time: "More" follows the list's cursor, so every workstation can be found
  const filter = agencyPicker([{ code: '', nameTh: t('all'), nameEn: t('all') }, ...agencies], () => load());
  const more = h('button', { type: 'button', class: 'secondary', id: 'device-more', hidden: true, onclick: () => load(true) }, t('more'));
  let rows = [];
  let cursor = null;
  async function load(next = false) {
    const asked = filter.value;
    let page;
    try {
      page = await getJson(`/v1/admin/devices${query({ agency: asked, limit: 500, cursor: next ? cursor : null })}`);
    } catch (e) {
      say(listMessage, 'bad', problemText(e), e.slug);
      return;
    }
    if (asked !== filter.value) return; // the filter moved on meanwhile
    rows = next ? rows.concat(page.items) : page.items;
    cursor = page.nextCursor;
    more.hidden = !cursor;
    clear(list).append(table([
      { title: t('deviceId'), cell: d => h('span', { class: 'mono' }, d.id) },
      { title: t('agency'), cell: d => d.agency },
      { title: t('label'), cell: d => d.label },
      { title: t('lastSeen'), cell: d => dateTime(d.lastSeenAt) },
      { title: t('revoked'), cell: d => (d.revokedAt ? dateTime(d.revokedAt) : '—') },
      { title: '', cell: d => (d.revokedAt ? '' : revokeButton(d)) },
    ], rows, d => ({ dataset: { device: d.id, revoked: String(!!d.revokedAt) } })));
  }

  /** Two steps: the first press asks, the second revokes (which ends the device's sessions). */
  function revokeButton(d) {
    return confirmButton(`device-revoke-${d.id}`, t('revoke'), `${t('revoke')} ${d.id}`, t('confirmRevoke', { id: d.id }), async () => {
      try {
        await getJson(`/v1/admin/devices/${encodeURIComponent(d.id)}`, { method: 'DELETE' });
        say(listMessage, 'ok', t('deviceRevoked', { id: d.id }));
      } catch (e) {
        say(listMessage, 'bad', problemText(e), e.slug);
      }
      load();
    });
  }

  const id = h('input', { name: 'id', maxlength: 64, autocomplete: 'off', spellcheck: 'false' });
  const agency = agencyPicker(agencies, () => {});
  const key = h('textarea', { name: 'publicKey', rows: 3, spellcheck: 'false', autocomplete: 'off', class: 'mono' });
  const label = h('input', { name: 'label', maxlength: 200 });
  const message = messageBox('device-message');
  // the block card-edge enroll prints is JSON: take its id, public key and label (not its placeholders)
  key.addEventListener('input', () => {
    const text = key.value;
    const start = text.indexOf('{');
    const end = text.lastIndexOf('}');
    if (start < 0 || end < start) return;
    let printed;
    try { printed = JSON.parse(text.slice(start, end + 1)); } catch { return; }
    if (typeof printed.publicKey !== 'string') return;
    key.value = printed.publicKey;
    const real = v => typeof v === 'string' && v && !v.startsWith('<');
    if (real(printed.id) && !id.value) id.value = printed.id;
    if (real(printed.label) && !label.value) label.value = printed.label;
    if (real(printed.agency) && agencies.some(a => a.code === printed.agency)) agency.value = printed.agency;
  });
  const form = h('form', { class: 'card form edit', id: 'device-form' }, h('h2', { class: 'wide' }, t('enroll')),
    field('device-id', t('deviceId'), id), field('device-agency', t('agency'), agency), field('device-label', t('label'), label),
    h('div', { class: 'wide' }, field('device-key', t('publicKey'), key, t('publicKeyHint'))),
    h('div', { class: 'wide' }, h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'device-enroll' }, t('enroll'))), message));
  submitWith(form, message, async () => {
    const r = await getJson('/v1/admin/devices', { method: 'POST', json: {
      id: id.value.trim(), agency: agency.value, publicKey: key.value.replace(/\s/g, ''), label: label.value.trim() || id.value.trim() } });
    form.reset();
    load();
    return r;
  }, r => t('deviceEnrolled', { id: r.id, agency: r.agency }));

  clear(body).append(h('div', { class: 'card' }, field('devices-agency', t('agency'), filter)), listMessage, list,
    h('div', { class: 'actions' }, more), form);
  await load();
}
