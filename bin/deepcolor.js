#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript compiled to build/ by `npm install` (prepare).
require('../build/cli/main.js').main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exitCode = 1; },
);
