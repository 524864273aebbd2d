#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript compiled to build/ by `npm install` (prepare) or `npm run build`.
'use strict';
const path = require('path');

const entry = path.join(__dirname, '..', 'build', 'cli', 'main.js');
let cli;
try {
  cli = require(entry);
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(entry)) {
    console.error(`deepcolor: the CLI is not built (${entry} is missing). Run \`npm install\` or \`npm run build\` in ${path.join(__dirname, '..')}.`);
    process.exitCode = 1;
    return;
  }
  throw err;
}

cli.main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exitCode = 1; },
);
