/**
 * "Same entity, two nodes" in an entity's details (issue 20):
 * - a merged node lists the records it stands for, the judgements that joined them (who, when,
 *   why, how sure, on what evidence), and offers "Split" (the whole cluster) and "Take out";
 * - any entity offers "Find possible duplicates": candidates with their score and reasons, each
 *   with "Same", "Not same" and "Unsure", which open a dialog asking why (required) and how sure.
 * A judgement or split is case data on the server; the canvas is then drawn again in the current
 * view (merged records become one node, split ones come apart). Controls are offered only to
 * roles the policy lets judge, and never on a graph casegraph may only read.
 */
import type {
  EntityDetail,
  EntityRef,
  JudgementView,
  MergeCandidatesResponse,
  MergeReason,
  Verdict,
} from '../../../server/contract.js';
import { ApiError, api, describeError } from '../api.js';
import { h, replace } from '../dom.js';
import type { Explorer } from '../explorer.js';

const VERDICT_TEXT: Record<Verdict, string> = {
  same: 'Same',
  'not-same': 'Not same',
  unsure: 'Unsure',
};

const REASON_TEXT: Record<MergeReason['kind'], string> = {
  'same-name': 'Same name',
  'similar-name': 'Similar name',
  'shared-identifier': 'Shared identifier',
  'same-country': 'Same country',
  'different-type': 'Different type',
};

function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

function reasonList(reasons: readonly MergeReason[]): HTMLElement {
  return h(
    'ul',
    { class: 'merge-reasons' },
    reasons.map((r) =>
      h(
        'li',
        { class: r.weight < 0 ? 'against' : '' },
        h('strong', {}, `${REASON_TEXT[r.kind]}: `),
        r.detail,
      ),
    ),
  );
}

/**
 * The dialog that records a judgement: the pair, the evidence, a required reason and how sure.
 * Resolves with the judgement made, or null when cancelled.
 */
function judgementDialog(
  subject: EntityRef,
  other: EntityRef,
  verdict: Verdict,
  evidence: readonly MergeReason[],
): Promise<{ reason: string; confidence: number } | null> {
  return new Promise((resolve) => {
    const reason = h('textarea', { id: 'judgement-reason', rows: '3', required: '', maxlength: '2000' });
    const confidence = h('input', {
      id: 'judgement-confidence',
      type: 'number',
      min: '0',
      max: '1',
      step: '0.05',
      value: verdict === 'unsure' ? '0.5' : '0.8',
    });
    const error = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'btn primary' }, `Record “${VERDICT_TEXT[verdict]}”`);
    const cancel = h('button', { type: 'button', class: 'btn' }, 'Cancel');
    const form = h(
      'form',
      { method: 'dialog', class: 'judgement-form' },
      h('div', { class: 'dialog-head' }, h('h2', { id: 'judgement-title' }, 'Are these the same entity?')),
      h(
        'p',
        {},
        h('strong', {}, subject.label),
        ` (${subject.type}, ${subject.id}) and `,
        h('strong', {}, other.label),
        ` (${other.type}, ${other.id}): `,
        h('strong', {}, VERDICT_TEXT[verdict].toLowerCase()),
      ),
      evidence.length ? h('h3', { class: 'small-head' }, 'Evidence') : null,
      evidence.length ? reasonList(evidence) : null,
      h('label', { for: 'judgement-reason' }, 'Why (required; kept with the judgement and in the audit log)'),
      reason,
      h('label', { for: 'judgement-confidence' }, 'How sure (0 to 1)'),
      confidence,
      error,
      h('div', { class: 'btn-row' }, submit, cancel),
    );
    const dialog = h(
      'dialog',
      { class: 'dialog judgement-dialog', 'aria-labelledby': 'judgement-title' },
      form,
    );
    document.body.appendChild(dialog);
    const done = (value: { reason: string; confidence: number } | null) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    cancel.addEventListener('click', () => done(null));
    dialog.addEventListener('cancel', () => done(null));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      const sure = Number(confidence.value);
      if (!text) {
        error.textContent = 'Say why: the reason is what others will weigh.';
        reason.focus();
        return;
      }
      if (!(sure >= 0 && sure <= 1)) {
        error.textContent = 'How sure must be between 0 and 1.';
        confidence.focus();
        return;
      }
      done({ reason: text, confidence: sure });
    });
    dialog.showModal();
    reason.focus();
  });
}

function judgementItem(j: JudgementView): HTMLElement {
  return h(
    'li',
    { class: `judgement verdict-${j.verdict}` },
    h('div', {}, h('strong', {}, VERDICT_TEXT[j.verdict]), `: ${j.a.label} and ${j.b.label}`),
    h(
      'div',
      { class: 'muted small' },
      `${j.judgedBy}, ${j.judgedAt.slice(0, 16).replace('T', ' ')} · ${percent(j.confidence)} sure`,
    ),
    h('blockquote', { class: 'claim' }, j.reason),
    j.evidence.length ? reasonList(j.evidence) : null,
  );
}

