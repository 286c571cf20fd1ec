// ADMIN / SUPER_ADMIN: officers of an agency; register one (citizen ID with its check digit hinted in the page,
// names, rank, roles, services), change one's names, rank, roles, services or active, unlock one. The server
// decides (ranks that may hold USER, ADMIN and SUPER_ADMIN by a SUPER_ADMIN only, nobody their own roles); the
// page greys out what it knows the server will refuse and shows the server's detail otherwise.
import { getJson, query } from './api.js';
import { h, clear, table, field } from './dom.js';
import { t } from './i18n.js';
import { problemText } from './reports.js';
import { validCitizenId } from './lookup.js';
import { messageBox, say, submitWith, checkboxGroup, checkedValues } from './forms.js';
import { ROLES, PRIVILEGED, nameOf, rankLabel, agencyList, serviceCatalogue, agencyPicker, rankPicker, isSuperAdmin, editLink, drawFor } from './admin-shared.js';

export async function officers(body, ctx) {
  const [agencies, catalogue] = await Promise.all([agencyList(), serviceCatalogue()]);
  let agency = agencies[0]?.code;
  const list = h('div', { id: 'officer-list' });
  const editor = h('div', { id: 'officer-editor' });
  const listMessage = messageBox('officer-list-message');
  const picker = agencyPicker(agencies, code => {
    // another agency's list: nothing of the last one's (its cursor above all) may carry over
    agency = code; rows = []; cursor = null; more.hidden = true;
    clear(editor); load();
  });
  // 500 at a time: "More" follows the list's cursor, so that every officer of a large agency can be found
  const more = h('button', { type: 'button', class: 'secondary', id: 'officer-more', hidden: true, onclick: () => load(true) }, t('more'));
  let rows = [];
  let cursor = null;
  let loads = 0;

  function load(next = false) {
    const asked = agency;
    const after = next ? cursor : null;
    const mine = ++loads;
    // a load overtaken by a later one (a reload after unlock, another "More") draws nothing, its answer or its failure
    const current = () => (mine === loads ? agency : undefined);
    return drawFor(list, asked, current, () => getJson(`/v1/admin/officers${query({ agency: asked, limit: 500, cursor: after })}`), page => {
      rows = after ? rows.concat(page.items) : page.items;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      drawList();
    });
  }

  function drawList() {
    clear(list).append(table([
      { title: t('name'), cell: o => editLink(`officer-edit-${o.id}`, nameOf(o), () => open(o)) },
      { title: t('rank'), cell: o => rankLabel(o.rank) },
      { title: t('roles'), cell: o => (o.roles || []).map(r => t(`role_${r}`)).join(', ') },
      { title: t('services'), cell: o => (o.services || []).join(', ') },
      { title: t('active'), cell: o => (o.active ? t('yes') : t('no')) },
      { title: t('locked'), cell: o => (o.locked ? [h('span', { class: 'badge bad' }, t('locked')), ' ',
        h('button', { type: 'button', class: 'secondary small', id: `officer-unlock-${o.id}`, onclick: () => unlock(o) }, t('unlock'))] : '—') },
    ], rows, o => ({ dataset: { officer: o.id } })));
  }

  async function unlock(o) {
    try {
      await getJson(`/v1/admin/officers/${o.id}/unlock`, { method: 'POST' });
      say(listMessage, 'ok', t('unlocked', { name: nameOf(o) }));
    } catch (e) {
      say(listMessage, 'bad', problemText(e), e.slug);
    }
    load();
  }

  /** The form for `o` as the server has it now (the list may be older than the last save), or a new officer's. */
  async function open(o) {
    let current = null;
    if (o) {
      try {
        current = await getJson(`/v1/admin/officers/${o.id}`);
      } catch (e) {
        say(listMessage, 'bad', problemText(e), e.slug);
        return;
      }
    }
    clear(editor).append(officerForm({ officer: current, agency: current?.agency || agency, agencies, catalogue, session: ctx.session, saved: load }));
    editor.querySelector('input:not([disabled]), select:not([disabled])').focus();
  }

  clear(body).append(h('div', { class: 'card' }, field('officers-agency', t('agency'), picker)), listMessage, list,
    h('div', { class: 'actions' }, more, h('button', { type: 'button', id: 'officer-new', onclick: () => open(null) }, t('registerOfficer'))), editor);
  if (agency) await load();
}

