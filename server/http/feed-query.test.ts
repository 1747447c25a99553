import { describe, expect, it } from 'vitest';
import { feedQuery } from '../../common/attention-api';
import { AppError } from '../errors/app-error';
import { parseFeedQuery } from './feed-query';
import { parseQuery } from './validate';

/** What the schema makes of a query: the value, or its error as the API would send it. */
function bySchema(query: unknown): unknown {
  try {
    return parseQuery(feedQuery, query);
  } catch (e) {
    if (e instanceof AppError) return { error: e.code, field: e.field, message: e.message };
    throw e;
  }
}
function byHand(query: unknown): unknown {
  try {
    return parseFeedQuery(query);
  } catch (e) {
    if (e instanceof AppError) return { error: e.code, field: e.field, message: e.message };
    throw e;
  }
}

const values = [
  '',
  '1',
  '20',
  '100',
  '101',
  '0',
  '01',
  '1e3',
  '0x10',
  ' 5',
  '-1',
  '999999999999999',
];
const sorts = ['activity', 'newest', '', 'hot', 'Activity'];

describe('parseFeedQuery', () => {
  it('reads every query as the feedQuery schema does, errors included', () => {
    const queries: unknown[] = [
      {},
      { sort: 'activity', limit: '20' },
      { limit: ['1', '2'] },
      { sort: ['newest'] },
      { category: { a: '1' } },
      { extra: '1' },
      { extra: '1', sort: 'newest' },
      null,
      'sort=newest',
      { sort: 'newest', category: '3', before: '40', since: '77', limit: '5' },
    ];
    for (const sort of sorts) queries.push({ sort });
    for (const key of ['category', 'before', 'since', 'limit']) {
      for (const v of values) queries.push({ sort: 'activity', [key]: v });
    }
    for (const q of queries) expect(byHand(q), JSON.stringify(q)).toEqual(bySchema(q));
  });
});
