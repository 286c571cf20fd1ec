// Monthly reports: the agency's (USER submits, CONTROLLING_SUPERVISOR verifies, HEAD_OF_AGENCY reviews and
// sends or escalates), those a SUPERVISOR received, and those escalated to ICT. Overdue ones first.
import { call, getJson, query, Problem } from './api.js';
import { h, clear, table, field, download, toast } from './dom.js';
import { t, tOr, has, lang, dateTime, date, num, month, problemTitle } from './i18n.js';

const STEPS = {
  DRAFT: [['submit', 'USER']],
  SUBMITTED: [['verify', 'CONTROLLING_SUPERVISOR']],
  VERIFIED: [['review', 'HEAD_OF_AGENCY']],
  REVIEWED: [['send', 'HEAD_OF_AGENCY'], ['escalate', 'HEAD_OF_AGENCY']],
};

function bangkokMonth(offset = 0) {
  const now = new Date(Date.now() + 7 * 3600 * 1000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** scope: 'agency' (the officer's own agency), 'received' (SUPERVISOR), 'escalated' (ICT). */
export function render(ctx, scope, base = scope === 'agency' ? 'reports' : scope) {
  const { container, path } = ctx;
  if (path[0] === 'preview') return showReport(ctx, `/v1/reports/monthly${query({ agency: ctx.session.agency, month: path[1] })}`, base);
  if (path[0]) return showReport(ctx, `/v1/reports/${encodeURIComponent(path[0])}`, base);
  const title = { agency: 'reportsTitle', received: 'receivedTitle', escalated: 'escalatedTitle' }[scope];
  container.append(h('h1', {}, t(title)));
  const list = h('div', { id: 'report-list' }, h('p', { class: 'muted' }, t('loading')));
  if (scope === 'agency') {
    const m = h('input', { type: 'month', value: bangkokMonth(-1) });
    const status = h('span', { class: 'small', role: 'status' });
    container.append(h('div', { class: 'card actions' },
      h('button', { type: 'button', class: 'secondary', id: 'report-preview', onclick: () => ctx.navigate(`#${base}/preview/${bangkokMonth(0)}`) }, t('preview')),
      field('report-month', t('month'), m),
      h('button', { type: 'button', id: 'report-generate', onclick: async () => {
        try {
          const r = await getJson('/v1/reports', { method: 'POST', json: { agency: ctx.session.agency, month: m.value } });
          ctx.navigate(`#${base}/${r.workflow.reportId}`);
        } catch (e) { status.textContent = problemText(e); }
      } }, t('generate')), status));
  }
  container.append(list);
  const params = scope === 'agency' ? { agency: ctx.session.agency } : scope === 'escalated' ? { state: 'ESCALATED_TO_ICT' } : {};
  loadList(list, params, base, ctx);
  return null;
}

export async function loadList(list, params, base, ctx) {
  try {
    const { items, truncated } = await getJson(`/v1/reports${query(params)}`);
    clear(list);
    if (truncated) list.append(h('div', { class: 'notice warn', id: 'reports-truncated' }, t('reportsTruncated')));
    list.append(items.length === 0 ? h('p', { class: 'muted' }, t('noReports')) : table([
      { title: t('agency'), cell: r => `${r.agency} ${(lang() === 'th' ? r.agencyNameTh : r.agencyNameEn) || r.agencyNameTh || ''}` },
      { title: t('month'), cell: r => h('a', { href: `#${base}/${r.id}`, class: 'report-link', dataset: { state: r.state } }, month(r.month)) },
      { title: t('version'), num: true, cell: r => r.version },
      { title: t('state'), cell: r => badge(r.state) },
      { title: t('anomalies'), num: true, cell: r => r.anomalies ? h('span', { class: 'badge bad' }, r.anomalies) : '0' },
      { title: t('verifyDue'), cell: r => date(r.verifyDue) },
      { title: t('sendDue'), cell: r => date(r.sendDue) },
      { title: t('overdue'), cell: r => (r.overdue || []).map(s => h('span', { class: 'badge bad', dataset: { overdue: s } }, t(`overdue_${s}`))) },
    ], items, r => ({ class: (r.overdue || []).length ? 'overdue' : null })));
  } catch (e) {
    clear(list).append(h('div', { class: 'notice bad' }, problemText(e)));
  }
}

function badge(s) {
  const tone = s === 'ESCALATED_TO_ICT' ? 'bad' : s === 'SENT_TO_SUPERVISOR' ? 'ok' : s === 'DRAFT' ? 'warn' : '';
  return h('span', { class: `badge ${tone}`, dataset: { state: s } }, t(`st_${s}`));
}

export function problemText(e) {
  if (!(e instanceof Problem)) return t('failed');
  // no answer (the browser's own message is English and says nothing more), or an answer that is not a problem
  if (e.status === 0) return `${t('failed')}: ${t('p_unreachable')}`;
  if (!e.body.detail && !e.body.title) return `${t('failed')}: ${t('p_http', { status: e.status })}`;
  // in Thai the type's Thai title first, then the gateway's detail (English) for what it says about this case
  if (lang() === 'th' && has(`pt_${e.slug}`)) {
    return `${t('failed')}: ${problemTitle(e.slug)}${e.body.detail ? ` — ${e.body.detail}` : ''} (${e.slug})`;
  }
  return `${t('failed')}: ${e.body.detail || e.body.title} (${e.slug})`;
}

async function showReport(ctx, url, base) {
  const { container } = ctx;
  container.append(h('p', {}, h('a', { href: `#${base}` }, `← ${t('back')}`)));
  const box = h('div', { id: 'report' }, h('p', { class: 'muted' }, t('loading')));
  container.append(box);
  try {
    const report = await getJson(url);
    fill(ctx, box, report, base);
  } catch (e) {
    clear(box).append(h('div', { class: 'notice bad' }, problemText(e)));
  }
  return null;
}

function fill(ctx, box, r, base) {
  clear(box);
  const w = r.workflow || {};
  const name = lang() === 'th' ? r.agency.nameTh : r.agency.nameEn;
  box.append(h('h1', {}, `${t('reportsTitle')}: ${name} — ${month(r.month)}`),
    h('div', { class: 'card' },
      h('p', {}, `${t('state')}: `, badge(w.state), ` · ${t('version')} ${r.version}`,
        w.verifyDue ? ` · ${t('verifyDue')} ${date(w.verifyDue)}` : '', w.sendDue ? ` · ${t('sendDue')} ${date(w.sendDue)}` : ''),
      h('p', { class: 'small muted' }, `${dateTime(r.generatedAt)} · SHA-256 `, h('span', { class: 'mono' }, w.contentHash || '—')),
      w.reportId ? h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'download-csv', onclick: () => save(w.reportId, 'csv', 'text/csv', r) }, t('downloadCsv')),
        h('button', { type: 'button', class: 'secondary', id: 'download-pdf', onclick: () => save(w.reportId, 'pdf', 'application/pdf', r) }, t('downloadPdf'))) : null),
    h('h2', {}, t('totals')),
    h('div', { class: 'totals' }, ['requests', 'served', 'refused', 'upstreamErrors', 'cacheHits', 'distinctCitizens', 'withoutRequestRef']
      .map(k => h('div', {}, h('b', {}, num(r.totals?.[k])), t(`t_${k}`)))),
    h('h2', {}, t('anomalies')), anomalies(r),
    h('div', { class: 'grid2' },
      h('div', {}, h('h2', {}, t('perService')), table([
        { title: t('service'), cell: s => `${s.code} ${lang() === 'th' ? s.nameTh || '' : s.nameEn || ''}` },
        { title: t('t_requests'), num: true, cell: s => num(s.requests) },
        { title: t('t_served'), num: true, cell: s => num(s.served) },
        { title: t('t_refused'), num: true, cell: s => num(s.refused) }], r.services || [])),
      h('div', {}, h('h2', {}, t('perOfficer')), table([
        { title: t('officer'), cell: o => (lang() === 'th' ? o.nameTh : o.nameEn) || o.nameTh }, // an English name is optional
        { title: t('t_requests'), num: true, cell: o => num(o.requests) },
        { title: t('t_refused'), num: true, cell: o => num(o.refused) },
        { title: t('t_withoutRequestRef'), num: true, cell: o => num(o.withoutRequestRef) }], r.officers || []))),
    h('h2', {}, t('signOffs')), signOffs(w.signOffs || []),
    action(ctx, r, box, base));
}

