import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';

// Placeholder shell until the desktop issue lands: one secure window on the launcher.
app.whenReady().then(() => {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  void win.loadFile(join(import.meta.dirname, '../renderer/launcher.html'));
});
app.on('window-all-closed', () => app.quit());
