module.exports = { ...require('../../jest.preset.js'), displayName: 'emulator-process' };
