/**
 * Runs fcose in a Web Worker (see layout-compute.ts) and posts back positions
 * only, so a 1,000-node layout never freezes the page.
 */
import type { LayoutRequest, LayoutResponse } from './layout-protocol.js';
import { computeFcose } from './layout-compute.js';

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const req = event.data;
  const reply = (msg: LayoutResponse) => (self as unknown as Worker).postMessage(msg);
  try {
    reply({ requestId: req.requestId, positions: computeFcose(req) });
  } catch (err) {
    reply({ requestId: req.requestId, error: err instanceof Error ? err.message : String(err) });
  }
};
