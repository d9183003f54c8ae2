/**
 * Pure wording of the Share dialog: the sharing mode the radio shows for a workspace, what a mode
 * sends, and the sentence "Who can open this link: …". Kept apart from the DOM so a unit test
 * checks every case.
 */
import type { WorkspaceShare, WorkspaceVisibility } from '../../server/contract.js';

/** The dialog's radio: only the owner, everyone signed in, or the named people. */
export type ShareMode = 'private' | 'everyone' | 'named';

/** The radio for a saved workspace: shared with everyone wins; a share list means named. */
export function shareModeOf(visibility: WorkspaceVisibility, shares: readonly WorkspaceShare[]): ShareMode {
  if (visibility === 'shared') return 'everyone';
  return shares.length > 0 ? 'named' : 'private';
}

/**
 * What to send for a mode. Private empties the list (nobody but the owner); Everyone keeps the
 * named people, since an editor there may still save.
 */
export function sharingFor(
  mode: ShareMode,
  shares: readonly WorkspaceShare[],
): { visibility: WorkspaceVisibility; shares: WorkspaceShare[] } {
  if (mode === 'private') return { visibility: 'private', shares: [] };
  return { visibility: mode === 'everyone' ? 'shared' : 'private', shares: [...shares] };
}

function joined(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "Who can open this link: …" for the mode and list as they stand in the dialog. */
export function whoCanOpen(mode: ShareMode, owner: string, shares: readonly WorkspaceShare[]): string {
  const editors = shares.filter((s) => s.permission === 'editor').map((s) => s.username);
  const viewers = shares.filter((s) => s.permission === 'viewer').map((s) => s.username);
  const canSave = editors.length ? ` ${joined(editors)} can also save it.` : '';
  if (mode === 'private' || (mode === 'named' && shares.length === 0)) {
    return `Who can open this link: only ${owner}.`;
  }
  if (mode === 'everyone') return `Who can open this link: everyone signed in to casegraph.${canSave}`;
  const people = [
    ...(viewers.length ? [`${joined(viewers)} (to view)`] : []),
    ...(editors.length ? [`${joined(editors)} (to view and save)`] : []),
  ];
  return `Who can open this link: ${owner}, and ${people.join('; ')}.`;
}
