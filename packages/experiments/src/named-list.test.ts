import { namedList, unknownNamesMessage } from './named-list';

describe('namedList', () => {
  const all = ['video', 'audio-qa', 'nlp'];

  it('takes one name, a comma-separated list in the order given (each once), or all', () => {
    expect(namedList('nlp', all)).toEqual({ names: ['nlp'], unknown: [] });
    expect(namedList('nlp, video,nlp', all)).toEqual({ names: ['nlp', 'video'], unknown: [] });
    expect(namedList('all', all)).toEqual({ names: all, unknown: [] });
  });

  it('takes the named-only names when named, never as part of all', () => {
    expect(namedList('train-surge,video', all, ['train-surge'])).toEqual({ names: ['train-surge', 'video'], unknown: [] });
    expect(namedList('all', all, ['train-surge']).names).not.toContain('train-surge');
  });

  it('returns unknown and empty names for the caller to refuse', () => {
    expect(namedList('video,speech', all).unknown).toEqual(['speech']);
    expect(namedList('video,', all).unknown).toEqual(['']);
    expect(namedList('', all).unknown).toEqual(['']);
    expect(namedList('all,video', all).unknown).toEqual(['all']);
  });

  it('says what is valid', () => {
    expect(unknownNamesMessage(['speech', ''], all, ['train-surge'])).toBe(
      '"speech", an empty name not known: must be one of video, audio-qa, nlp, train-surge, a comma-separated list of them, or all',
    );
  });
});
