/** The probes' answers in zod form, for the OpenAPI document (the probes take no input). */
import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
export const readySchema = z.object({ status: z.literal('ready') });
export const notReadySchema = z.object({ status: z.literal('unavailable'), reason: z.string() });
