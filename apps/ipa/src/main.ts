#!/usr/bin/env node
import { scalerCli } from '@infscale/runtime';
import { ipaApp } from './build';

void scalerCli(process.argv.slice(2), ipaApp);
