/** Server errors for one form: by field when the server names one, else for the whole form. */
import { ApiError, errorMessage } from '../lib/api';
import { errorField } from '../lib/field-errors';

export class FormErrors<F extends string> {
  fields = $state<Partial<Record<F, string>>>({});
  form = $state<string | null>(null);

  constructor(private readonly names: readonly F[]) {}

  /** Records the error; returns the field it belongs to (to move focus there), if any. */
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
}
