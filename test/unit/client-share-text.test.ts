import { describe, expect, it } from 'vitest';
import { shareModeOf, sharingFor, whoCanOpen } from '../../client/src/share-text.js';

const vic = { username: 'vic', permission: 'viewer' } as const;
const ed = { username: 'ed', permission: 'editor' } as const;
const amy = { username: 'amy', permission: 'viewer' } as const;

describe('the Share dialog wording', () => {
  it('when a workspace is read, then its mode follows visibility first, then the list', () => {
    expect(shareModeOf('shared', [vic])).toBe('everyone');
    expect(shareModeOf('private', [vic])).toBe('named');
    expect(shareModeOf('private', [])).toBe('private');
  });

  it('when Private is chosen, then the list is emptied; Everyone keeps the named editors', () => {
    expect(sharingFor('private', [vic])).toEqual({ visibility: 'private', shares: [] });
    expect(sharingFor('everyone', [ed])).toEqual({ visibility: 'shared', shares: [ed] });
    expect(sharingFor('named', [vic, ed])).toEqual({ visibility: 'private', shares: [vic, ed] });
  });

  it('when the sentence is written, then it names exactly who can open and who can save', () => {
    expect(whoCanOpen('private', 'sara', [vic])).toBe('Who can open this link: only sara.');
    expect(whoCanOpen('named', 'sara', [])).toBe('Who can open this link: only sara.');
    expect(whoCanOpen('everyone', 'sara', [])).toBe(
      'Who can open this link: everyone signed in to casegraph.',
    );
    expect(whoCanOpen('everyone', 'sara', [ed])).toBe(
      'Who can open this link: everyone signed in to casegraph. ed can also save it.',
    );
    expect(whoCanOpen('named', 'sara', [vic, amy, ed])).toBe(
      'Who can open this link: sara, and vic and amy (to view); ed (to view and save).',
    );
  });
});
