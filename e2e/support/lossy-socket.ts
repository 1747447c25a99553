import type { Page } from '@playwright/test';

/**
 * Puts the page's live socket through a relay that drops `chat.send` frames while `lose` is
 * set: a network that loses one message and keeps the connection up, so no echo ever comes.
 * Call before the page opens the forum.
 */
export async function lossyChatSends(page: Page): Promise<{ lose: boolean }> {
  const control = { lose: false };
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((frame) => {
      if (!(control.lose && String(frame).includes('"chat.send"'))) server.send(frame);
    });
    server.onMessage((frame) => ws.send(frame));
  });
  return control;
}
