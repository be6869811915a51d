import { z } from 'zod';

/** A Deployment named as a VPA's targetRef names it: the only kind the actuator scales, resizes and creates. */
export const deploymentRefSchema = z
  .object({
    apiVersion: z.literal('apps/v1').optional().describe('Always apps/v1.'),
    kind: z.literal('Deployment').optional().describe('Always Deployment.'),
    name: z.string().min(1).describe("Deployment name, in the scaler's namespace."),
  })
  .strict();
