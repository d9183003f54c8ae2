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

  constructor(private readonly limit = 200) {}

  /** Applies the command and records it; clears the redo branch. */
  run(command: Command): void {
    command.apply();
    this.record(command);
  }

  /** Records a command whose effect has already happened (e.g. a drag the user made). */
  record(command: Command): void {
    this.done.push(command);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
    this.emit();
  }

  /** Reverts the last command; false when there is none. */
  undo(): boolean {
    const command = this.done.pop();
    if (!command) return false;
    command.revert();
    this.undone.push(command);
    this.emit();
    return true;
  }

  /** Re-applies the last undone command; false when there is none. */
  redo(): boolean {
    const command = this.undone.pop();
    if (!command) return false;
    command.apply();
    this.done.push(command);
    this.emit();
    return true;
  }

  clear(): void {
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
