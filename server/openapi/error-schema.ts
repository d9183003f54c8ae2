/** The one error answer of every `/api` route (4xx and 5xx), as `server/app.ts` renders it. */
import { z } from 'zod';

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
