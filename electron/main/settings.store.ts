/** App settings in `settings.json` in userData, with defaults for every field. */
import { join } from 'node:path';
import { z } from 'zod';
import { openJsonFile } from './json-file.store';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const settingsSchema = z.object({
  /**
   * Closing the window hides it to the tray instead of quitting. null until the user
   * chooses: then it hides only where a tray icon shows (tray-support.ts).
   */
  closeToTray: z.boolean().nullable().default(null),
  /** The "Hearth is still running in the tray" notice was shown once. */
  closeToTrayNoticeShown: z.boolean().default(false),
  dnd: z.boolean().default(false),
  quietHours: z.strictObject({ start: hhmm, end: hhmm }).nullable().default(null),
  startAtLogin: z.boolean().default(false),
  /** Reopen the last used forum at start instead of showing the launcher. */
  openLastOnStart: z.boolean().default(true),
});
export type Settings = z.infer<typeof settingsSchema>;

export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
  readonly warnings: readonly string[];
}

export function openSettingsStore(
  userDataDir: string,
  log: (message: string) => void,
): SettingsStore {
  const file = openJsonFile(
    join(userDataDir, 'settings.json'),
    settingsSchema,
    () => settingsSchema.parse({}),
    log,
  );
  let settings = file.read();
  return {
    get: () => ({ ...settings }),
    update(patch) {
      settings = settingsSchema.parse({ ...settings, ...patch });
      file.write(settings);
      return { ...settings };
    },
    get warnings() {
      return file.warnings;
    },
  };
}
