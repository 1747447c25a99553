/**
 * The probe's sampled share (fts-probe.ts share()) and the narrow decision that uses it
 * (prefix-narrow.ts createNarrowProbe), on a real FTS5 index: a 4-character prefix whose
 * whole word is rare among its 3-character prefix's rows, while longer words starting with
 * it are most of them, is narrowed; without the sample (or for a longer prefix) it is not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open-db';
import type { Db } from '../../db/open-db';
import { createFtsProbe, SHARE_SAMPLE } from './fts-probe';
import { createNarrowProbe, narrowOf } from './prefix-narrow';

const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

/** 400 notes: "fegoka …" in 3 of 4, "fego" alone in 1 of 20, "fedira" in the rest. */
function notes(): Db {
  const db = openDb(':memory:');
  dbs.push(db);
  db.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
    CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2', prefix='2 3');`);
  const insert = db.prepare('INSERT INTO notes (id, body) VALUES (?, ?)');
  const index = db.prepare('INSERT INTO notes_fts (rowid, body) VALUES (?, ?)');
  for (let id = 1; id <= 400; id++) {
    const body =
      id % 20 === 0 ? 'just fego here' : id % 4 !== 0 ? `Fegoka, said the note ${id}` : 'fedira';
    insert.run(id, body);
    index.run(id, body);
  }
  return db;
}

describe('FtsProbe.share', () => {
  it("reads the share of the 3-character prefix's newest rows that hold a word starting with the prefix", () => {
    const probe = createFtsProbe(
      notes(),
      'notes_fts',
      'notes',
      '',
      'SELECT body FROM notes WHERE id = f.rowid',
    );
    // Of the newest SHARE_SAMPLE "feg"* rows (every "feg" row is a "fego…" one): all.
    expect(probe.share?.('fego')).toBe(1);
    // "fegok": the "Fegoka" rows only, not "fego" alone.
    const share = probe.share?.('fegok') ?? 0;
    expect(share).toBeGreaterThan(0.8);
    expect(share).toBeLessThan(1);
    expect(probe.share?.('fegox')).toBe(0);
    // No row holds "zzz"*: nothing to read a share from.
    expect(probe.share?.('zzzz')).toBeUndefined();
    expect(SHARE_SAMPLE).toBeGreaterThanOrEqual(16);
    // Without the text, no share.
    expect(createFtsProbe(notes(), 'notes_fts', 'notes').share).toBeUndefined();
  });

  it('narrows a 4-character prefix by its sampled share where the whole word says exact', () => {
    const db = notes();
    const sampled = createNarrowProbe(
      createFtsProbe(db, 'notes_fts', 'notes', '', 'SELECT body FROM notes WHERE id = f.rowid'),
      60,
    );
    const wordOnly = createNarrowProbe(createFtsProbe(db, 'notes_fts', 'notes'), 60);
    const fego = narrowOf(['fego'], true)!;
    // "fego" as a whole word is 1 in 15 "feg" rows: the word's share alone says exact.
    expect(wordOnly(fego, 6)).toBe(false);
    expect(sampled(fego, 6)).toBe(true);
    // A longer prefix is left to the whole word's share (no sample read).
    expect(sampled(narrowOf(['fegok'], true)!, 6)).toBe(false);
  });
});
