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
    expect(() => parseKubeActuatorConfig({ ...valid, targets: ['web', 'Web_1'] })).toThrow(
      /targets\.1: must be a Kubernetes DNS-1123 subdomain .*at most 253 characters.*: it is the name of a deployment the scaler may scale and resize/,
    );
    expect(() => parseKubeActuatorConfig({ ...valid, leaderElection: { leaseName: 'infscale..lease' } })).toThrow(
      /leaderElection\.leaseName: must be a Kubernetes DNS-1123 subdomain .*: it is the name of the Lease object/,
    );
    expect(() => parseKubeActuatorConfig({ ...valid, template: { spec: { containers: [] } } })).toThrow(
      /template\.spec\.containers: needs at least one container/,
    );
    expect(() => parseKubeActuatorConfig({ ...valid, connection: { mode: 'kubeconfig', path: '' } })).toThrow(ConfigError);
    expect(() => parseKubeActuatorConfig({ ...valid, routing: { adminUrls: { main: 'nope' } } })).toThrow(/routing\.adminUrls\.main/);
  });

  // Both name only their own object (a Deployment found by name, its pods by its own selector; the Lease):
  // Kubernetes allows those DNS-1123 subdomains, longer than a label's 63 and dotted.
  it('takes a DNS-1123 subdomain as a target and as the lease name: 64 to 253 characters, dots', () => {
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(long).toHaveLength(253);
    for (const name of ['a'.repeat(64), 'resnet18.v2', long]) {
      expect(parseKubeActuatorConfig({ ...valid, targets: [name] }).targets).toEqual([name]);
      expect(parseKubeActuatorConfig({ ...valid, leaderElection: { leaseName: name } }).leaderElection.leaseName).toBe(name);
    }
  });

  it('refuses a target or lease name past 253 characters, naming the field', () => {
    const name = 'a'.repeat(254);
    expect(() => parseKubeActuatorConfig({ ...valid, targets: [name] })).toThrow(
      /targets\.0: must be a Kubernetes DNS-1123 subdomain .*at most 253 characters/,
    );
    expect(() => parseKubeActuatorConfig({ ...valid, leaderElection: { leaseName: name } })).toThrow(
      /leaderElection\.leaseName: must be a Kubernetes DNS-1123 subdomain .*at most 253 characters/,
    );
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
