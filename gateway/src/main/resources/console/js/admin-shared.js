// What the admin screens share: names in the chosen language, the agency and service lists, ranks and days.
import { getJson } from './api.js';
import { h, clear } from './dom.js';
import { problemText } from './reports.js';
import { t, has, lang } from './i18n.js';

export const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
/** Thai civil-service levels; which may hold USER is the gateway's configuration (session.linkageRanks). */
export const RANKS = ['O1', 'O2', 'O3', 'O4', 'K1', 'K2', 'K3', 'K4', 'K5', 'M1', 'M2', 'S1', 'S2', 'EMPLOYEE'];
export const ROLES = ['USER', 'CONTROLLING_SUPERVISOR', 'HEAD_OF_AGENCY', 'SUPERVISOR', 'ADMIN', 'SUPER_ADMIN', 'ICT_AUDITOR'];
/** Roles only a SUPER_ADMIN grants, removes, or changes the holders of. */
export const PRIVILEGED = ['ADMIN', 'SUPER_ADMIN', 'ICT_AUDITOR'];
export const DATASETS = ['linkage.person', 'linkage.house', 'gdx.card-check', 'gdx.juristic'];

export const nameOf = x => (lang() === 'th' ? x.nameTh : x.nameEn) || x.nameTh || '';

export async function agencyList() {
  const { items } = await getJson('/v1/admin/agencies?limit=500');
  return items;
}

export async function serviceCatalogue() {
  const { items } = await getJson('/v1/admin/services?limit=500');
  return items;
}

export function agencyPicker(items, onchange, selected) {
  const select = h('select', { name: 'agency' }, items.map(a => h('option', { value: a.code, selected: a.code === selected }, `${a.code} ${nameOf(a)}`)));
  select.addEventListener('change', () => onchange(select.value));
  return select;
}

export function rankPicker(selected) {
  return h('select', { name: 'rank' }, RANKS.map(r => h('option', { value: r, selected: r === selected }, rankLabel(r))));
}

/** A rank as the lists show it: its code and its name ("K1 — ปฏิบัติการ"); an unknown code alone. */
export function rankLabel(code) {
  return code && has(`rank_${code}`) ? `${code} — ${t(`rank_${code}`)}` : (code || '—');
}

/** A dataset as the forms show it: its name and its code ("ข้อมูลบุคคล (linkage.person)"). */
export function datasetLabel(code) {
  return has(`dataset_${code}`) ? `${t(`dataset_${code}`)} (${code})` : code;
}

export function isSuperAdmin(session) {
  return (session.officer.roles || []).includes('SUPER_ADMIN');
}

/** A link-styled button that opens a record's form (keyboard: Tab to it, Enter). */
export function editLink(id, text, onclick) {
  return h('button', { type: 'button', class: 'link', id, onclick }, text);
}

/**
 * Draws into `box` the answer of `fetch()` for the agency `asked`, unless `current()` has moved on meanwhile: the
 * answers to quick changes of an agency picker arrive in any order, and a list left from the agency chosen before
 * would act on that agency. A list of another agency is taken away at once; one of the same agency stays until
 * its new version is drawn. A failure is shown in the box.
 */
export async function drawFor(box, asked, current, fetch, draw) {
  if (box.dataset.agency !== asked) {
    clear(box);
    delete box.dataset.agency;
  }
  try {
    const answer = await fetch();
    if (asked !== current()) return;
    draw(answer);
    box.dataset.agency = asked;
  } catch (e) {
    if (asked !== current()) return;
    clear(box).append(h('div', { class: 'notice bad' }, problemText(e)));
    delete box.dataset.agency;
  }
}
