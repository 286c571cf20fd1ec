// USER: look up a person or their house by citizen ID for one of the officer's services, with the request
// reference; the answer laid out like the official record, printable on A4 with its usage id, date and officer.
import { call, Problem } from './api.js';
import { h, clear, field } from './dom.js';
import { t, lang, beDate, dateTime, problemTitle } from './i18n.js';

const REF = /^[A-Za-z0-9/._:#-]{1,64}$/;

export function validCitizenId(cid) {
  if (!/^\d{13}$/.test(cid)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(cid[i]) * (13 - i);
  return (11 - (sum % 11)) % 10 === Number(cid[12]);
}

/**
 * True when {@code text} holds a citizen ID (13 digits with a right check digit, together or grouped with - or spaces):
 * the gateway refuses such a reference, which it keeps in clear in the usage log and the monthly report.
 */
export function holdsCitizenId(text) {
  const runs = [...text.matchAll(/\d+/g), ...text.matchAll(/\d+(?:[- ]\d+)*/g)].map(m => m[0].replace(/[- ]/g, ''));
  return runs.some(r => r.length === 13 && r[0] !== '0' && validCitizenId(r));
}

/**
 * The answer on screen, drawn again when the page is redrawn (the other language, another screen and back): a
 * language switch threw it away and the officer looked the citizen up again, a second usage record. Only the
 * officer who asked sees it, and sign-out forgets it ({@link forget}).
 */
let last = null;

export function forget() {
  last = null;
}

export function render({ container, session }) {
  const services = session.officer.services || [];
  container.append(h('h1', {}, t('lookupTitle')));
  if (services.length === 0) {
    container.append(h('div', { class: 'notice warn' }, t('noServices')));
    return null;
  }
  const service = h('select', { name: 'service' }, services.map(s => h('option', { value: s }, s)));
  const dataset = h('select', { name: 'dataset' }, h('option', { value: 'person' }, t('ds_person')), h('option', { value: 'house' }, t('ds_house')));
  const cid = h('input', { name: 'cid', inputmode: 'numeric', autocomplete: 'off', maxlength: 13, required: true, spellcheck: 'false', 'aria-describedby': 'cid-error' });
  const ref = h('input', { name: 'ref', autocomplete: 'off', maxlength: 64, spellcheck: 'false' });
  const error = h('div', { class: 'field-error', id: 'cid-error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'lookup-submit' }, t('lookUp'));
  const result = h('div', { id: 'lookup-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card form', id: 'lookup-form', novalidate: true },
    field('lookup-service', t('service'), service),
    field('lookup-dataset', t('dataset'), dataset),
    field('lookup-cid', t('citizenId'), cid, t('citizenIdHint')),
    field('lookup-ref', t('requestRef'), ref, t('requestRefHint')),
    h('div', { class: 'wide' }, error, h('div', { class: 'actions' }, submit)));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    error.textContent = '';
    const id = cid.value.replace(/[\s-]/g, '');
    if (!validCitizenId(id)) { error.textContent = t('badCid'); cid.focus(); return; }
    if (ref.value && !REF.test(ref.value)) { error.textContent = t('badRef'); ref.focus(); return; }
    if (ref.value && holdsCitizenId(ref.value)) { error.textContent = t('refHoldsCid'); ref.focus(); return; }
    submit.disabled = true;
    clear(result).append(h('p', { class: 'muted' }, t('loading')));
    const kind = dataset.value;
    const request = { service: service.value, ref: ref.value, kind };
    try {
      const headers = { 'X-Service-Code': service.value };
      if (ref.value) headers['X-Request-Ref'] = ref.value;
      const res = await call(`/v1/console/linkage/persons/${id}${kind === 'house' ? '/house' : ''}`, { headers });
      const body = await res.json();
      const usageId = res.headers.get('X-Usage-Id');
      const meta = { usageId, cache: res.headers.get('X-Cache'), at: usageTime(usageId) };
      last = { officer: session.officer.id, shown: [kind, id, body, meta, request] };
      clear(result).append(record(kind, id, body, meta, request, session));
      result.querySelector('#print')?.focus();
    } catch (e) {
      last = null;
      clear(result).append(refusal(e));
    } finally {
      submit.disabled = false;
    }
  });
  container.append(form, result);
  if (last && last.officer === session.officer.id) result.append(record(...last.shown, session));
  cid.focus();
  return () => clear(result);
}

/** The refusal as the officer needs it: what happened and what to do (wait until, ask for a right...). */
export function refusal(e) {
  if (!(e instanceof Problem)) return h('div', { class: 'notice bad', id: 'lookup-problem' }, t('p_other'));
  const at = e.retryAfter !== null ? retryAt(new Date(Date.now() + e.retryAfter * 1000)) : '—';
  let text;
  let tone = 'bad';
  const slug = e.slug;
  if (slug === 'rate-limit-session') { text = t('p_rate', { s: e.retryAfter ?? '?', at }); tone = 'warn'; }
  else if (slug.startsWith('quota-')) { text = t(`p_${slug}`, { at }); tone = 'warn'; }
  else if (slug === 'outside-working-hours') text = t('p_outside-working-hours');
  else if (['officer-not-user', 'service-not-assigned', 'service-unknown', 'dataset-not-granted', 'agency-inactive'].includes(slug)
      || (e.status === 403 && slug.startsWith('linkage-'))) text = t('p_right');
  else if (slug.startsWith('upstream-') || (e.status >= 502 && e.status <= 504)) {
    text = t('p_upstream', { after: e.retryAfter !== null ? t('p_after', { s: e.retryAfter }) : '' });
  } else if (e.status === 404) { text = t('p_notFound'); tone = 'warn'; }
  else if (e.status === 400) text = t('p_input');
  else if (e.status === 0) text = t('p_unreachable');
  else text = t('p_other');
  return h('div', { class: `notice ${tone}`, id: 'lookup-problem', dataset: { problem: slug } },
    h('strong', {}, text),
    h('div', { class: 'small muted' }, `${problemTitle(slug, e.body.title || '')} (${slug})`, e.usageId ? ` ${t('refusedUsage', { id: e.usageId })}` : ''));
}

/**
 * When to try again, in Asia/Bangkok: the time alone later today, with the date when it is another day (a quota
 * used up renews at midnight or on the 1st of next month: "00:00:00" alone read as tonight).
 */
function retryAt(when) {
  const locale = lang() === 'th' ? 'th-TH' : 'en-GB';
  const day = d => d.toLocaleDateString('en-CA', { timeZone: 'Asia/Bangkok' });
  return day(when) === day(new Date())
    ? when.toLocaleTimeString(locale, { timeZone: 'Asia/Bangkok' })
    : when.toLocaleString(locale, { timeZone: 'Asia/Bangkok', dateStyle: 'medium', timeStyle: 'short' });
}

/** The usage record's own time: a UUIDv7 starts with its Unix milliseconds (the gateway's clock, not this PC's). */
function usageTime(usageId) {
  const hex = (usageId || '').replace(/-/g, '');
  return /^[0-9a-f]{12}7/.test(hex) ? new Date(parseInt(hex.slice(0, 12), 16)).toISOString() : new Date().toISOString();
}

function joinName(...parts) {
  return parts.filter(p => p !== undefined && p !== null && String(p).trim() !== '').join(' ');
}

function rows(kind, p) {
  if (kind === 'person') {
    return [
      ['f_fullName', joinName(p.titleDesc, p.firstName, p.middleName, p.lastName)],
      ['f_englishName', joinName(p.englishTitleDesc, p.englishFirstName, p.englishMiddleName, p.englishLastName)],
      ['f_dateOfBirth', beDate(p.dateOfBirth)],
      ['f_age', p.age !== undefined ? `${p.age} ${t('years')}` : null],
      ['f_gender', p.genderDesc],
      ['f_nationality', p.nationalityDesc],
      ['f_status', p.statusOfPersonDesc],
      ['f_ownerStatus', p.ownerStatusDesc],
      ['f_moveIn', p.dateOfMoveIn ? beDate(p.dateOfMoveIn) : null],
      ['f_father', p.fatherName],
      ['f_mother', p.motherName],
    ];
  }
  return [
    ['f_houseId', p.houseID],
    ['f_houseNo', p.houseNo],
    ['f_houseType', p.houseTypeDesc],
    ['f_villageNo', p.villageNo || null], // 0: no village (moo), as in Bangkok; not "หมู่ที่ 0" on the record
    ['f_alley', joinName(p.alleyWayDesc, p.alleyDesc)],
    ['f_road', p.roadDesc],
    ['f_subdistrict', p.subdistrictDesc],
    ['f_district', p.districtDesc],
    ['f_province', p.provinceDesc],
    ['f_registrar', p.rcodeDesc],
  ];
}

function record(kind, cid, body, meta, request, session) {
  const o = session.officer;
  const officerName = lang() === 'th' ? o.displayName : (o.displayNameEn || o.displayName);
  const list = h('dl', {}, h('dt', {}, t('citizenId')), h('dd', { class: 'mono' }, cid.replace(/^(\d)(\d{4})(\d{5})(\d{2})(\d)$/, '$1 $2 $3 $4 $5')),
    rows(kind, body).filter(([, v]) => v !== null && v !== undefined && String(v).trim() !== '')
      .map(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, String(v))]));
  return h('div', { class: 'card' },
    meta.cache === 'STALE' ? h('div', { class: 'notice warn print-keep', id: 'stale-notice' }, t('cacheStale')) : null,
    h('article', { class: 'record', id: 'record', 'aria-labelledby': 'record-title' },
      h('header', {}, h('h2', { id: 'record-title' }, t(kind === 'person' ? 'recordPerson' : 'recordHouse')),
        h('span', { class: 'small muted' }, t('source'))),
      list,
      h('footer', {},
        h('div', {}, `${t('usageId')}: `, h('span', { class: 'mono', id: 'record-usage-id' }, meta.usageId || '—')),
        h('div', {}, `${t('lookedUpAt')}: `, h('span', { id: 'record-at' }, dateTime(meta.at))),
        h('div', {}, `${t('officer')}: `, h('span', { id: 'record-officer' }, officerName)),
        h('div', {}, `${t('agency')}: ${session.agency}`),
        h('div', {}, `${t('service')}: ${request.service}`),
        h('div', {}, `${t('requestRef')}: ${request.ref || '—'}`))),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'print', onclick: () => window.print() }, t('print'))));
}
