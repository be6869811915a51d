#!/usr/bin/env node
// `npm run generate -w @infscale/tool-helm-check`: rewrites helm/infscale/values.schema.json from the zod schemas.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scalerRegistry } from '@infscale/scalers';
import { chartValuesSchema, valuesSchemaText } from './chart-values-schema';

const REPO_ROOT = join(__dirname, '../../..');
const file = join(REPO_ROOT, 'helm/infscale/values.schema.json');
const current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
writeFileSync(file, valuesSchemaText(chartValuesSchema(current, scalerRegistry)));
process.stdout.write(`wrote ${relative(REPO_ROOT, file)}\n`);
