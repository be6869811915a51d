#!/usr/bin/env node
import { scalerCli } from '@infscale/runtime';
import { infAdapterApp } from './build';

void scalerCli(process.argv.slice(2), infAdapterApp);
