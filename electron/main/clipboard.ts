/**
 * Copy to the clipboard. Since Electron 44 `clipboard.writeText` returns a promise that
 * can reject (no clipboard owner on a headless or locked-down Linux session, for one); the
 * failure is logged and told to the user instead of surfacing as an unhandled rejection.
 */
export interface ClipboardLike {
  writeText(text: string): Promise<void>;
}

export async function copyToClipboard(
  clipboard: ClipboardLike,
  text: string,
  report: { log(line: string): void; tell(message: string): void },
): Promise<boolean> {
  try {
    await clipboard.writeText(text);
    return true;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    report.log(`[clipboard] copy failed: ${why}`);
    report.tell(`Could not copy to the clipboard (${why}). Select the text and copy it by hand.`);
    return false;
  }
}
