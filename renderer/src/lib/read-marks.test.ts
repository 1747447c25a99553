import { describe, expect, it, vi } from 'vitest';
import { documentView, ReadMarker, readMarkTo, type ReadView } from './read-marks';

const LOOKED_AT: ReadView = { focused: true, visible: true };

describe('readMarkTo', () => {
  it('marks the highest message seen above the pointer', () => {
    expect(readMarkTo([12, 15, 13], LOOKED_AT, 10)).toBe(15);
  });
  it('marks nothing when all seen messages are read already', () => {
    expect(readMarkTo([8, 10], LOOKED_AT, 10)).toBeNull();
    expect(readMarkTo([], LOOKED_AT, 0)).toBeNull();
  });
  it('a hidden tab does not mark a conversation read', () => {
    expect(readMarkTo([11, 12], { focused: true, visible: false }, 10)).toBeNull();
  });
  it('a window in the background (not focused) marks nothing', () => {
    expect(readMarkTo([11, 12], { focused: false, visible: true }, 10)).toBeNull();
  });
});

describe('documentView', () => {
  it('reads focus and visibility from the document', () => {
    expect(documentView({ hasFocus: () => false, visibilityState: 'visible' })).toEqual({
      focused: false,
      visible: true,
    });
    expect(documentView({ hasFocus: () => true, visibilityState: 'hidden' })).toEqual({
      focused: true,
      visible: false,
    });
  });
});

describe('ReadMarker', () => {
  function marker(pointer: number, view: ReadView) {
    vi.useFakeTimers();
    const sent: number[] = [];
    const state = { view };
    const m = new ReadMarker({ pointer, send: (id) => sent.push(id), view: () => state.view });
    return { m, sent, state };
  }

  it('coalesces messages coming into view into one mark for the highest', () => {
    const { m, sent } = marker(10, LOOKED_AT);
    m.show(11);
    m.show(12);
    m.show(14);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([14]);
    expect(m.pointer).toBe(14);
    // Seen again (scrolling back): nothing more goes out.
    m.show(12);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([14]);
    vi.useRealTimers();
  });

  it('a hidden tab does not mark a conversation read; what is on screen is marked when it shows', () => {
    const { m, sent, state } = marker(10, { focused: true, visible: false });
    m.show(11);
    m.show(12);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
    // Scrolled away from 12 while hidden: only what is on screen when it shows counts.
    m.hide(12);
    state.view = LOOKED_AT;
    m.poke();
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([11]);
    vi.useRealTimers();
  });

  it('marks nothing while the window is in the background, then marks on focus', () => {
    const { m, sent, state } = marker(0, { focused: false, visible: true });
    m.show(3);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
    state.view = LOOKED_AT;
    m.flush();
    expect(sent).toEqual([3]);
    vi.useRealTimers();
  });

  it('never moves the pointer back, and follows the server forward', () => {
    const { m, sent } = marker(20, LOOKED_AT);
    m.show(15);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([]);
    m.setPointer(30);
    m.setPointer(25);
    m.show(28);
    m.show(31);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([31]);
    vi.useRealTimers();
  });

  it('marks what was seen when the list goes away, then nothing more', () => {
    const { m, sent } = marker(0, LOOKED_AT);
    m.show(1);
    m.destroy();
    expect(sent).toEqual([1]);
    m.show(2);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([1]);
    vi.useRealTimers();
  });

  it('a hidden tab marks nothing even when the list goes away', () => {
    const { m, sent } = marker(0, { focused: true, visible: false });
    m.show(1);
    m.destroy();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
    vi.useRealTimers();
  });
});