/** The anomalies listed, then how many more each rule found without listing them (as the CSV and PDF say). */
function anomalies(r) {
  const list = r.anomalies || [];
  const notListed = r.anomaliesNotListed || [];
  if (list.length === 0 && notListed.length === 0) return h('p', { class: 'notice ok', id: 'no-anomaly' }, t('noAnomaly'));
  return h('div', { id: 'anomalies' }, list.map(a => h('div', { class: 'card anomaly', dataset: { rule: a.rule } },
    h('h3', {}, lang() === 'th' ? a.titleTh : a.titleEn, ' ', h('span', { class: 'badge bad' }, a.rule)),
    h('p', { class: 'anomaly-subject' }, subject(a, r.officers || [])),
    h('p', { class: 'small' }, `${t('figures')}: `, Object.entries(a.figures || {}).map(([k, v]) => `${figure(k)} = ${num(v)}`).join(' · ')),
    h('details', {}, h('summary', {}, `${t('evidence')} (${(a.usageIds || []).length})`),
      h('ul', { class: 'mono small' }, (a.usageIds || []).map(id => h('li', {}, id)))))),
  notListed.map(u => {
    // a rule's list is cut only when it is full: its title is that of the anomalies of the same rule listed above
    const same = list.find(a => a.rule === u.rule);
    const title = same ? (lang() === 'th' ? same.titleTh : same.titleEn) : null;
    return h('p', { class: 'notice warn anomalies-not-listed', dataset: { rule: u.rule } },
      title ? `${title}: ` : '', t('notListed', { n: num(u.count) }), ' ', h('span', { class: 'badge bad' }, u.rule));
  }));
}

