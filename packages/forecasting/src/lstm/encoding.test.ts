import { decodeOutput, encodeInputs, encodeTarget, fitNormalization, type Encoding } from './encoding';

describe('encodings', () => {
  const inputs = [4, 10, 40, 20];

  it.each<Encoding>(['absolute', 'log-relative'])('%s: decoding the encoded target gives the target back', (encoding) => {
    const n = fitNormalization(inputs, encoding);
    for (const target of [0, 3, 20, 55]) expect(decodeOutput(n, encodeTarget(n, target, 20), 20)).toBeCloseTo(target, 9);
  });

  it('absolute divides by the largest input; log-relative takes log1p and predicts the change from the last block', () => {
    expect(fitNormalization(inputs, 'absolute')).toEqual({ scale: 40, encoding: 'absolute' });
    const n = fitNormalization(inputs, 'log-relative');
    expect(n.scale).toBeCloseTo(Math.log1p(40), 12);
    const out = new Float64Array(4);
    encodeInputs(n, inputs, 0, 4, out);
    expect(out[2]).toBeCloseTo(1, 12);
    expect(encodeTarget(n, 20, 20)).toBe(0);
    expect(encodeTarget(n, 41, 20)).toBeCloseTo(Math.log(2), 12);
  });

  it('never decodes to a negative load', () => {
    expect(decodeOutput(fitNormalization(inputs, 'absolute'), -0.5, 20)).toBe(0);
    expect(decodeOutput(fitNormalization(inputs, 'log-relative'), -50, 20)).toBe(0);
  });
});
