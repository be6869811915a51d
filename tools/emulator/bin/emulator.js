#!/usr/bin/env node
// The model-server emulator as a process (tools/emulator and packages/emulator, its library, must be built: npm run build).
require('../dist/main.js');
