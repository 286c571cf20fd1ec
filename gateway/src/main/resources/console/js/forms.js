// Forms that change the registry: Enter or the button submits; the server's answer (its problem+json detail on
// a refusal, a confirmation on success) is shown next to the form and focus moves to it; a refused form keeps
// what was typed and marks the field the problem names.
import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { Problem } from './api.js';
import { problemText } from './reports.js';

/** The message area under a form; focusable so that focus can move to it. */
export function messageBox(id) {
  return h('div', { id, class: 'form-message', tabindex: '-1', role: 'status', 'aria-live': 'polite', hidden: true });
}

/** Shows `text` in the message area as a confirmation (`ok`) or a refusal (`bad`), and moves focus to it. */
export function say(box, kind, text, problem) {
  clear(box).append(text);
  box.className = `form-message notice ${kind}`;
  box.dataset.kind = kind;
  if (problem) box.dataset.problem = problem; else delete box.dataset.problem;
  box.hidden = false;
  box.focus();
}

/** A refusal found in the page before anything is sent. */
export class Refusal extends Error {
  constructor(text, field) {
    super(text);
    this.field = field;
  }
}

/**
 * Runs `action` when `form` is submitted; `done(result)` gives the confirmation text. On a refusal the inputs
 * keep their values and the field named by the problem (its `name`) is marked invalid.
 */
export function submitWith(form, box, action, done) {
  form.noValidate = true;
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const button = form.querySelector('button[type=submit]');
    form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
    if (button) button.disabled = true;
    try {
      const result = await action();
      say(box, 'ok', done(result));
    } catch (e) {
      const local = e instanceof Refusal;
      say(box, 'bad', local ? `${t('failed')}: ${e.message}` : problemText(e), e instanceof Problem ? e.slug : 'page');
      const name = local ? e.field : e instanceof Problem ? e.body.field : null;
      const input = name ? form.elements.namedItem(name) : null;
      if (input?.setAttribute) input.setAttribute('aria-invalid', 'true');
    } finally {
      if (button) button.disabled = false;
    }
  });
}

/** A group of checkboxes with a legend; `options` are [value, label] pairs. Read it with `checkedValues`. */
export function checkboxGroup(id, legend, name, options, checked = [], disabled = () => false, hint = null) {
  return h('fieldset', { class: 'checks', id },
    h('legend', {}, legend),
    options.map(([value, label]) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name, value, checked: checked.includes(value), disabled: disabled(value) }), ` ${label}`)),
    hint ? h('div', { class: 'hint' }, hint) : null);
}

export function checkedValues(group) {
  return [...group.querySelectorAll('input[type=checkbox]:checked')].map(i => i.value);
}

/** A number input's value, or undefined when empty (the API then keeps or inherits the value). */
export function optionalNumber(input) {
  return input.value.trim() === '' ? undefined : Number(input.value);
}

/**
 * A button for what cannot be undone (revoking a device, an agency's API key): the first press only asks (the button
 * then reads `confirmText`, for screen readers too), the second does `action`; Escape or focus leaving it cancels.
 */
export function confirmButton(id, label, ariaLabel, confirmText, action) {
  const button = h('button', { type: 'button', class: 'danger', id, 'aria-label': ariaLabel }, label);
  const reset = () => {
    delete button.dataset.armed;
    button.textContent = label;
    button.setAttribute('aria-label', ariaLabel);
  };
  button.addEventListener('click', async () => {
    if (!button.dataset.armed) {
      button.dataset.armed = 'true';
      button.textContent = confirmText;
      button.setAttribute('aria-label', confirmText);
      return;
    }
    reset();
    button.disabled = true; // one request: a third press while it runs asked again, and a fourth sent a second one
    try {
      await action();
    } finally {
      button.disabled = false;
    }
  });
  button.addEventListener('keydown', ev => { if (ev.key === 'Escape') reset(); });
  button.addEventListener('blur', reset);
  return button;
}
