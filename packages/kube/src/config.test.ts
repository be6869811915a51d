import { ConfigError } from '@infscale/core';
import { parseKubeActuatorConfig } from './config';

const valid = {
  scaler: 'infadapter',
  namespace: 'serving',
  template: { spec: { containers: [{ name: 'server', image: 'tfserving:2.8' }] } },
};

describe('parseKubeActuatorConfig', () => {
  it('fills the defaults', () => {
    const config = parseKubeActuatorConfig(valid);
    expect(config.connection).toEqual({ mode: 'in-cluster' });
    expect(config.routing.configMap).toBe(true);
    expect(config.leaderElection.enabled).toBe(true);
    expect(config.dryRun).toBe(false);
  });

  it('names the wrong field', () => {
    expect(() => parseKubeActuatorConfig({ ...valid, namespace: 'Not_Valid' })).toThrow(
      /namespace: must be a Kubernetes DNS-1123 label \(lower-case letters, .*, e\.g\. resnet-50\): it is the namespace the scaler acts in/,
    );
    expect(() => parseKubeActuatorConfig({ ...valid, targets: ['web', 'a'.repeat(64)] })).toThrow(
      /targets\.1: must be a Kubernetes DNS-1123 label .*at most 63 characters/,
    );
    expect(() => parseKubeActuatorConfig({ ...valid, leaderElection: { leaseName: 'infscale.lease' } })).toThrow(
      /leaderElection\.leaseName: must be a Kubernetes DNS-1123 label/,
    );
    expect(() => parseKubeActuatorConfig({ ...valid, template: { spec: { containers: [] } } })).toThrow(
      /template\.spec\.containers: needs at least one container/,
    );
    expect(() => parseKubeActuatorConfig({ ...valid, connection: { mode: 'kubeconfig', path: '' } })).toThrow(ConfigError);
    expect(() => parseKubeActuatorConfig({ ...valid, routing: { adminUrls: { main: 'nope' } } })).toThrow(/routing\.adminUrls\.main/);
  });

  it('takes a qualified name as resizeReadinessGate, off by default', () => {
    expect(parseKubeActuatorConfig(valid).resizeReadinessGate).toBeUndefined();
    for (const gate of ['infscale.io/resized', 'Resized'])
      expect(parseKubeActuatorConfig({ ...valid, resizeReadinessGate: gate }).resizeReadinessGate).toBe(gate);
    expect(() => parseKubeActuatorConfig({ ...valid, resizeReadinessGate: 'not a name' })).toThrow(
      /resizeReadinessGate: must be a Kubernetes qualified name \(.*e\.g\. infscale\.io\/resized\): it is a pod condition type/,
    );
  });
});
