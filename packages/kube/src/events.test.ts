import { silentLogger } from '@infscale/core';
import { EventRecorder } from './events';
import { ClientNodeKubeApi } from './kube-client';
import { NAMESPACE, startHarness } from './test-support/harness';

type Harness = Awaited<ReturnType<typeof startHarness>>;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const deployment = { kind: 'Deployment', apiVersion: 'apps/v1', name: 'sponge' } as const;

describe('EventRecorder against the fake API server', () => {
  let h: Harness;
  let recorder: EventRecorder;
  const events = () => h.server.store.list('events', NAMESPACE) as Obj[];
  const writes = () => h.server.requests.filter((r) => r.path.includes('/events')).map((r) => `${r.method} ${r.code} ${r.contentType}`);
  beforeEach(async () => {
    h = await startHarness();
    recorder = new EventRecorder(new ClientNodeKubeApi(h.server.kubeConfig(NAMESPACE), NAMESPACE), 'infscale-sponge', 'pod-a', h.clock, silentLogger);
  });
  afterEach(() => h.close());

  it('a repeated event (same object, reason and message) is one Event: count++ and lastTimestamp, by strategic merge patch', async () => {
    await recorder.record(deployment, 'Warning', 'ResizeDeferred', 'cannot grow');
    h.clock.advance(10_000);
    await recorder.record(deployment, 'Warning', 'ResizeDeferred', 'cannot grow');
    h.clock.advance(5_000);
    await recorder.record(deployment, 'Warning', 'ResizeDeferred', 'cannot grow');
    expect(events()).toHaveLength(1);
    expect(events()[0]).toMatchObject({ count: 3, firstTimestamp: '2023-11-14T22:13:20.000Z', lastTimestamp: '2023-11-14T22:13:35Z', message: 'cannot grow' });
    expect(writes()).toEqual(['POST 201 application/json', 'PATCH 200 application/strategic-merge-patch+json', 'PATCH 200 application/strategic-merge-patch+json']);
  });

  it('another message, reason, type or object is a new Event', async () => {
    await recorder.record(deployment, 'Warning', 'ResizeDeferred', 'cannot grow');
    await recorder.record(deployment, 'Warning', 'ResizeDeferred', 'cannot grow to 8');
    await recorder.record(deployment, 'Warning', 'ResizeInfeasible', 'cannot grow');
    await recorder.record(deployment, 'Normal', 'ResizeDeferred', 'cannot grow');
    await recorder.record({ ...deployment, name: 'other' }, 'Warning', 'ResizeDeferred', 'cannot grow');
    expect(events()).toHaveLength(5);
    expect(events().every((e) => e.count === 1)).toBe(true);
  });

  it('a repeat of an event that expired is created again, keeping its count', async () => {
    await recorder.record(deployment, 'Normal', 'SuccessfulRescale', 'New size: 2');
    const [first] = events();
    h.server.store.delete({ resource: 'events', group: '', kind: 'Event' }, NAMESPACE, first!.metadata.name);
    await recorder.record(deployment, 'Normal', 'SuccessfulRescale', 'New size: 2');
    expect(events()).toEqual([expect.objectContaining({ count: 2, reason: 'SuccessfulRescale' })]);
    expect(writes()).toEqual(['POST 201 application/json', 'PATCH 404 application/strategic-merge-patch+json', 'POST 201 application/json']);
  });

  it('the fake server rejects what a real one cannot decode in an event', async () => {
    await recorder.record(deployment, 'Normal', 'SuccessfulRescale', 'New size: 2');
    const api = new ClientNodeKubeApi(h.server.kubeConfig(NAMESPACE), NAMESPACE);
    const name = events()[0]!.metadata.name as string;
    await expect(api.patchEvent(name, { count: 'two' })).rejects.toThrow(/cannot unmarshal string into Go struct field Event.count of type int32/);
    await expect(api.patchEvent(name, { lastTimestamp: 'yesterday' })).rejects.toThrow(/cannot parse lastTimestamp/);
    expect(events()[0]!.count).toBe(1);
  });
});
