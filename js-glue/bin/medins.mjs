#!/usr/bin/env node
// `medins OP` through the wasm build: JSON on stdin, JSON on stdout, exit 0 ok,
// 1 the op failed, 2 usage error — the same contract as the native CLI: piped
// stdin is the input byte for byte (blank is not JSON); only an interactive
// terminal stands for `{}`.
import { load } from '../src/index.mjs';

const MAX_INPUT = 16 * 1024 * 1024;

async function readStdin() {
  const chunks = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > MAX_INPUT) break;  // the core answers call.input_too_large
  }
  return Buffer.concat(chunks);
}

const op = process.argv[2];
// MEDINS_TEST_NOW=<Unix seconds> fixes the clock, as in the native CLI.
const fixedNow = process.env.MEDINS_TEST_NOW;
const sdk = await load(fixedNow ? { now: () => Number(fixedNow) * 1000 } : {});
// The same text as the native CLI's (sdk/cli/main.cpp; tests/glue/boundary.test.mjs compares them).
if (process.argv.length === 3 && ['--help', '-h'].includes(op)) {
  process.stdout.write(`usage: medins OP < input.json
       medins --help

Runs one medins op: its input as one JSON object on stdin, its output as JSON
on stdout. Exit status: 0 the op succeeded; 1 it failed (the output is
{"error": {code, message, ...}}, docs/errors.md); 2 a usage error (an unknown
op, input that is not one JSON object, or more than 16 MiB).
MEDINS_TEST_NOW=<Unix seconds> fixes the clock. Each op's input and output:
docs/api.md. The ops:
${sdk.call('version').ops.map((name) => `  ${name}\n`).join('')}`);
  process.exit(0);
}
if (process.argv.length !== 3) {
  process.stderr.write('usage: medins OP < input.json (medins --help for more)\n');
  process.stdout.write(sdk.callRaw('', '{}').text + '\n');
  process.exit(2);
}
let input = '{}';
try {
  if (!process.stdin.isTTY) input = await readStdin();
} catch {
  process.stdout.write('{"error":{"code":"call.bad_input","message":"cannot read stdin"}}\n');
  process.exit(2);
}
const { text, outcome } = sdk.callRaw(op, input);
process.stdout.write(text + '\n');
process.exitCode = outcome;
