#!/usr/bin/env node
// The model-server emulator as a process (tools/emulator must be built: npm run build).
require('../dist/main.js');
