import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelFormatError } from './errors';
import { errorMessage } from '@infscale/core';
import { validateInputFeatures } from './input-features';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, modelFeatures, type ForecastModel, type ForecastModelMeta } from './lstm/forecast-model';
import { ENCODINGS, type Encoding } from './lstm/encoding';
import { extractWeights } from './lstm/forward';
import { PRESET_NAMES, type PresetName } from './presets';
import type { LayersModel, io } from '@tensorflow/tfjs';
import { tensorflow, withoutOrthogonalWarning } from './tensorflow';
import { validateWindowSpec } from './window-spec';

export const MODEL_FILES = { topology: 'model.json', weights: 'weights.bin', meta: 'forecaster.json' } as const;

/**
 * Writes the TensorFlow.js format ourselves (model.json + weights.bin; `file://` needs tfjs-node)
 * and forecaster.json with the preset, window and normalization.
 */
export async function saveForecastModel(dir: string, model: ForecastModel): Promise<void> {
  const tf = tensorflow();
  mkdirSync(dir, { recursive: true });
  await model.network.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [MODEL_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(join(dir, MODEL_FILES.topology), JSON.stringify(modelJson));
      writeFileSync(join(dir, MODEL_FILES.weights), Buffer.from(weightData));
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON', weightDataBytes: weightData.byteLength } };
    }),
  );
  writeFileSync(join(dir, MODEL_FILES.meta), JSON.stringify(model.meta, null, 2) + '\n');
}

function readFile(dir: string, name: string): Buffer {
  try {
    return readFileSync(join(dir, name));
  } catch (err) {
    throw new ModelFormatError(`cannot read ${join(dir, name)}: ${(err as Error).message}`);
  }
}

function parseJson(dir: string, name: string): unknown {
  try {
    return JSON.parse(readFile(dir, name).toString('utf8'));
  } catch (err) {
    if (err instanceof ModelFormatError) throw err;
    throw new ModelFormatError(`${join(dir, name)} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Checks forecaster.json field by field so a hand-edited or foreign file fails with its name. */
export function parseMeta(raw: unknown, where: string): ForecastModelMeta {
  const meta = raw as Partial<ForecastModelMeta> | null;
  const bad = (what: string) => new ModelFormatError(`${where}: ${what}`);
  if (!meta || typeof meta !== 'object') throw bad('not a JSON object');
  if (meta.format !== MODEL_FORMAT) throw bad(`format is ${JSON.stringify(meta.format)}, expected "${MODEL_FORMAT}"`);
  const version = meta.version as number | undefined;
  if (version !== 1 && version !== MODEL_FORMAT_VERSION) throw bad(`version ${String(version)} is not supported (expected 1 or ${MODEL_FORMAT_VERSION})`);
  if (!PRESET_NAMES.includes(meta.preset as PresetName)) throw bad(`unknown preset ${JSON.stringify(meta.preset)}`);
  if (!meta.window) throw bad('window is missing');
  try {
    validateWindowSpec(meta.window);
  } catch (err) {
    throw bad((err as Error).message);
  }
  const scale = meta.normalization?.scale;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) throw bad(`normalization.scale must be a positive number, got ${String(scale)}`);
  // Version 1 predates the encoding: it always divided by the scale.
  const encoding = version === 1 ? 'absolute' : meta.normalization?.encoding;
  if (!ENCODINGS.includes(encoding as Encoding)) throw bad(`normalization.encoding must be one of ${ENCODINGS.join(', ')}, got ${JSON.stringify(encoding)}`);
  const quantile = meta.training?.quantile;
  if (quantile !== undefined && !(quantile > 0 && quantile < 1)) throw bad(`training.quantile must be in (0, 1), got ${String(quantile)}`);
  const damping = meta.training?.damping;
  if (damping !== undefined && !(Number.isInteger(damping) && damping >= 1)) throw bad(`training.damping must be a whole number ≥ 1, got ${String(damping)}`);
  const features = meta.training?.features;
  if (features !== undefined) {
    if (!Array.isArray(features)) throw bad(`training.features must be a list, got ${JSON.stringify(features)}`);
    try {
      validateInputFeatures(features, 'training.features');
    } catch (err) {
      throw bad(errorMessage(err));
    }
  }
  const roundUpFrom = meta.rounding?.roundUpFrom;
  if (meta.rounding !== undefined && !(typeof roundUpFrom === 'number' && roundUpFrom > 0 && roundUpFrom <= 1))
    throw bad(`rounding.roundUpFrom must be in (0, 1], got ${String(roundUpFrom)}`);
  return { ...meta, version: MODEL_FORMAT_VERSION, normalization: { scale, encoding: encoding as Encoding } } as ForecastModelMeta;
}

/**
 * Loads a saved model; with `expectedPreset`, refuses a model trained for another preset (its
 * windows mean something else: minutes vs 10 s blocks, damped vs raw counts).
 */
export async function loadForecastModel(dir: string, expectedPreset?: PresetName): Promise<ForecastModel> {
  const tf = tensorflow();
  const meta = parseMeta(parseJson(dir, MODEL_FILES.meta), join(dir, MODEL_FILES.meta));
  if (expectedPreset && meta.preset !== expectedPreset) {
    throw new ModelFormatError(`the model in ${dir} was trained for preset "${meta.preset}", not "${expectedPreset}"`);
  }
  const modelJson = parseJson(dir, MODEL_FILES.topology) as { modelTopology?: object; weightsManifest?: { weights: io.WeightsManifestEntry[] }[] };
  const weightSpecs = modelJson.weightsManifest?.[0]?.weights;
  if (!modelJson.modelTopology || !weightSpecs) throw new ModelFormatError(`${join(dir, MODEL_FILES.topology)} has no modelTopology or weightsManifest`);
  const bin = readFile(dir, MODEL_FILES.weights);
  let network: LayersModel;
  try {
    const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
    const handler = tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData });
    network = await withoutOrthogonalWarning(() => tf.loadLayersModel(handler));
  } catch (err) {
    throw new ModelFormatError(`cannot load the TensorFlow.js model in ${dir}: ${(err as Error).message}`);
  }
  const inputShape = network.inputs[0]?.shape;
  if (inputShape?.[1] !== meta.window.inputSteps) {
    throw new ModelFormatError(`${dir}: the network takes ${String(inputShape?.[1])} steps but forecaster.json says ${meta.window.inputSteps}`);
  }
  const features = modelFeatures(meta);
  if (inputShape?.[2] !== features.length) {
    throw new ModelFormatError(`${dir}: the network takes ${String(inputShape?.[2])} features per step but forecaster.json says ${features.join(',')}`);
  }
  return { meta, network, weights: extractWeights(network) };
}
