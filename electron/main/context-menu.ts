/**
 * The right-click menu of the forum and launcher pages, as data: a pure function of
 * Electron's `context-menu` params. index.ts builds it with Menu.buildFromTemplate and
 * pops it up. Cut/copy/paste/select all use Electron's roles (they act on the focused
 * page); spelling items replace the word or add it to the dictionary.
 */

/** The parts of Electron's ContextMenuParams read here. */
export interface ContextMenuParamsLike {
  isEditable: boolean;
  selectionText: string;
  linkURL: string;
  misspelledWord: string;
  dictionarySuggestions: string[];
  editFlags: { canCut: boolean; canCopy: boolean; canPaste: boolean; canSelectAll: boolean };
}

export interface ContextMenuActions {
  replaceMisspelling(word: string): void;
  addToDictionary(word: string): void;
  copyLink(url: string): void;
}

export interface ContextMenuItem {
  label?: string;
  role?: 'cut' | 'copy' | 'paste' | 'selectAll';
  type?: 'separator';
  enabled?: boolean;
  click?: () => void;
}

const MAX_SUGGESTIONS = 5;

/** Links worth copying: web and mail addresses (not javascript:, file: or blob: URLs). */
function copyableLink(url: string): boolean {
  return /^(https?|mailto):/i.test(url);
}

export function contextMenuTemplate(
  params: ContextMenuParamsLike,
  actions: ContextMenuActions,
): ContextMenuItem[] {
  const groups: ContextMenuItem[][] = [];

  if (params.isEditable && params.misspelledWord) {
    const word = params.misspelledWord;
    const suggestions = params.dictionarySuggestions.slice(0, MAX_SUGGESTIONS);
    groups.push([
      ...(suggestions.length > 0
        ? suggestions.map((s) => ({ label: s, click: () => actions.replaceMisspelling(s) }))
        : [{ label: 'No spelling suggestions', enabled: false }]),
      { label: 'Add to dictionary', click: () => actions.addToDictionary(word) },
    ]);
  }

  if (params.linkURL && copyableLink(params.linkURL)) {
    const url = params.linkURL;
    const mail = /^mailto:/i.test(url);
    groups.push([
      {
        label: mail ? 'Copy email address' : 'Copy link',
        click: () => actions.copyLink(mail ? url.replace(/^mailto:/i, '') : url),
      },
    ]);
  }

  const f = params.editFlags;
  if (params.isEditable) {
    groups.push([
      { role: 'cut', label: 'Cut', enabled: f.canCut },
      { role: 'copy', label: 'Copy', enabled: f.canCopy },
      { role: 'paste', label: 'Paste', enabled: f.canPaste },
      { type: 'separator' },
      { role: 'selectAll', label: 'Select all', enabled: f.canSelectAll },
    ]);
  } else if (params.selectionText.trim() !== '') {
    groups.push([
      { role: 'copy', label: 'Copy', enabled: f.canCopy },
      { role: 'selectAll', label: 'Select all', enabled: f.canSelectAll },
    ]);
  } else {
    groups.push([{ role: 'selectAll', label: 'Select all', enabled: f.canSelectAll }]);
  }

  return groups.flatMap((group, i) => (i === 0 ? group : [{ type: 'separator' }, ...group]));
}

/**
 * Where the spell checker may fetch Hunspell dictionaries from. Chromium's default is
 * Google's CDN, which would tell a third party that Hearth runs here (and this app is
 * meant to work on a LAN with no internet).
 * - macOS: the OS spell checker; Electron never downloads (the setting is a no-op). null.
 * - Windows: the OS spell checker for the languages Windows has; for the others Electron
 *   would download Hunspell files, so the download URL points at nothing reachable.
 * - Linux: Hunspell only. The URL points at nothing reachable (port 0 on loopback: the
 *   request fails at once and nothing leaves the machine). Spelling works with
 *   dictionaries already in the profile; the rest of the menu works regardless.
 */
export const NO_DICTIONARY_SERVER = 'http://127.0.0.1:0/';

export function dictionaryDownloadUrl(platform: NodeJS.Platform): string | null {
  return platform === 'darwin' ? null : NO_DICTIONARY_SERVER;
}
