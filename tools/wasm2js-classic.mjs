// Turns binaryen's wasm2js output (an ES module) into a classic script that the background can inject
// into a content script's isolated world: `globalThis.__wicAssistWasm2js(imports)` returns the exports.
import { readFileSync, writeFileSync } from "node:fs";

const [input, output] = process.argv.slice(2);
const src = readFileSync(input, "utf8");
const lines = src.split("\n");
const body = [];
for (const line of lines) {
  if (/^import \* as [\w$]+ from '[^']+';$/.test(line)) continue; // imports arrive as the factory's argument
  if (/^var retasmFunc = /.test(line)) break; // from here on: instantiation and exports
  body.push(line);
}
if (!body.some((l) => /^function asmFunc\(/.test(l))) {
  console.error(`wasm2js-classic: no asmFunc in ${input}; binaryen's output format changed`);
  process.exit(1);
}
writeFileSync(output, `"use strict";\n${body.join("\n")}\nglobalThis.__wicAssistWasm2js = asmFunc;\n`);
