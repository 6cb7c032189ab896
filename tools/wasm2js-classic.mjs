// Turns binaryen's wasm2js output (an ES module) into a classic script that the background can inject
// into a content script's isolated world: `globalThis.__wicAssistWasm2js(imports)` returns the exports;
// its memory growth detaches the old buffer, as WebAssembly's does.
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
// wasm2js grows memory by copying it into a new ArrayBuffer and leaves the old one alive, so
// wasm-bindgen's cached views (which look for a detached buffer, `byteLength === 0`) would go on
// reading the old memory: strings and structs read after the first growth come out as garbage.
// Detach the old buffer, as a real WebAssembly.Memory does on `grow`.
let text = body.join("\n");
const grow = text.indexOf("function __wasm_memory_grow(");
const assign = grow < 0 ? -1 : text.indexOf("buffer = newBuffer;", grow);
if (assign < 0) {
  console.error(`wasm2js-classic: no memory growth in ${input}; binaryen's output format changed`);
  process.exit(1);
}
text = `${text.slice(0, assign)}structuredClone(buffer, { transfer: [buffer] }); ${text.slice(assign)}`;
writeFileSync(output, `"use strict";\n${text}\nglobalThis.__wicAssistWasm2js = asmFunc;\n`);
