import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../db/migrate';
import { openDb } from '../../db/open-db';

const db = openDb(join(mkdtempSync(join(tmpdir(), 'hc-')), 'a.db'));
migrate(db);
db.prepare(`INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES ('a', 'a@b.c', 'x', 'B', 'C', 30, 'other', '2026-01-01T00:00:00.000Z')`).run();
db.prepare(`INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms) VALUES (randomblob(32), 1, 0, 1e15)`).run();
if (process.env.DROP) db.exec(process.env.DROP);
const q = process.argv[2] ?? `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = :h`;
const st = db.prepare(q);
const h = Buffer.alloc(32);
const N = Number(process.env.N ?? 20000);
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) st.get({ h });
console.log(q.slice(0, 60), Number(process.hrtime.bigint() - t0) / N / 1000, 'µs');
