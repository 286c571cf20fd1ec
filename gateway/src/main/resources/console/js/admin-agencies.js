// ADMIN / SUPER_ADMIN: agencies (create, edit: office code, names, working days and hours, monthly quota,
// active), the national service catalogue (create, rename) and what each agency performs (datasets, limits).
import { getJson } from './api.js';
import { h, clear, table, field } from './dom.js';
import { t, dateTime, num } from './i18n.js';
import { messageBox, submitWith, checkboxGroup, checkedValues, optionalNumber, Refusal } from './forms.js';
import { DAYS, DATASETS, datasetLabel, nameOf, agencyList, serviceCatalogue, agencyPicker, editLink, drawFor } from './admin-shared.js';

export async function agencies(body) {
  const list = h('div', { id: 'agency-list' });
  const editor = h('div', { id: 'agency-editor' });
  async function load() {
    const items = await agencyList();
    clear(list).append(table([
      { title: t('code'), cell: a => editLink(`agency-edit-${a.code}`, a.code, () => open(a)) },
      { title: t('name'), cell: nameOf },
      { title: t('officeCode'), cell: a => a.officeCode },
      { title: t('quota'), num: true, cell: a => num(a.monthlyQuota) },
      { title: t('hours'), cell: a => `${(a.workDays || []).map(d => t(`day_${d}`)).join(' ')} ${a.workStart}–${a.workEnd}` },
      { title: t('active'), cell: a => (a.active ? t('yes') : t('no')) },
    ], items));
  }
  function open(a) {
    clear(editor).append(agencyForm(a, load));
    editor.querySelector('input:not([disabled])').focus();
  }
  clear(body).append(list, h('div', { class: 'actions' }, h('button', { type: 'button', id: 'agency-new', onclick: () => open(null) }, t('newAgency'))), editor);
  await load();
}

/** Create (`a` null) or edit one agency; `saved` reloads the list. */
function agencyForm(a, saved) {
  const creating = !a;
  const code = h('input', { name: 'code', maxlength: 32, autocomplete: 'off', spellcheck: 'false', value: a?.code, disabled: !creating });
  const office = h('input', { name: 'officeCode', inputmode: 'numeric', maxlength: 5, autocomplete: 'off', value: a?.officeCode });
  const nameTh = h('input', { name: 'nameTh', maxlength: 200, value: a?.nameTh, lang: 'th' });
  const nameEn = h('input', { name: 'nameEn', maxlength: 200, value: a?.nameEn, lang: 'en' });
  const quota = h('input', { name: 'monthlyQuota', type: 'number', min: 0, step: 1, value: a ? a.monthlyQuota : 0 });
  const start = h('input', { name: 'workStart', type: 'time', value: a?.workStart || '08:30' });
  const end = h('input', { name: 'workEnd', type: 'time', value: a?.workEnd === '24:00' ? '00:00' : (a?.workEnd || '16:30') });
  const days = checkboxGroup('agency-days', t('workDays'), 'workDays', DAYS.map(d => [d, t(`day_${d}`)]), a ? a.workDays || [] : DAYS.slice(0, 5));
  const active = h('input', { type: 'checkbox', name: 'active', id: 'agency-active', checked: a ? a.active : true });
  const message = messageBox('agency-message');
  const form = h('form', { class: 'card form edit', id: 'agency-form' },
    h('h2', { class: 'wide' }, creating ? t('newAgency') : `${t('editAgency')} ${a.code}`),
    field('agency-code', t('code'), code, creating ? t('agencyCodeHint') : null), field('agency-office', t('officeCode'), office, t('officeCodeHint')),
    field('agency-name-th', t('nameTh'), nameTh), field('agency-name-en', t('nameEn'), nameEn),
    field('agency-quota', t('quota'), quota), field('agency-start', t('workStart'), start), field('agency-end', t('workEnd'), end),
    h('div', { class: 'wide' }, days), h('label', { class: 'check', for: 'agency-active' }, active, ` ${t('active')}`),
    h('div', { class: 'wide' }, h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'agency-save' }, t('save'))), message));
  let existing = a?.code;
  submitWith(form, message, async () => {
    const json = { officeCode: office.value.trim(), nameTh: nameTh.value.trim(), nameEn: nameEn.value.trim(), monthlyQuota: optionalNumber(quota),
      workDays: checkedValues(days), workStart: start.value, workEnd: end.value, active: active.checked };
    const created = !existing;
    if (created) json.code = code.value.trim();
    const r = await getJson(created ? '/v1/admin/agencies' : `/v1/admin/agencies/${existing}`, { method: created ? 'POST' : 'PATCH', json });
    existing = r.code; // now it exists: further saves change it
    code.disabled = true;
    saved();
    return { r, created };
  }, ({ r, created }) => t(created ? 'agencyCreated' : 'agencySaved', { code: r.code, hours: `${r.workStart}–${r.workEnd}` }));
  return form;
}

