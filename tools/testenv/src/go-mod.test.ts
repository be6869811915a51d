import { requiredVersion } from './go-mod';

const GO_MOD = `module infscale.local/testenv/helm

go 1.26.0

tool helm.sh/helm/v4/cmd/helm

require (
	dario.cat/mergo v1.0.1 // indirect
	helm.sh/helm/v4 v4.3.2 // indirect
	k8s.io/api v0.37.2 // indirect
)

require k8s.io/kubernetes v1.36.3
`;

describe('requiredVersion', () => {
  it('reads a version from a require block and from a single require line', () => {
    expect(requiredVersion(GO_MOD, 'helm.sh/helm/v4')).toBe('v4.3.2');
    expect(requiredVersion(GO_MOD, 'k8s.io/kubernetes')).toBe('v1.36.3');
  });

  it('does not take a module whose path only starts with the one asked for', () => {
    expect(() => requiredVersion(GO_MOD, 'k8s.io/ap')).toThrow('go.mod does not require k8s.io/ap');
  });
});
