import { describe, expect, it, vi } from 'vitest';
import { History, batch, type Command } from '../../client/src/history.js';

/** A command over a plain list, like canvas commands over the graph. */
function push(list: string[], value: string): Command {
  return {
    label: `add ${value}`,
    apply: () => list.push(value),
    revert: () => void list.splice(list.lastIndexOf(value), 1),
  };
}

describe('client undo stack', () => {
  it('when commands run, then undo reverts them newest first and redo re-applies them', () => {
    const list: string[] = [];
    const h = new History();
    h.run(push(list, 'a'));
    h.run(push(list, 'b'));
    expect(list).toEqual(['a', 'b']);
    expect(h.undo()).toBe(true);
    expect(list).toEqual(['a']);
    expect(h.redo()).toBe(true);
    expect(list).toEqual(['a', 'b']);
  });

  it('when a new command runs after an undo, then the redo branch is dropped', () => {
    const list: string[] = [];
    const h = new History();
    h.run(push(list, 'a'));
    h.undo();
    h.run(push(list, 'c'));
    expect(h.state.canRedo).toBe(false);
    expect(h.redo()).toBe(false);
    expect(list).toEqual(['c']);
  });

  it('when nothing is left, then undo and redo say so and change nothing', () => {
    const h = new History();
    expect(h.undo()).toBe(false);
    expect(h.redo()).toBe(false);
    expect(h.state).toEqual({ canUndo: false, canRedo: false });
  });

  it('when an already-applied action is recorded, then it is not applied again but can be undone', () => {
    const apply = vi.fn();
    const revert = vi.fn();
    const h = new History();
    h.record({ label: 'move', apply, revert });
    expect(apply).not.toHaveBeenCalled();
    h.undo();
    expect(revert).toHaveBeenCalledOnce();
  });

  it('when the limit is reached, then the oldest command is forgotten', () => {
    const list: string[] = [];
    const h = new History(2);
    ['a', 'b', 'c'].forEach((v) => h.run(push(list, v)));
    expect(h.undo() && h.undo()).toBe(true);
    expect(h.undo()).toBe(false);
    expect(list).toEqual(['a']);
  });

  it('when the state changes, then listeners hear the labels of what undo and redo would do', () => {
    const h = new History();
    const seen: unknown[] = [];
    h.onChange((s) => seen.push(s));
    h.run(push([], 'a'));
    h.undo();
    expect(seen).toEqual([
      { canUndo: true, canRedo: false, undoLabel: 'add a' },
      { canUndo: false, canRedo: true, redoLabel: 'add a' },
    ]);
  });

  it('when commands are batched, then they apply in order and revert in reverse order', () => {
    const log: string[] = [];
    const c = (n: string): Command => ({
      label: n,
      apply: () => log.push(`+${n}`),
      revert: () => log.push(`-${n}`),
    });
    const h = new History();
    h.run(batch('both', [c('1'), c('2')]));
    h.undo();
    expect(log).toEqual(['+1', '+2', '-2', '-1']);
  });
});

describe('client undo stack: coalescing', () => {
  /** A command setting a value absolutely, like a filter change. */
  function set(state: { v: number }, from: number, to: number): Command {
    return { label: `set ${to}`, apply: () => (state.v = to), revert: () => (state.v = from) };
  }

  it('when a slider moves by several arrow keys in a row, then one undo takes back the whole move', () => {
    let t = 0;
    const h = new History(200, () => t);
    const state = { v: 0 };
    for (let i = 1; i <= 5; i++) {
      t += 200;
      h.run(set(state, i - 1, i), { coalesce: 'confidence' });
    }
    expect(state.v).toBe(5);
    expect(h.undo()).toBe(true);
    expect(state.v).toBe(0);
    expect(h.state.canUndo).toBe(false);
    expect(h.redo()).toBe(true);
    expect(state.v).toBe(5);
  });

  it('when the steps are far apart, another control moves, or an undo came between, then they stay apart', () => {
    let t = 0;
    const h = new History(200, () => t);
    const state = { v: 0 };
    h.run(set(state, 0, 1), { coalesce: 'a' });
    t += 10_000;
    h.run(set(state, 1, 2), { coalesce: 'a' });
    t += 100;
    h.run(set(state, 2, 3), { coalesce: 'b' });
    t += 100;
    h.run(set(state, 3, 4));
    t += 100;
    h.run(set(state, 4, 5), { coalesce: 'b' });
    h.undo();
    t += 100;
    h.run(set(state, 4, 6), { coalesce: 'b' });
    const values: number[] = [];
    while (h.undo()) values.push(state.v);
    expect(values).toEqual([4, 3, 2, 1, 0]);
  });
});
