import { applyPatch, jsonPatch, mergePatch, strategicMergePatch, type Json } from './patch';

describe('patches', () => {
  it('merge patch (RFC 7386): null deletes, arrays replace', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3] })).toEqual({ a: 1, b: { d: 3, e: 4 }, l: [3] });
  });

  it('strategic merge keys containers and env by name', () => {
    const target: Json = { containers: [{ name: 'a', image: 'x', env: [{ name: 'K', value: '1' }, { name: 'L', value: '2' }] }, { name: 'b', image: 'y' }] };
    const out = strategicMergePatch(target, { containers: [{ name: 'a', env: [{ name: 'K', value: '9' }, { name: 'M', value: '3' }] }] });
    expect(out).toEqual({
      containers: [
        { name: 'a', image: 'x', env: [{ name: 'K', value: '9' }, { name: 'L', value: '2' }, { name: 'M', value: '3' }] },
        { name: 'b', image: 'y' },
      ],
    });
    expect(strategicMergePatch(target, { containers: [{ name: 'b', $patch: 'delete' }] })).toEqual({ containers: [(target as { containers: Json[] }).containers[0]] });
    expect(() => strategicMergePatch(target, { containers: [{ image: 'no-name' }] })).toThrow(/does not contain declared merge key: name/);
  });

  it('JSON patch (RFC 6902) applies all or nothing', () => {
    const doc: Json = { spec: { replicas: 1, list: [1, 2] } };
    expect(jsonPatch(doc, [{ op: 'replace', path: '/spec/replicas', value: 3 }, { op: 'add', path: '/spec/list/-', value: 3 }, { op: 'remove', path: '/spec/list/0' }])).toEqual({
      spec: { replicas: 3, list: [2, 3] },
    });
    expect(() => jsonPatch(doc, [{ op: 'replace', path: '/spec/missing', value: 1 }])).toThrow(/missing path/);
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/spec/replicas', value: 2 }])).toThrow(/testing value/);
    expect(doc).toEqual({ spec: { replicas: 1, list: [1, 2] } }); // untouched
  });

  it('chooses by content type and refuses others', () => {
    expect(applyPatch('application/merge-patch+json; charset=utf-8', { a: 1 }, { b: 2 })).toEqual({ a: 1, b: 2 });
    expect(() => applyPatch('application/apply-patch+yaml', {}, {})).toThrow(/unknown format/);
    expect(() => applyPatch('application/merge-patch+json', {}, [1])).toThrow(/cannot unmarshal array/);
  });
});
