import type { Db } from '../../db/open-db';

/** One FTS5 segment (b-tree): its id and its size in leaf pages. */
export interface FtsSegment {
  id: number;
  pages: number;
}

/** One level of an FTS5 index's segments, oldest first. */
export interface FtsLevel {
  /** How many of its oldest segments an unfinished incremental merge is reading (0: none). */
  merging: number;
  segments: FtsSegment[];
}

export interface FtsStructure {
  levels: FtsLevel[];
  /** All segments, every level. */
  segments: number;
  /** Leaf pages of the largest segment and of all the others together. */
  largestPages: number;
  restPages: number;
  /** An incremental merge is under way (a 'merge' step stopped inside it). */
  merging: boolean;
}

/** fts5_index.c: the structure record is the %_data row with id 10. */
const STRUCTURE_ROWID = 10;
/** fts5_index.c FTS5_STRUCTURE_V2: its segments carry five more fields (tombstones). */
const V2_MAGIC = [0xff, 0x00, 0x00, 0x01];

/**
 * The FTS5 index's segments, read from its structure record (fts5_index.c, "structure
 * record": a 4-byte cookie, then varints: levels, segments, write counter, and per level
 * the merge count and its segments' id, first and last leaf page). Every word lookup reads
 * every segment, so their count is what maintenance (fts-maintenance.ts) keeps low.
 * Null when the record is missing or not in the layout known here: the caller then leaves
 * the index alone rather than guess.
 */
export function ftsStructureReader(db: Db, table: string): () => FtsStructure | null {
  const read = db
    .prepare<[number], unknown>(`SELECT block FROM "${table}_data" WHERE id = +?`)
    .pluck();
  return () => {
    const block = read.get(STRUCTURE_ROWID);
    return block instanceof Uint8Array ? decodeStructure(block) : null;
  };
}

export function decodeStructure(data: Uint8Array): FtsStructure | null {
  let at = 4;
  const v2 = V2_MAGIC.every((b, i) => data[4 + i] === b);
  if (v2) at += 4;
  // SQLite's varint: 7 bits a byte, big-endian, the 9th byte all 8 bits.
  const varint = (): number => {
    let value = 0;
    for (let i = 0; i < 9; i++) {
      if (at >= data.length) throw new RangeError('truncated');
      const byte = data[at++]!;
      if (i === 8) return value * 256 + byte;
      value = value * 128 + (byte & 0x7f);
      if (byte < 0x80) return value;
    }
    return value;
  };
  try {
    const levelCount = varint();
    const segmentCount = varint();
    varint(); // the write counter
    const levels: FtsLevel[] = [];
    let seen = 0;
    for (let l = 0; l < levelCount; l++) {
      const merging = varint();
      const count = varint();
      const segments: FtsSegment[] = [];
      for (let s = 0; s < count; s++) {
        const id = varint();
        const first = varint();
        const last = varint();
        if (v2) for (let f = 0; f < 5; f++) varint();
        segments.push({ id, pages: last - first + 1 });
      }
      seen += count;
      levels.push({ merging, segments });
    }
    if (seen !== segmentCount || at !== data.length) return null;
    const sizes = levels.flatMap((l) => l.segments.map((s) => s.pages));
    const largestPages = sizes.length > 0 ? Math.max(...sizes) : 0;
    return {
      levels,
      segments: seen,
      largestPages,
      restPages: sizes.reduce((a, b) => a + b, 0) - largestPages,
      merging: levels.some((l) => l.merging > 0),
    };
  } catch (err) {
    if (err instanceof RangeError) return null;
    throw err;
  }
}

/** The database's FTS5 tables (db/schema.sql: posts, comments, messages, people). */
export function ftsTables(db: Db): string[] {
  return db
    .prepare<[], string>(
      `SELECT name FROM sqlite_schema WHERE type = 'table'
         AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%' ORDER BY name`,
    )
    .pluck()
    .all();
}