export async function services(body) {
  const [catalogue, agencies] = await Promise.all([serviceCatalogue(), agencyList()]);
  const list = h('div', { id: 'service-list' });
  const editor = h('div', { id: 'service-editor' });
  const performed = h('div', { id: 'agency-services' });
  const performedEditor = h('div', { id: 'agency-service-editor' });
  let agency = agencies[0]?.code;
  async function loadCatalogue() {
    catalogue.splice(0, catalogue.length, ...await serviceCatalogue());
    clear(list).append(table([
      { title: t('code'), cell: s => editLink(`service-edit-${s.code}`, s.code, () => openService(s)) },
      { title: t('nameTh'), cell: s => s.nameTh }, { title: t('nameEn'), cell: s => s.nameEn }, { title: t('created'), cell: s => dateTime(s.createdAt) },
    ], catalogue));
  }
  function openService(s) {
    clear(editor).append(serviceForm(s, loadCatalogue));
    editor.querySelector('input:not([disabled])').focus();
  }
  function loadPerformed() {
    const asked = agency;
    return drawFor(performed, asked, () => agency, () => getJson(`/v1/admin/agencies/${asked}/services`), ({ items }) => clear(performed).append(table([
      { title: t('code'), cell: s => editLink(`agency-service-edit-${s.service}`, s.service, () => openPerformed(asked, s)) },
      { title: t('name'), cell: nameOf },
      { title: t('dataset'), cell: s => (s.datasets || []).join(', ') },
      { title: t('active'), cell: s => (s.active ? t('yes') : t('no')) },
      { title: t('rateBurst'), cell: s => `${s.sessionRate ?? t('inherited')} / ${s.sessionBurst ?? t('inherited')}` },
    ], items)));
  }
  function openPerformed(code, s) {
    clear(performedEditor).append(agencyServiceForm(code, s, catalogue, loadPerformed));
    performedEditor.querySelector('select, input').focus();
  }
  const picker = agencyPicker(agencies, code => { agency = code; clear(performedEditor); loadPerformed(); });
  clear(body).append(h('h2', {}, t('catalogue')), list,
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'service-new', onclick: () => openService(null) }, t('newService'))), editor,
    h('h2', {}, t('agencyServices')), h('div', { class: 'card' }, field('services-agency', t('agency'), picker)), performed,
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'agency-service-new', onclick: () => openPerformed(agency, null) }, t('addAgencyService'))),
    performedEditor);
  await Promise.all([loadCatalogue(), agency ? loadPerformed() : null]);
}

function serviceForm(s, saved) {
  const creating = !s;
  const code = h('input', { name: 'code', maxlength: 40, autocomplete: 'off', spellcheck: 'false', value: s?.code, disabled: !creating });
  const nameTh = h('input', { name: 'nameTh', maxlength: 200, value: s?.nameTh, lang: 'th' });
  const nameEn = h('input', { name: 'nameEn', maxlength: 200, value: s?.nameEn, lang: 'en' });
  const message = messageBox('service-message');
  const form = h('form', { class: 'card form edit', id: 'service-form' }, h('h2', { class: 'wide' }, creating ? t('newService') : `${t('editService')} ${s.code}`),
    field('service-code', t('code'), code, creating ? t('serviceCodeHint') : null), field('service-name-th', t('nameTh'), nameTh),
    field('service-name-en', t('nameEn'), nameEn),
    h('div', { class: 'wide' }, h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'service-save' }, t('save'))), message));
  submitWith(form, message, async () => {
    const json = { nameTh: nameTh.value.trim(), nameEn: nameEn.value.trim() };
    const wasCreating = code.disabled === false;
    if (wasCreating) json.code = code.value.trim();
    const r = await getJson(wasCreating ? '/v1/admin/services' : `/v1/admin/services/${encodeURIComponent(code.value)}`,
      { method: wasCreating ? 'POST' : 'PATCH', json });
    code.disabled = true;
    saved();
    return r;
  }, r => t('serviceSaved', { code: r.code }));
  return form;
}

/** What `agency` performs of service `s` (null: add one of the catalogue): datasets, active, session rate and burst. */
function agencyServiceForm(agency, s, catalogue, saved) {
  const service = h('select', { name: 'service', disabled: !!s }, catalogue.map(c => h('option', { value: c.code, selected: c.code === s?.service }, `${c.code} ${nameOf(c)}`)));
  const known = (s?.datasets || []).filter(d => DATASETS.includes(d));
  const datasets = checkboxGroup('agency-service-datasets', t('datasets'), 'datasets', DATASETS.map(d => [d, datasetLabel(d)]), s ? known : ['linkage.person']);
  const other = h('input', { name: 'otherDatasets', autocomplete: 'off', spellcheck: 'false', value: (s?.datasets || []).filter(d => !DATASETS.includes(d)).join(' ') });
  const rate = h('input', { name: 'sessionRate', type: 'number', min: 0.001, step: 'any', value: s?.sessionRate ?? '' });
  const burst = h('input', { name: 'sessionBurst', type: 'number', min: 1, step: 1, value: s?.sessionBurst ?? '' });
  const active = h('input', { type: 'checkbox', name: 'active', id: 'agency-service-active', checked: s ? s.active : true });
  const message = messageBox('agency-service-message');
  const form = h('form', { class: 'card form edit', id: 'agency-service-form' },
    h('h2', { class: 'wide' }, `${agency}: ${s ? s.service : t('addAgencyService')}`),
    field('agency-service-service', t('service'), service), h('div', { class: 'wide' }, datasets),
    field('agency-service-other', t('otherDatasets'), other, t('otherDatasetsHint')),
    field('agency-service-rate', t('sessionRate'), rate, t('inheritHint')), field('agency-service-burst', t('sessionBurst'), burst, t('inheritHint')),
    h('label', { class: 'check', for: 'agency-service-active' }, active, ` ${t('active')}`),
    h('div', { class: 'wide' }, h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'agency-service-save' }, t('save'))), message));
  submitWith(form, message, async () => {
    const extra = other.value.split(/[\s,]+/).filter(Boolean);
    const json = { datasets: [...checkedValues(datasets), ...extra], active: active.checked, sessionRate: optionalNumber(rate), sessionBurst: optionalNumber(burst) };
    if (json.datasets.length === 0) throw new Refusal(t('datasetsRequired'), 'datasets');
    const r = await getJson(`/v1/admin/agencies/${agency}/services/${encodeURIComponent(service.value)}`, { method: 'PUT', json });
    saved();
    return r;
  }, r => t('agencyServiceSaved', { agency: r.agency, service: r.service }));
  return form;
}
