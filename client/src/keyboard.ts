/**
 * Keyboard shortcuts as a pure mapping from a key event to an action name,
 * so the table is unit-tested and the help dialog lists the same table.
 */

export type ShortcutAction =
  'focus-search' | 'escape' | 'delete' | 'undo' | 'redo' | 'help' | 'fit' | 'expand' | 'pin' | 'select-all';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  altKey?: boolean;
  /** True when focus is in a text field (then only Esc and the undo keys of the canvas are ours). */
  inTextField?: boolean;
}

/** The table the help dialog shows. */
export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: '/', action: 'Search for an entity' },
  { keys: 'Esc', action: 'Close menus and dialogs, clear highlights' },
  { keys: 'Delete', action: 'Remove the selected nodes from the canvas' },
  { keys: 'E', action: 'Expand the selected nodes (all relationships, capped)' },
  { keys: 'P', action: 'Pin or unpin the selected nodes' },
  { keys: 'F', action: 'Fit the graph to the view' },
  { keys: 'Ctrl+A', action: 'Select every node' },
  { keys: 'Ctrl+Z', action: 'Undo' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', action: 'Redo' },
  { keys: '?', action: 'Show this help' },
  { keys: 'Shift+F10 / context-menu key', action: 'Open the menu of the selected node' },
];

/** The action for a key press, or null when it is not a shortcut here. */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  const mod = Boolean(e.ctrlKey || e.metaKey);
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (key === 'Escape') return 'escape';
  if (mod && !e.altKey) {
    // In a text field the browser's own text undo wins.
    if (e.inTextField) return null;
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 'a') return 'select-all';
    return null;
  }
  if (e.inTextField || e.altKey) return null;
  if (e.key === '/') return 'focus-search';
  if (e.key === '?') return 'help';
  if (key === 'Delete' || key === 'Backspace') return 'delete';
  if (key === 'f') return 'fit';
  if (key === 'e') return 'expand';
  if (key === 'p') return 'pin';
  return null;
}
