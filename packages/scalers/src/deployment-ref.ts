import { dnsLabelSchema } from '@infscale/core';
import { z } from 'zod';

/** A Deployment named as a VPA's targetRef names it: the only kind the actuator scales, resizes and creates. */
export const deploymentRefSchema = z
  .object({
    apiVersion: z.literal('apps/v1').optional().describe('Always apps/v1.'),
    kind: z.literal('Deployment').optional().describe('Always Deployment.'),
    // A label, though kubernetes.targets takes a subdomain: the chart names an IPA stage's Service after it (and Sponge's EDF
    // proxy's default upstream is the Service of that name), and a Service name is at most 63 characters, without dots.
    name: dnsLabelSchema("it is the name of a Deployment in the scaler's namespace, which the actuator's targets and the metrics queries name").describe(
      "Deployment name, in the scaler's namespace.",
    ),
  })
  .strict();