/**
 * Whom an anomaly is about, in the page's language: a citizen's hash prefix as it is; an officer's Thai name, or
 * on the English page their English name (the report's subjectEn; in a report stored before it had one, the English
 * name of the report's only officer line with that Thai name), the Thai one when there is none.
 */
function subject(a, officers) {
  if (lang() === 'th') return a.subject;
  if (a.subjectEn) return a.subjectEn;
  const same = officers.filter(o => o.nameTh === a.subject);
  return same.length === 1 && same[0].nameEn ? same[0].nameEn : a.subject;
}

/** A figure's label (the key itself for one this page does not know). */
function figure(key) {
  return tOr(`fig_${key}`, key);
}

function signOffs(list) {
  if (list.length === 0) return h('p', { class: 'muted' }, '—');
  return h('ol', { class: 'steps', id: 'signoffs' }, list.map(s => h('li', { class: 'done', dataset: { step: s.step } },
    h('strong', {}, t(`s_${s.step}`)), ` — ${s.officerName} (${t(`role_${s.role}`)}) · ${dateTime(s.at)}`,
    h('div', { class: 'small' }, `${t('comment')}: ${s.comment}`))));
}

function action(ctx, r, box, base) {
  const w = r.workflow || {};
  const roles = ctx.session.officer.roles;
  const mine = r.agency.code === ctx.session.agency && w.reportId
    ? (STEPS[w.state] || []).filter(([, role]) => roles.includes(role)) : [];
  const section = h('section', { class: 'card', id: 'report-action' }, h('h2', {}, t('yourStep')));
  if (mine.length === 0) {
    section.append(h('p', { class: 'muted' }, t('noStep')));
    return section;
  }
  const comment = h('textarea', { maxlength: 2000, required: true });
  const status = h('div', { role: 'status', class: 'field-error', id: 'action-status' });
  const buttons = mine.map(([step]) => h('button', { type: 'button', id: `step-${step}`, class: step === 'escalate' ? 'danger' : null, onclick: async () => {
    if (!comment.value.trim()) { status.textContent = t('commentRequired'); comment.focus(); return; }
    buttons.forEach(b => { b.disabled = true; });
    try {
      const updated = await getJson(`/v1/reports/${w.reportId}/${step}`, { method: 'POST', json: { comment: comment.value.trim(), contentHash: w.contentHash } });
      fill(ctx, box, updated, base);
      box.querySelector('h1')?.focus?.();
    } catch (e) {
      status.textContent = problemText(e);
      buttons.forEach(b => { b.disabled = false; });
    }
  } }, t(`a_${step}`)));
  section.append(field('action-comment', t('comment'), comment), status, h('div', { class: 'actions' }, buttons));
  return section;
}

/** Downloads the report as CSV or PDF; a failure (the PDF worker, a proxy's timeout) is shown, not left in the console. */
async function save(id, format, accept, r) {
  try {
    const res = await call(`/v1/reports/${id}${query({ format })}`, { accept });
    download(await res.blob(), `linkgate-report-${r.agency.code}-${r.month}-v${r.version}.${format}`);
  } catch (e) {
    toast(problemText(e));
  }
}
