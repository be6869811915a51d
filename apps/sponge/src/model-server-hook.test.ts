import type { ActionPlan, ClusterState, DeploymentStatus } from '@infscale/core';
import { memoryJsonLogger } from '@infscale/runtime/testing';
import { modelServerHook } from './model-server-hook';

const status = (over: Partial<DeploymentStatus> = {}): DeploymentStatus => ({
  name: 'resnet18',
  variant: '',
  stage: 'main',
  replicas: 1,
  cores: 4,
  batch: 2,
  readyReplicas: 1,
  actualCores: 4,
  ...over,
});
const cluster = (d: DeploymentStatus): ClusterState => ({ deployments: [d], routing: [] }) as unknown as ClusterState;
const RESIZE: ActionPlan = { reason: 'r', actions: [{ type: 'resize', name: 'resnet18', cores: 4, mode: 'in-place' }] };
const ROUTE_ONLY: ActionPlan = { reason: 'r', actions: [{ type: 'route', routing: { stage: 'main', weights: { resnet18: 1 } } }] };
const URLS = ['http://127.0.0.1:1/admin/config', 'http://127.0.0.1:2/admin/config'];

async function calls(plan: ActionPlan, d: DeploymentStatus, dryRun = false, urls = URLS, tokenFile?: string) {
  const posted: { url: string; body: unknown; tokenFile?: string }[] = [];
  const log = memoryJsonLogger();
  const post = async (url: string, body: unknown, _timeoutMs: number, file?: string) => void posted.push({ url, body, ...(file ? { tokenFile: file } : {}) });
  await modelServerHook(
    'resnet18',
    { urls, timeoutMs: 500, ...(tokenFile ? { tokenFile } : {}) },
    post,
  )({ plan, cluster: cluster(d), status: { busy: false }, dryRun, logger: log.logger });
  return { posted, lines: log.lines() };
}

describe("the model-server hook (Sponge's /change)", () => {
  it('tells every URL the cores the container actually got and the batch, after a resize', async () => {
    const { posted } = await calls(RESIZE, status({ cores: 4, actualCores: 3, resize: 'infeasible' }));
    expect(posted).toEqual(URLS.map((url) => ({ url, body: { cores: 3, batchSize: 2 } })));
  });

  it('hands the admin token file to every POST', async () => {
    const { posted } = await calls(RESIZE, status(), false, URLS, '/etc/infscale/admin/token');
    expect(posted.map((p) => p.tokenFile)).toEqual(['/etc/infscale/admin/token', '/etc/infscale/admin/token']);
  });

  it.each([
    ['the resize is still in progress', RESIZE, status({ resize: 'in-progress', actualCores: 2 })],
    ['the plan did not touch the server', ROUTE_ONLY, status()],
  ])('posts nothing when %s', async (_, plan, d) => {
    expect((await calls(plan, d)).posted).toEqual([]);
  });

  it('only logs what it would post in a dry run', async () => {
    const { posted, lines } = await calls(RESIZE, status(), true);
    expect(posted).toEqual([]);
    expect(lines).toEqual(URLS.map((url) => expect.objectContaining({ msg: 'dry-run: would tell the model server its threads', url, cores: 4, batchSize: 2 })));
  });
});
