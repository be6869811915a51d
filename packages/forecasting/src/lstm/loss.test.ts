import { initTensorflow, tensorflow } from '../tensorflow';
import { pinballLoss } from './loss';

beforeAll(() => initTensorflow(), 30_000);

describe('pinballLoss', () => {
  it('weighs a shortfall by τ and an excess by 1 − τ', () => {
    const tf = tensorflow();
    const loss = pinballLoss(0.9);
    const value = (actual: number, predicted: number) => loss(tf.tensor2d([[actual]]), tf.tensor2d([[predicted]])).dataSync()[0];
    expect(value(10, 8)).toBeCloseTo(1.8, 6);
    expect(value(10, 12)).toBeCloseTo(0.2, 6);
    expect(value(10, 10)).toBe(0);
  });

  it('refuses a quantile outside (0, 1)', () => {
    expect(() => pinballLoss(1)).toThrow(/quantile in \(0, 1\)/);
    expect(() => pinballLoss(0)).toThrow(RangeError);
  });
});
