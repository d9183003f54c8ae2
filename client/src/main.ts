/**
 * Explorer entry point: mounts the canvas and shows whether the graph database answers.
 */
import cytoscape from 'cytoscape';
import './styles.css';

const statusEl = document.querySelector<HTMLElement>('#db-status')!;

async function refreshStatus(): Promise<void> {
  try {
    const res = await fetch('/api/ready');
    const body = (await res.json()) as { status: string; reason?: string };
    statusEl.textContent = res.ok
      ? 'graph database ready'
      : `graph database unavailable: ${body.reason ?? ''}`;
    statusEl.className = `db-status ${res.ok ? 'ok' : 'down'}`;
  } catch {
    statusEl.textContent = 'server unreachable';
    statusEl.className = 'db-status down';
  }
}

cytoscape({ container: document.querySelector<HTMLElement>('#canvas')!, elements: [] });
void refreshStatus();
setInterval(() => void refreshStatus(), 10_000);
