/**
 * The undo/redo stack of canvas actions. A command knows how to apply and
 * revert itself; this module only orders them. It holds no DOM and no
 * Cytoscape: the canvas builds commands, the stack runs them.
 */

export interface Command {
  /** Shown in the undo button's title: "Undo expand Acme". */
  label: string;
  apply(): void;
  revert(): void;
}

/** Steps of one control closer than this in time are one undo step (a held arrow key repeats faster). */
export const COALESCE_MS = 1500;

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
  undoLabel?: string;
  redoLabel?: string;
}

/** A bounded command stack: `run` applies and records, `undo`/`redo` walk it. */
export class History {
  private done: Command[] = [];
  private undone: Command[] = [];
  private listeners = new Set<(state: HistoryState) => void>();

  /** The key and time of the last recorded command, for coalescing. */
  private last: { key: string; at: number } | null = null;

  constructor(
    private readonly limit = 200,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Applies the command and records it; clears the redo branch. With `coalesce`, a command
   * following one with the same key within `COALESCE_MS` joins it as one undo step (each arrow
   * key on a slider is a change; undo must take back the whole move). Only for commands that set
   * an absolute state: the joined step applies the newest and reverts the oldest.
   */
  run(command: Command, opts: { coalesce?: string } = {}): void {
    command.apply();
    this.record(command, opts);
  }

  /** Records a command whose effect has already happened (e.g. a drag the user made). */
  record(command: Command, opts: { coalesce?: string } = {}): void {
    const at = this.now();
    const top = this.done[this.done.length - 1];
    const joins =
      top !== undefined &&
      opts.coalesce !== undefined &&
      this.last?.key === opts.coalesce &&
      at - this.last.at <= COALESCE_MS &&
      this.undone.length === 0;
    this.last = opts.coalesce === undefined ? null : { key: opts.coalesce, at };
    if (joins) {
      this.done[this.done.length - 1] = { label: command.label, apply: command.apply, revert: top.revert };
      this.emit();
      return;
    }
    this.done.push(command);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
    this.emit();
  }

  /** Reverts the last command; false when there is none. */
  undo(): boolean {
    const command = this.done.pop();
    if (!command) return false;
    this.last = null;
    command.revert();
    this.undone.push(command);
    this.emit();
    return true;
  }

  /** Re-applies the last undone command; false when there is none. */
  redo(): boolean {
    const command = this.undone.pop();
    if (!command) return false;
    this.last = null;
    command.apply();
    this.done.push(command);
    this.emit();
    return true;
  }

  clear(): void {
    this.last = null;
    this.done = [];
    this.undone = [];
    this.emit();
  }

  get state(): HistoryState {
    const state: HistoryState = { canUndo: this.done.length > 0, canRedo: this.undone.length > 0 };
    const u = this.done[this.done.length - 1];
    const r = this.undone[this.undone.length - 1];
    if (u) state.undoLabel = u.label;
    if (r) state.redoLabel = r.label;
    return state;
  }

  onChange(listener: (state: HistoryState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const state = this.state;
    this.listeners.forEach((l) => l(state));
  }
}

/** Several commands undone and redone as one (e.g. "remove 3 nodes"). */
export function batch(label: string, commands: Command[]): Command {
  return {
    label,
    apply: () => commands.forEach((c) => c.apply()),
    revert: () => [...commands].reverse().forEach((c) => c.revert()),
  };
}
