import { describe, expect, it, vi } from 'vitest';
import {
  contextMenuTemplate,
  dictionaryDownloadUrl,
  type ContextMenuParamsLike,
} from './context-menu';

const params = (over: Partial<ContextMenuParamsLike>): ContextMenuParamsLike => ({
  isEditable: false,
  selectionText: '',
  linkURL: '',
  misspelledWord: '',
  dictionarySuggestions: [],
  editFlags: { canCut: false, canCopy: false, canPaste: true, canSelectAll: true },
  ...over,
});

function actions() {
  return { replaceMisspelling: vi.fn(), addToDictionary: vi.fn(), copyLink: vi.fn() };
}

const labels = (items: ReturnType<typeof contextMenuTemplate>) =>
  items.map((i) => (i.type === 'separator' ? '—' : i.label));

describe('contextMenuTemplate', () => {
  it('a text field gets cut, copy, paste and select all, enabled as the page says', () => {
    const items = contextMenuTemplate(
      params({
        isEditable: true,
        editFlags: { canCut: true, canCopy: true, canPaste: false, canSelectAll: true },
      }),
      actions(),
    );
    expect(labels(items)).toEqual(['Cut', 'Copy', 'Paste', '—', 'Select all']);
    expect(items.map((i) => i.role)).toEqual(['cut', 'copy', 'paste', undefined, 'selectAll']);
    expect(items.find((i) => i.role === 'paste')?.enabled).toBe(false);
  });

  it('a misspelled word gets its suggestions and "Add to dictionary" first', () => {
    const a = actions();
    const items = contextMenuTemplate(
      params({
        isEditable: true,
        misspelledWord: 'helo',
        dictionarySuggestions: ['hello', 'help', 'held', 'hero', 'halo', 'helot'],
      }),
      a,
    );
    expect(labels(items).slice(0, 7)).toEqual([
      'hello',
      'help',
      'held',
      'hero',
      'halo',
      'Add to dictionary',
      '—',
    ]);
    items[0]?.click?.();
    items[5]?.click?.();
    expect(a.replaceMisspelling).toHaveBeenCalledWith('hello');
    expect(a.addToDictionary).toHaveBeenCalledWith('helo');
  });

  it('says when there are no suggestions', () => {
    const items = contextMenuTemplate(
      params({ isEditable: true, misspelledWord: 'qwzx' }),
      actions(),
    );
    expect(items[0]).toEqual({ label: 'No spelling suggestions', enabled: false });
  });

  it('a link can be copied; a javascript: link cannot', () => {
    const a = actions();
    const items = contextMenuTemplate(params({ linkURL: 'https://example.com/a' }), a);
    expect(labels(items)).toEqual(['Copy link', '—', 'Select all']);
    items[0]?.click?.();
    expect(a.copyLink).toHaveBeenCalledWith('https://example.com/a');
    expect(labels(contextMenuTemplate(params({ linkURL: 'javascript:alert(1)' }), a))).toEqual([
      'Select all',
    ]);
  });

  it('a mail link copies the address', () => {
    const a = actions();
    const items = contextMenuTemplate(params({ linkURL: 'mailto:sam@example.com' }), a);
    expect(items[0]?.label).toBe('Copy email address');
    items[0]?.click?.();
    expect(a.copyLink).toHaveBeenCalledWith('sam@example.com');
  });

  it('selected page text can be copied', () => {
    const items = contextMenuTemplate(
      params({
        selectionText: 'some words',
        editFlags: { canCut: false, canCopy: true, canPaste: false, canSelectAll: true },
      }),
      actions(),
    );
    expect(labels(items)).toEqual(['Copy', 'Select all']);
    expect(items[0]).toMatchObject({ role: 'copy', enabled: true });
  });
});

describe('dictionaryDownloadUrl', () => {
  it('never leaves the default (third-party CDN) downloader on', () => {
    expect(dictionaryDownloadUrl('darwin')).toBeNull();
    for (const platform of ['linux', 'win32'] as const) {
      const url = new URL(dictionaryDownloadUrl(platform) ?? '');
      expect(url.hostname).toBe('127.0.0.1');
      expect(url.port).toBe('0');
      expect(url.pathname.endsWith('/')).toBe(true);
    }
  });
});
