#!/usr/bin/env node
import { scalerCli } from '@infscale/runtime';
import { spongeApp } from './build';

void scalerCli(process.argv.slice(2), spongeApp);
