import { describe, expect, it } from 'vitest';
import { queryPlanner } from '../test/query-plan';
import { UPLOADS_SQL } from './uploads.store';

const plan = queryPlanner();

describe('uploads store query plans', () => {
  it('finds an upload and its attachment by primary keys', () => {
    const p = plan(UPLOADS_SQL.byId, { id: 1 });
    expect(p).toContain('SEARCH u USING INTEGER PRIMARY KEY');
    expect(p).toContain('SEARCH a USING INTEGER PRIMARY KEY');
  });
  it("sums a user's last day through (uploader_id, created_ms)", () => {
    expect(plan(UPLOADS_SQL.bytesSince, { uploaderId: 1, since: 0 })).toContain(
      'USING INDEX uploads_uploader_time (uploader_id=? AND created_ms>?)',
    );
  });
  it("lists an item's attachments in order through (item_kind, item_id, position)", () => {
    const p = plan(UPLOADS_SQL.forItem, { kind: 'post', itemId: 1 });
    expect(p).toContain('attachments_item (item_kind=? AND item_id=?)');
    expect(p).not.toContain('TEMP B-TREE');
  });
  it('asks whether bytes are still used through uploads_sha256', () => {
    expect(plan(UPLOADS_SQL.shaInUse, { sha256: 'x'.repeat(64) })).toContain(
      'USING COVERING INDEX uploads_sha256 (sha256=?)',
    );
  });
});
