import { describe, expect, it } from 'vitest';
import { EMPTY_MESSAGE, planMessageEdit } from './message-edit';

const files = (...ids: number[]) => ids.map((id) => ({ id }));

describe('planMessageEdit', () => {
  it('a text-only edit leaves the files out, so the server keeps them', () => {
    expect(
      planMessageEdit(
        { body: 'See you at 7', attachments: files(4, 5) },
        { body: 'See you at 8', attachments: [4, 5] },
      ),
    ).toEqual({ kind: 'send', body: 'See you at 8' });
  });

  it('removing one file and adding another sends the whole new list, kept ones first', () => {
    expect(
      planMessageEdit(
        { body: 'Plan', attachments: files(4, 5) },
        { body: 'Plan', attachments: [5, 9] },
      ),
    ).toEqual({ kind: 'send', body: 'Plan', attachments: [5, 9] });
  });

  it('removing the last file sends an empty list (not "unchanged")', () => {
    expect(
      planMessageEdit({ body: 'Plan', attachments: files(4) }, { body: 'Plan', attachments: [] }),
    ).toEqual({
      kind: 'send',
      body: 'Plan',
      attachments: [],
    });
  });

  it('a new order of the same files is a change', () => {
    expect(
      planMessageEdit({ body: 'x', attachments: files(4, 5) }, { body: 'x', attachments: [5, 4] }),
    ).toEqual({ kind: 'send', body: 'x', attachments: [5, 4] });
  });

  it('the same text (spaces around it ignored, as the server trims) and the same files send nothing', () => {
    expect(
      planMessageEdit(
        { body: 'Plan', attachments: files(4) },
        { body: '  Plan\n', attachments: [4] },
      ),
    ).toEqual({
      kind: 'unchanged',
    });
    expect(planMessageEdit({ body: 'Plan' }, { body: 'Plan', attachments: [] })).toEqual({
      kind: 'unchanged',
    });
  });

  it('with files the text may go; with neither it is refused with the server’s message', () => {
    expect(
      planMessageEdit({ body: 'Look', attachments: files(4) }, { body: ' ', attachments: [4] }),
    ).toEqual({
      kind: 'send',
      body: '',
    });
    expect(
      planMessageEdit({ body: 'Look', attachments: files(4) }, { body: '', attachments: [] }),
    ).toEqual({
      kind: 'empty',
      message: EMPTY_MESSAGE,
    });
  });
});
