/** Bad forecaster input (empty history, NaN, negative counts): the message names the offending entry. */
export class ForecastInputError extends Error {
  override name = 'ForecastInputError';
}

/** A model directory that is missing, malformed or trained for another preset. */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}
