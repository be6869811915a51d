import { main } from './cli';

describe('testenv CLI', () => {
  let errors: string[];
  beforeEach(() => {
    errors = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    [['start'], 'testenv: unknown command "start": want build, up, release, env, kubeconfig, which or down'],
    [['release'], 'testenv: release needs --holder PID (the process that held it with up --holder)'],
    [['up', '--holder', 'me'], 'testenv: --holder must be a positive whole number, got "me"'],
    [['which', 'kubectl'], 'testenv: which needs one of controlplane, helm'],
    [['up', '--nodes', '0'], 'testenv: --nodes must be a positive whole number, got "0"'],
    [['up', '--node-cpu', 'lots'], 'testenv: --node-cpu must be a CPU quantity such as 4, 2.5 or 2500m, got "lots"'],
    [['kubeconfig', '--namespace', 'a'], 'testenv: kubeconfig needs --namespace and --service-account'],
  ])('%j exits 2 naming what is wrong', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(errors[0]).toBe(message);
  });
});
