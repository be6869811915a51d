import { parseArgs } from 'node:util';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { errorMessage } from '@infscale/core';
import { nodeManifest } from '@infscale/kube/testing';
import { KubeletStandIn } from './stand-in';

const USAGE = `usage: node dist/kubelet/main.js --kubeconfig FILE [--node NAME ...] [--node-cpu 8] [--node-memory 64Gi]
  [--kubelet-version v1.36.3] [--ready-delay-ms 0] [--resize-delay-ms 1000] [--stop-delay-ms 0] [--host-ip 127.0.0.1]
Registers each --node (if absent) and serves every node labelled testenv.infscale.io/kubelet=stand-in.`;

function nonNegative(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`--${flag} must be a whole number of milliseconds, got "${value}"`);
  return Number(value);
}

function log(event: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      kubeconfig: { type: 'string' },
      node: { type: 'string', multiple: true, default: [] },
      'node-cpu': { type: 'string', default: '8' },
      'node-memory': { type: 'string', default: '64Gi' },
      'kubelet-version': { type: 'string', default: 'v0.0.0-testenv' },
      'ready-delay-ms': { type: 'string', default: '0' },
      'resize-delay-ms': { type: 'string', default: '1000' },
      'stop-delay-ms': { type: 'string', default: '0' },
      'host-ip': { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.kubeconfig) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(values.kubeconfig);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  for (const name of values.node) {
    try {
      await core.createNode({ body: nodeManifest({ name, cpu: values['node-cpu'], memory: values['node-memory'] }) });
      log('node-registered', { node: name, cpu: values['node-cpu'] });
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw err;
    }
  }
  const standIn = new KubeletStandIn({
    kubeConfig,
    timing: {
      readyDelayMs: nonNegative('ready-delay-ms', values['ready-delay-ms']),
      resizeDelayMs: nonNegative('resize-delay-ms', values['resize-delay-ms']),
      stopDelayMs: nonNegative('stop-delay-ms', values['stop-delay-ms']),
    },
    kubeletVersion: values['kubelet-version'],
    hostIp: values['host-ip'],
    leaseRenewMs: 10_000,
    leaseDurationSeconds: 40,
    statusReportMs: 60_000,
    resyncMs: 5_000,
    now: () => Date.now(),
    log,
  });
  await standIn.start();
  log('started', { nodes: values.node });
  const stop = () => {
    log('stopping');
    standIn.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main(process.argv.slice(2)).catch((err) => {
  log('failed', { error: errorMessage(err) });
  process.exit(1);
});