/** Register (`officer` null) or change one officer. */
function officerForm({ officer, agency, agencies, catalogue, session, saved }) {
  const creating = !officer;
  const superAdmin = isSuperAdmin(session);
  const self = officer && officer.id === session.officer.id;
  const privileged = officer && (officer.roles || []).some(r => PRIVILEGED.includes(r));
  const locked = privileged && !superAdmin; // only a SUPER_ADMIN changes an officer holding ADMIN or SUPER_ADMIN
  const cid = creating ? h('input', { name: 'citizenId', inputmode: 'numeric', maxlength: 13, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'officer-cid-check' }) : null;
  const cidCheck = h('div', { class: 'hint', id: 'officer-cid-check', 'aria-live': 'polite' }, t('citizenIdHint'));
  const agencySelect = creating ? agencyPicker(agencies, () => drawServices(), agency) : null;
  const nameTh = h('input', { name: 'nameTh', maxlength: 200, value: officer?.nameTh, lang: 'th', disabled: locked });
  const nameEn = h('input', { name: 'nameEn', maxlength: 200, value: officer?.nameEn, lang: 'en', disabled: locked });
  const rank = rankPicker(officer?.rank || 'K1');
  rank.disabled = locked;
  const roles = checkboxGroup('officer-roles', t('roles'), 'roles', ROLES.map(r => [r, t(`role_${r}`)]), officer?.roles || ['USER'],
    r => locked || self || (PRIVILEGED.includes(r) && !superAdmin), self ? t('ownRolesHint') : superAdmin ? null : t('privilegedHint'));
  const servicesBox = h('div', { class: 'wide', id: 'officer-services-box' });
  let services = officer?.services || [];
  const active = creating ? null : h('input', { type: 'checkbox', name: 'active', id: 'officer-active', checked: officer.active, disabled: locked });
  const message = messageBox('officer-message');

  let drawn = false;
  /**
   * A USER's services are those the agency performs; a SUPERVISOR's any of the national catalogue. A service the
   * officer holds that is not offered now (the agency's service deactivated, kept by the server) stays listed and
   * ticked, so that saving other changes does not take it away; unticking it does. Until the list is drawn the
   * form sends the services the officer had.
   */
  async function drawServices() {
    const code = creating ? agencySelect.value : officer.agency;
    const userRole = checkedValues(roles).includes('USER');
    let options = catalogue;
    try {
      if (userRole) {
        const { items } = await getJson(`/v1/admin/agencies/${code}/services`);
        options = items.filter(s => s.active).map(s => ({ code: s.service, nameTh: s.nameTh, nameEn: s.nameEn }));
      }
    } catch (e) {
      say(message, 'bad', problemText(e), e.slug);
      return;
    }
    const offered = new Set(options.map(s => s.code));
    const choices = options.map(s => [s.code, `${s.code} ${nameOf(s)}`])
      .concat(services.filter(c => !offered.has(c)).map(c => [c, t('serviceKept', { service: c })]));
    clear(servicesBox).append(checkboxGroup('officer-services', t('services'), 'services', choices,
      services, () => locked, userRole ? t('userServicesHint', { agency: code }) : t('supervisorServicesHint')));
    drawn = true;
  }
  servicesBox.addEventListener('change', () => { services = checkedValues(servicesBox); });
  roles.addEventListener('change', () => drawServices());

  if (cid) {
    cid.addEventListener('input', () => {
      const v = cid.value.replace(/[\s-]/g, '');
      cidCheck.textContent = v.length < 13 ? t('citizenIdHint') : validCitizenId(v) ? t('cidOk') : t('cidBad');
      cidCheck.className = `hint ${v.length === 13 ? (validCitizenId(v) ? 'good' : 'field-error') : ''}`;
    });
  }
  const form = h('form', { class: 'card form edit', id: 'officer-form' },
    h('h2', { class: 'wide' }, creating ? t('registerOfficer') : `${t('editOfficer')}: ${nameOf(officer)}`),
    locked ? h('div', { class: 'wide notice warn' }, t('superAdminOnly')) : null,
    creating ? h('div', {}, h('label', { for: 'officer-cid' }, t('citizenId')), Object.assign(cid, { id: 'officer-cid' }), cidCheck) : null,
    creating ? field('officer-agency', t('agency'), agencySelect) : null,
    field('officer-name-th', t('nameTh'), nameTh), field('officer-name-en', t('nameEn'), nameEn), field('officer-rank', t('rank'), rank, t('rankHint')),
    h('div', { class: 'wide' }, roles), servicesBox,
    active ? h('label', { class: 'check', for: 'officer-active' }, active, ` ${t('active')}`) : null,
    h('div', { class: 'wide' }, h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'officer-save', disabled: locked }, creating ? t('register') : t('save'))), message));
  submitWith(form, message, async () => {
    const json = { nameTh: nameTh.value.trim(), nameEn: nameEn.value.trim(), rank: rank.value, roles: checkedValues(roles),
      services: drawn ? checkedValues(servicesBox) : services };
    if (creating) {
      const r = await getJson('/v1/admin/officers', { method: 'POST', json: { ...json, citizenId: cid.value.replace(/[\s-]/g, ''), agency: agencySelect.value } });
      form.reset();
      cid.dispatchEvent(new Event('input'));
      services = [];
      drawServices();
      saved();
      return t('officerRegistered', { name: json.nameTh, agency: r.agency });
    }
    if (self) delete json.roles; // nobody changes their own roles
    const r = await getJson(`/v1/admin/officers/${officer.id}`, { method: 'PATCH', json: { ...json, active: active.checked } });
    saved();
    return t('officerSaved', { name: r.nameTh }) + (r.sessionsEnded ? ` ${t('sessionsEnded', { n: r.sessionsEnded })}` : '');
  }, text => text);
  drawServices();
  return form;
}
