import { dnsLabelSchema } from '@infscale/core';
import { z } from 'zod';

/** A Deployment named as a VPA's targetRef names it: the only kind the actuator scales, resizes and creates. */
export const deploymentRefSchema = z
  .object({
    apiVersion: z.literal('apps/v1').optional().describe('Always apps/v1.'),
    kind: z.literal('Deployment').optional().describe('Always Deployment.'),
    // A label, as the actuator's kubernetes.targets: a dotted Deployment name passed here would be refused there.
    name: dnsLabelSchema("it is the name of a Deployment in the scaler's namespace, which the actuator's targets and the metrics queries name").describe(
      "Deployment name, in the scaler's namespace.",
    ),
  })
  .strict();
