#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript compiled to build/ by `npm install` (prepare) or `npm run build`.
'use strict';
const path = require('path');

const built = path.join(__dirname, '..', 'build', 'cli');
let relaunch;
try {
  relaunch = require(path.join(built, 'relaunch.js'));
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(built)) {
    console.error(`deepcolor: the CLI is not built (${built} is missing). Run \`npm install\` or \`npm run build\` in ${path.join(__dirname, '..')}.`);
    process.exitCode = 1;
    return;
  }
  throw err;
}

function runHere() {
  // Relaunched (below): stop with the launcher, however it ends.
  relaunch.stopWithLauncher();
  // Loaded only here: the relaunching parent needs none of the CLI.
  require(path.join(built, 'main.js')).main(process.argv).then(
    (code) => { process.exitCode = code; },
    (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exitCode = 1; },
  );
}

// On Linux, once, with glibc's malloc tuned for big pages (cli/relaunch.ts says why).
const env = relaunch.tunedMallocEnv(process.env, process.platform);
if (env) {
  relaunch.runRelaunched([...process.execArgv, __filename, ...process.argv.slice(2)], env).then(
    ({ code, signal }) => {
      if (signal) process.kill(process.pid, signal); // end the way it ended (the forwarding listeners are gone)
      else process.exitCode = code === null ? 1 : code;
    },
    () => runHere(), // could not start a process: run here, untuned
  );
} else {
  runHere();
}
