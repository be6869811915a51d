import { ManualClock, silentLogger } from '@infscale/core';
import { createServiceAccount, serviceAccountKubeconfig, startClusterHarness, type ClusterHarness } from './test-support';
import { describeFailure } from './api-error';
import { EventRecorder } from './events';
import { ClientNodeKubeApi } from './kube-client';

const deployment = { kind: 'Deployment', apiVersion: 'apps/v1', name: 'sponge' } as const;

describe('EventRecorder against the real API server', () => {
  let h: ClusterHarness;
  let api: ClientNodeKubeApi;
  let recorder: EventRecorder;
  // Event timestamps come from the recorder's clock: the API server stores what it is given.
  const clock = new ManualClock(1_700_000_000_000);
  const events = async () => (await h.events()).filter((e) => e.source?.component === 'infscale-sponge');
  const writes = () => h.proxy.requests.filter((r) => r.path.includes('/events')).map((r) => `${r.method} ${r.code} ${r.contentType}`);
  beforeEach(async () => {
    h = await startClusterHarness({ name: 'events', nodes: [] });
    await createServiceAccount(h.cp, h.namespace, 'recorder');
    const account = await serviceAccountKubeconfig(h.cp, h.namespace, 'recorder', { server: h.proxy.url });
    api = new ClientNodeKubeApi(account.kubeConfig, h.namespace);
    recorder = new EventRecorder(api, 'infscale-sponge', 'pod-a', clock, silentLogger);
  });
  afterEach(() => h.close());

  it('a repeated event (same object, reason and message) is one Event: count++ and lastTimestamp, by strategic merge patch', async () => {
    clock.set(1_700_000_000_000);
    await recorder.record(deployment, 'Warning', 'ResizeDeferred', 'cannot grow');
    clock.advance(10_000);
    await recorder.record(deployment, 'Warning', 'ResizeDeferred', 'cannot grow');
    clock.advance(5_000);
    await recorder.record(deployment, 'Warning', 'ResizeDeferred', 'cannot grow');
    const stored = await events();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ count: 3, message: 'cannot grow' });
    expect(stored[0]!.firstTimestamp?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(stored[0]!.lastTimestamp?.toISOString()).toBe('2023-11-14T22:13:35.000Z');
    expect(writes()).toEqual([
      'POST 201 application/json',
      'PATCH 200 application/strategic-merge-patch+json',
      'PATCH 200 application/strategic-merge-patch+json',
    ]);
  });

  it('another message, reason, type or object is a new Event', async () => {
    await recorder.record(deployment, 'Warning', 'ResizeDeferred', 'cannot grow');
    await recorder.record(deployment, 'Warning', 'ResizeDeferred', 'cannot grow to 8');
    await recorder.record(deployment, 'Warning', 'ResizeInfeasible', 'cannot grow');
    await recorder.record(deployment, 'Normal', 'ResizeDeferred', 'cannot grow');
    await recorder.record({ ...deployment, name: 'other' }, 'Warning', 'ResizeDeferred', 'cannot grow');
    const stored = await events();
    expect(stored).toHaveLength(5);
    expect(stored.every((e) => e.count === 1)).toBe(true);
  });

  it('a repeat of an event that expired is created again, keeping its count', async () => {
    await recorder.record(deployment, 'Normal', 'SuccessfulRescale', 'New size: 2');
    const [first] = await events();
    await h.core.deleteNamespacedEvent({ name: first!.metadata!.name!, namespace: h.namespace });
    await recorder.record(deployment, 'Normal', 'SuccessfulRescale', 'New size: 2');
    expect(await events()).toEqual([expect.objectContaining({ count: 2, reason: 'SuccessfulRescale' })]);
    expect(writes()).toEqual(['POST 201 application/json', 'PATCH 404 application/strategic-merge-patch+json', 'POST 201 application/json']);
  });

  it('the API server refuses what it cannot decode in an event, and keeps the event as it was', async () => {
    await recorder.record(deployment, 'Normal', 'SuccessfulRescale', 'New size: 2');
    const name = (await events())[0]!.metadata!.name!;
    // 422 Invalid, not the 400 "cannot unmarshal" the old fake server imitated.
    const refused = async (patch: object) =>
      describeFailure(
        await api.patchEvent(name, patch).then(
          () => undefined,
          (err: unknown) => err,
        ),
      );
    expect(await refused({ count: 'two' })).toMatchObject({ code: 422, reason: 'Invalid', message: expect.stringMatching(/unrecognized type: int32/) });
    expect(await refused({ lastTimestamp: 'yesterday' })).toMatchObject({ code: expect.any(Number), message: expect.stringMatching(/yesterday/) });
    expect((await events())[0]!.count).toBe(1);
  });
});
