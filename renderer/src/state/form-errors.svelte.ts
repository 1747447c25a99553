/**
 * The errors of one form: by field (all that the checks before sending found, or the one the
 * server names), else one for the whole form. Also moves focus to the first wrong field.
 */
import { tick } from 'svelte';
import { ApiError, errorMessage } from '../lib/api';
import { errorField } from '../lib/field-errors';
import type { FieldErrors } from '../lib/form-checks';

const CONTROL = 'input, textarea, select';

export class FormErrors<F extends string> {
  fields = $state<FieldErrors<F>>({});
  form = $state<string | null>(null);

  /**
   * @param names the form's fields, in the order they appear (the first wrong one gets focus)
   * @param idPrefix controls are `#<idPrefix>-<field>`, or inside `[data-field="<field>"]`
   * @param formFocus the field to focus when the error belongs to the whole form
   */
  constructor(
    private readonly names: readonly F[],
    private readonly idPrefix: string,
    private readonly formFocus?: F,
  ) {}

  /**
   * Shows what the checks found; with nothing found, sends and shows the server's error if it
   * fails. Focus moves to the field at fault. Resolves true when sent.
   */
  async submit(found: FieldErrors<F>, send: () => Promise<unknown>): Promise<boolean> {
    this.clear();
    const first = this.names.find((n) => found[n]);
    if (first) {
      this.fields = found;
      await this.#focus(first);
      return false;
    }
    try {
      await send();
      return true;
    } catch (e) {
      await this.#focus(this.apply(e) ?? this.formFocus);
      return false;
    }
  }

  /** Records a server error; returns the field it belongs to, if any. */
  apply(e: unknown): F | null {
    this.clear();
    if (e instanceof ApiError) {
      const field = errorField(e, this.names) as F | null;
      if (field) {
        this.fields[field] = e.message;
        return field;
      }
    }
    this.form = errorMessage(e);
    return null;
  }

  clearField(name: F): void {
    if (this.fields[name]) delete this.fields[name];
  }

  clear(): void {
    this.fields = {};
    this.form = null;
  }

  async #focus(field: F | undefined): Promise<void> {
    if (!field) return;
    await tick();
    const el =
      document.getElementById(`${this.idPrefix}-${field}`) ??
      document.querySelector(`[data-field="${field}"]`);
    (el?.matches(CONTROL) ? el : el?.querySelector<HTMLElement>(CONTROL))?.focus();
  }
}
