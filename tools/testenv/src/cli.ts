import path from 'node:path';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { errorMessage } from '@infscale/core';
import { serviceAccountKubeconfig } from '@infscale/kube/testing';
import { BINARY_NAMES, buildBinaries, type BinaryName } from './binaries';
import { down, endpointOf, release, runningControlPlane, up, versionLine } from './control-plane';
import { defaultStateDir } from './paths';

const USAGE = `usage: npm run testenv -- <command>
  build                         build the pinned control plane and helm into the cache (once per go.mod/go.sum)
  up [--nodes N] [--node-cpu C] [--node-memory M] [--json] [--holder PID]
                                build if needed, then start etcd, kube-apiserver, controllers, scheduler and the
                                kubelet stand-in with N nodes of C allocatable CPU (default 1 node, 8 cores); reuses
                                a healthy one already running. --json: one line for scripts (the endpoint tests use).
                                --holder PID: process PID (a test run) holds it until 'release --holder PID'
  release --holder PID          end that hold; the last holder stops a control plane a holder started (never one
                                started without --holder)
  env                           print the shell exports for it: eval "$(npm run -s testenv -- env)"
  kubeconfig --namespace NS --service-account SA
                                write a kubeconfig that authenticates as that ServiceAccount (a TokenRequest
                                token, 1 h) and print its path: run a scaler with the chart's RBAC
  which helm|controlplane       build that binary if needed and print its path
  down                          stop it (SIGTERM, then SIGKILL) and remove its state
State: $INFSCALE_TESTENV_DIR or .testenv/ in the repository; binaries: $INFSCALE_TESTENV_CACHE or ~/.cache/infscale-testenv.`;

function positiveInteger(flag: string, value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--${flag} must be a positive whole number, got "${value}"`);
  return Number(value);
}

class UsageError extends Error {}

const toStderr = (line: string) => console.error(line);

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const stateDir = defaultStateDir();
  switch (command) {
    case 'build': {
      for (const r of buildBinaries()) console.log(`${r.name}: ${r.seconds === null ? 'cached' : `built in ${r.seconds.toFixed(1)} s`} (${r.path})`);
      return 0;
    }
    case 'up': {
      const { values } = parseArgs({
        args: rest,
        options: {
          nodes: { type: 'string', default: '1' },
          'node-cpu': { type: 'string', default: '8' },
          'node-memory': { type: 'string', default: '64Gi' },
          // For scripts (the test runs' global setup): one JSON line instead of the text.
          json: { type: 'boolean', default: false },
          holder: { type: 'string' },
        },
      });
      const nodes = positiveInteger('nodes', values.nodes);
      const holder = values.holder === undefined ? undefined : positiveInteger('holder', values.holder);
      if (!/^(\d+(\.\d+)?|\d+m)$/.test(values['node-cpu']))
        throw new UsageError(`--node-cpu must be a CPU quantity such as 4, 2.5 or 2500m, got "${values['node-cpu']}"`);
      // With --json, stdout carries only the one line: what the build and start say goes to stderr.
      buildBinaries(values.json ? { log: toStderr } : {});
      const cp = await up({
        stateDir,
        nodes,
        nodeCpu: values['node-cpu'],
        nodeMemory: values['node-memory'],
        ...(holder !== undefined ? { holder } : {}),
        ...(values.json ? { log: toStderr } : {}),
      });
      if (values.json) {
        console.log(
          JSON.stringify({ started: cp.started, line: versionLine(cp.versions), kubeconfig: cp.adminKubeconfig, stateDir, endpoint: endpointOf(cp) }),
        );
        return 0;
      }
      console.log(versionLine(cp.versions));
      console.log(`${cp.started ? 'started' : 'already running'}: ${cp.nodes.length} node(s); kubeconfig: ${cp.adminKubeconfig}`);
      console.log(`logs: ${path.join(stateDir, 'logs')}; shell: eval "$(npm run -s testenv -- env)"`);
      return 0;
    }
    case 'release': {
      const { values } = parseArgs({ args: rest, options: { holder: { type: 'string' } } });
      if (values.holder === undefined) throw new UsageError('release needs --holder PID (the process that held it with up --holder)');
      const outcome = await release({ stateDir, holder: positiveInteger('holder', values.holder) });
      console.log(
        outcome === 'stopped'
          ? `stopped the control plane and removed ${stateDir} (the last holder released it)`
          : `the control plane in ${stateDir} keeps running`,
      );
      return 0;
    }
    case 'env': {
      const cp = await runningControlPlane(stateDir);
      console.log(`export KUBECONFIG='${cp.adminKubeconfig}'`);
      console.log(`export PATH='${path.dirname(cp.binaries.helm)}':"$PATH"`);
      return 0;
    }
    case 'kubeconfig': {
      const { values } = parseArgs({ args: rest, options: { namespace: { type: 'string' }, 'service-account': { type: 'string' } } });
      if (!values.namespace || !values['service-account']) throw new UsageError('kubeconfig needs --namespace and --service-account');
      const cp = await runningControlPlane(stateDir);
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(cp.adminKubeconfig);
      const sa = await serviceAccountKubeconfig({ ...endpointOf(cp), kubeConfig }, values.namespace, values['service-account']);
      console.log(sa.kubeconfigPath);
      return 0;
    }
    case 'which': {
      const name = rest[0] as BinaryName | undefined;
      if (rest.length !== 1 || !name || !BINARY_NAMES.includes(name)) throw new UsageError(`which needs one of ${BINARY_NAMES.join(', ')}`);
      const [report] = buildBinaries({ only: [name], log: toStderr });
      console.log(report!.path);
      return 0;
    }
    case 'down': {
      const stopped = await down({ stateDir });
      console.log(stopped ? `stopped the control plane and removed ${stateDir}` : `nothing to stop in ${stateDir}`);
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}": want build, up, release, env, kubeconfig, which or down`);
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (err) {
    console.error(`testenv: ${errorMessage(err)}`);
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(USAGE);
      return 2;
    }
    return 1;
  }
}