/** The identity section of an entity's details. */
export function identitySection(explorer: Explorer, detail: EntityDetail, mayJudge: boolean): HTMLElement {
  const node = detail.node;
  const subject: EntityRef = { id: node.id, type: node.type, label: node.label };
  const members = node.mergedFrom && node.mergedFrom.length > 1 ? node.mergedFrom : null;
  const root = h('section', { class: 'identity', 'aria-label': 'Same entity elsewhere' });
  const status = h('p', { class: 'muted small', role: 'status' });

  const afterChange = async (also: string[], message: string) => {
    await explorer.redrawIdentity(also);
    explorer.info(message);
  };

  const splitButton = (label: string, scope: 'cluster' | 'entity', id: string, confirmText: string) => {
    const b = h('button', { type: 'button', class: 'btn small split-btn' }, label);
    b.addEventListener('click', () => {
      if (!window.confirm(confirmText)) return;
      b.disabled = true;
      api
        .split(id, scope)
        .then((r) =>
          afterChange(
            [],
            `Split: ${r.retracted.length} judgement${r.retracted.length === 1 ? '' : 's'} retracted (kept in the audit log).`,
          ),
        )
        .catch((err: unknown) => {
          b.disabled = false;
          status.textContent = describeError(err);
        });
    });
    return b;
  };

  if (members) {
    const judgements = h('ul', { class: 'judgements' }, h('li', { class: 'muted' }, 'Loading judgements…'));
    api
      .judgements(node.id)
      .then((list) => replace(judgements, list.judgements.map(judgementItem)))
      .catch((err: unknown) => replace(judgements, h('li', { class: 'error' }, describeError(err))));
    const parts: (HTMLElement | null)[] = [
      h('h4', {}, `Merged from ${members.length} records`),
      h(
        'ul',
        { class: 'merged-members' },
        members.map((m, i) =>
          h(
            'li',
            {},
            h('span', {}, `${m.label} `),
            h('span', { class: 'muted small' }, `${m.type} · ${m.id}${i === 0 ? ' · canonical' : ''}`),
            mayJudge
              ? splitButton(
                  'Take out',
                  'entity',
                  m.id,
                  `Take ${m.label} (${m.id}) out of this merged entity?`,
                )
              : null,
          ),
        ),
      ),
      mayJudge
        ? h(
            'div',
            { class: 'btn-row' },
            splitButton(
              'Split',
              'cluster',
              node.id,
              `Split ${node.label} back into its ${members.length} records?`,
            ),
          )
        : null,
      h('h4', {}, 'Judgements'),
      judgements,
    ];
    root.append(...parts.filter((p): p is HTMLElement => p !== null));
  }

  const candidates = h('div', { class: 'merge-candidates' });
  const find = h('button', { type: 'button', class: 'btn small' }, 'Find possible duplicates');
  find.addEventListener('click', () => {
    find.disabled = true;
    replace(candidates, h('p', { class: 'loading' }, 'Looking for possible duplicates…'));
    api
      .mergeCandidates(node.id)
      .then((answer) => replace(candidates, candidateList(answer)))
      .catch((err: unknown) => replace(candidates, h('p', { class: 'error' }, describeError(err))))
      .finally(() => {
        find.disabled = false;
      });
  });

  const candidateList = (answer: MergeCandidatesResponse): HTMLElement => {
    const memberIds = new Set((members ?? []).map((m) => m.id));
    const shown = answer.candidates.filter((c) => !memberIds.has(c.entity.id));
    if (!shown.length) return h('p', { class: 'muted' }, 'No likely duplicates found.');
    return h(
      'ul',
      { class: 'candidate-list' },
      shown.map((c) => {
        const buttons = (['same', 'not-same', 'unsure'] as const).map((verdict) => {
          const b = h(
            'button',
            {
              type: 'button',
              class: `btn small judge-${verdict}`,
              'aria-label': `${VERDICT_TEXT[verdict]}: ${c.entity.label}`,
            },
            VERDICT_TEXT[verdict],
          );
          b.addEventListener('click', () => void judgeCandidate(c.entity, verdict, c.reasons));
          return b;
        });
        return h(
          'li',
          { class: 'candidate' },
          h(
            'div',
            { class: 'candidate-head' },
            h('strong', {}, c.entity.label),
            h('span', { class: 'muted small' }, ` ${c.entity.type} · ${c.entity.id}`),
            h('meter', { min: 0, max: 1, value: c.score, 'aria-label': `Score ${percent(c.score)}` }),
            h('span', { class: 'score' }, percent(c.score)),
            c.judgement
              ? h('span', { class: 'badge judged' }, `Judged: ${VERDICT_TEXT[c.judgement].toLowerCase()}`)
              : null,
          ),
          reasonList(c.reasons),
          mayJudge ? h('div', { class: 'btn-row' }, buttons) : null,
        );
      }),
    );
  };

  const judgeCandidate = async (other: EntityRef, verdict: Verdict, evidence: MergeReason[]) => {
    const answer = await judgementDialog(subject, other, verdict, evidence);
    if (!answer) return;
    try {
      const request = { a: subject.id, b: other.id, verdict, ...answer, evidence };
      let made;
      try {
        made = await api.judge(request);
      } catch (err) {
        // The pair has another verdict: say whose, and replace it only when the judge confirms.
        if (!(err instanceof ApiError && err.code === 'JUDGEMENT_EXISTS')) throw err;
        if (!window.confirm(`${err.message}. Replace it?`)) return;
        made = await api.judge({ ...request, replace: true });
      }
      const names = made.cluster.members.map((m) => m.label).join(', ');
      await afterChange(
        verdict === 'same' ? [other.id] : [],
        verdict === 'same' ? `Merged: ${names}.` : `Recorded: ${VERDICT_TEXT[verdict].toLowerCase()}.`,
      );
    } catch (err) {
      // A "not same" that blocks the merge says which judgement, in the server's words.
      status.textContent =
        err instanceof ApiError && err.status === 409 ? `Not merged: ${err.message}` : describeError(err);
    }
  };

  root.append(
    h('h4', {}, 'Same entity elsewhere?'),
    h('div', { class: 'btn-row' }, find),
    candidates,
    status,
  );
  return root;
}
