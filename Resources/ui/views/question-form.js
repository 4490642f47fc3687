// A question of the agent as a form: one field per QuestionItem (choices as radio buttons or
// checkboxes, numbers with the schema's bounds, yes/no, text), checked as the API checks it
// (required, type, choices, bounds) before it is sent; the API's own 400 is shown too.

import { h, describeError, statusLine } from '../dom.js';

let formCounter = 0;

/** The form for `question` (mode form or url); `submit(answer)` sends `{answers}` or `{action}`. */
export function questionForm(question, submit) {
  formCounter += 1;
  const prefix = `q${formCounter}`;
  const status = statusLine();
  const form = h('form', { class: 'question-form', novalidate: true });
  const buttons = [];
  const finish = async (answer) => {
    for (const button of buttons) button.disabled = true;
    try {
      await submit(answer);
      status.show('Sent.');
    } catch (error) {
      status.show(describeError(error), true);
      for (const button of buttons) button.disabled = false;
    }
  };

  if (question.mode === 'url') {
    form.append(h('p', {}, 'Open ', h('a', { href: safeURL(question.url), target: '_blank', rel: 'noopener noreferrer' }, question.url),
      ', then accept.'));
    buttons.push(h('button', { type: 'submit' }, 'Accept'));
    form.addEventListener('submit', (event) => { event.preventDefault(); finish({ action: 'accept' }); });
  } else {
    const properties = question.requestedSchema?.properties || {};
    const fields = (question.questions || []).map((item) => field(item, properties[item.id] || {}, `${prefix}-${item.id}`));
    form.append(...fields.map((f) => f.element));
    buttons.push(h('button', { type: 'submit' }, 'Answer'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const answers = {};
      for (const f of fields) {
        const { value, problem } = f.read();
        f.showProblem(problem);
        if (problem) { status.show(`${f.item.text}: ${problem}`, true); f.focus(); return; }
        if (value !== undefined) answers[f.item.id] = value;
      }
      finish({ answers });
    });
  }
  buttons.push(
    h('button', { type: 'button', class: 'secondary', onclick: () => finish({ action: 'decline' }) }, 'Decline'),
    h('button', { type: 'button', class: 'secondary', onclick: () => finish({ action: 'cancel' }) }, 'Cancel'));
  form.append(h('div', { class: 'actions' }, buttons), status);
  return form;
}

function safeURL(url) {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:'].includes(parsed.protocol) ? parsed.href : '#';
  } catch { return '#'; }
}

/** One question: its element, `read() → {value, problem}`, `showProblem(text)`, `focus()`. */
function field(item, schema, id) {
  const label = `${item.header ? `${item.header}: ` : ''}${item.text}${item.required ? ' (required)' : ''}`;
  const hint = h('p', { class: 'field-problem', id: `${id}-problem`, 'aria-live': 'polite' });
  const options = item.options || [];
  let element;
  let read;
  let focusable;
  const isMulti = item.type === 'array' || item.multiSelect;
  if (options.length) {
    const inputs = options.map((option, index) => h('input', {
      type: isMulti ? 'checkbox' : 'radio', name: id, value: option.label, id: `${id}-${index}`,
    }));
    element = h('fieldset', { class: 'field', 'aria-describedby': `${id}-problem` }, h('legend', {}, label),
      options.map((option, index) => h('label', { class: 'choice', for: `${id}-${index}` }, inputs[index], ` ${option.label}`,
        option.description ? h('span', { class: 'muted' }, ` — ${option.description}`) : null)), hint);
    focusable = inputs[0];
    read = () => {
      const chosen = inputs.filter((input) => input.checked).map((input) => input.value);
      if (isMulti) {
        if (item.required && chosen.length === 0) return { problem: 'choose at least one' };
        if (schema.minItems !== undefined && chosen.length < schema.minItems) return { problem: `choose at least ${schema.minItems}` };
        if (schema.maxItems !== undefined && chosen.length > schema.maxItems) return { problem: `choose at most ${schema.maxItems}` };
        return { value: chosen.length || item.required ? chosen : undefined };
      }
      if (chosen.length === 0) return item.required ? { problem: 'choose one' } : {};
      return { value: chosen[0] };
    };
  } else if (item.type === 'boolean') {
    const input = h('input', { type: 'checkbox', id });
    element = h('div', { class: 'field' }, h('label', { for: id }, input, ` ${label}`), hint);
    focusable = input;
    read = () => ({ value: input.checked });
  } else {
    const numeric = item.type === 'number' || item.type === 'integer';
    const input = h('input', {
      id, type: numeric ? 'number' : 'text', step: item.type === 'integer' ? '1' : numeric ? 'any' : false,
      min: schema.minimum ?? false, max: schema.maximum ?? false, required: item.required,
      minlength: schema.minLength ?? false, maxlength: schema.maxLength ?? false, 'aria-describedby': `${id}-problem`,
    });
    element = h('div', { class: 'field' }, h('label', { for: id }, label), input, hint);
    focusable = input;
    read = () => {
      const text = input.value.trim();
      if (text === '') return item.required ? { problem: 'an answer is required' } : {};
      if (!numeric) {
        if (schema.minLength !== undefined && text.length < schema.minLength) return { problem: `at least ${schema.minLength} characters` };
        return { value: text };
      }
      const number = Number(text);
      if (!Number.isFinite(number)) return { problem: 'must be a number' };
      if (item.type === 'integer' && !Number.isInteger(number)) return { problem: 'must be a whole number' };
      if (schema.minimum !== undefined && number < schema.minimum) return { problem: `must be at least ${schema.minimum}` };
      if (schema.maximum !== undefined && number > schema.maximum) return { problem: `must be at most ${schema.maximum}` };
      return { value: number };
    };
  }
  return {
    item, element, read,
    focus: () => focusable.focus(),
    showProblem: (problem) => {
      hint.textContent = problem || '';
      focusable.setAttribute('aria-invalid', problem ? 'true' : 'false');
    },
  };
}
