/**
 * The app's identity on Windows. Plain data (no Electron import) so the packaging test can
 * compare it with build/electron-builder.yml.
 */

/**
 * The AppUserModelId set at start-up. It must equal `appId` in build/electron-builder.yml:
 * the installer registers the Start-menu shortcut under that id, and Windows shows a
 * toast's name and icon only when the running app's id matches the shortcut's.
 */
export const APP_USER_MODEL_ID = 'org.hearth.desktop';
