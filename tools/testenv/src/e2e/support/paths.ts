import path from 'node:path';
import { REPO_ROOT } from '../../paths';

/** The processes the end-to-end tests start, as a user would start them (each package built first). */
export const APP_MAIN = (scaler: 'infadapter' | 'ipa' | 'sponge') => path.join(REPO_ROOT, 'apps', scaler, 'dist', 'main.js');
export const CLI = path.join(REPO_ROOT, 'tools', 'cli', 'bin', 'infscale.js');
export const EMULATOR = path.join(REPO_ROOT, 'tools', 'emulator', 'bin', 'emulator.js');
