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
    expect(() => parseKubeActuatorConfig({ ...valid, namespace: 'Not_Valid' })).toThrow(/namespace: must be a DNS-1123 label/);
    expect(() => parseKubeActuatorConfig({ ...valid, template: { spec: { containers: [] } } })).toThrow(
      /template\.spec\.containers: needs at least one container/,
    );
    expect(() => parseKubeActuatorConfig({ ...valid, connection: { mode: 'kubeconfig', path: '' } })).toThrow(ConfigError);
    expect(() => parseKubeActuatorConfig({ ...valid, routing: { adminUrls: { main: 'nope' } } })).toThrow(/routing\.adminUrls\.main/);
  });
});
