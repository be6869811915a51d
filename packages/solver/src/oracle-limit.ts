/** Thrown inside an oracle when the space is too big; turned into a `failed` result by the caller. */
export class TooBigForOracle extends Error {}
