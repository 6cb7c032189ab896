// What a wasm module is made of: section sizes, the biggest functions (by body bytes, from the name
// section) and their sum per crate. Input: a module built with a name section (tools/bench.sh builds
// the shipped code once more without `strip` and runs wasm-opt -Oz -g), output JSON on stdout.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const buf = readFileSync(process.argv[2]);
let p = 8;
const leb = () => { let n = 0, s = 0, x; do { x = buf[p++]; n += (x & 127) * 2 ** s; s += 7; } while (x & 128); return n; };
const SECTION = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"];
const sections = {}, bodies = [], names = new Map();
let imported = 0;
while (p < buf.length) {
  const id = buf[p++], size = leb(), end = p + size;
  let label = SECTION[id] || `id${id}`;
  if (id === 0) {
    const l = leb(); label = "custom:" + buf.subarray(p, p + l).toString(); p += l;
    if (label === "custom:name") {
      while (p < end) {
        const sub = buf[p++], len = leb(), subEnd = p + len;
        if (sub === 1) { for (let c = leb(); c > 0; c--) { const i = leb(), l2 = leb(); names.set(i, buf.subarray(p, p + l2).toString()); p += l2; } }
        p = subEnd;
      }
    }
  } else if (id === 2) {
    for (let c = leb(); c > 0; c--) { let l = leb(); p += l; l = leb(); p += l; const kind = buf[p++];
      if (kind === 0) { imported++; leb(); } else if (kind === 1) { p++; const f = buf[p++]; leb(); if (f & 1) leb(); }
      else if (kind === 2) { const f = buf[p++]; leb(); if (f & 1) leb(); } else if (kind === 3) { p += 2; } }
  } else if (id === 10) {
    for (let c = leb(), i = 0; c > 0; c--, i++) { const s = leb(); bodies.push({ index: imported + i, start: p, size: s }); p += s; }
  }
  sections[label] = (sections[label] || 0) + size;
  p = end;
}
const demangle = (n) => n.replace(/::h[0-9a-f]{16}$/, "");
function crateOf(n) {
  let s = n.replace(/^_?</, "").replace(/^&(mut )?/, "").replace(/^\[/, "").replace(/^dyn /, "");
  const m = s.match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/);
  if (m) return m[1];
  if (n.startsWith("__wbg") || n.startsWith("__wbindgen") || n.startsWith("$")) return "(wasm-bindgen glue)";
  if (/^[a-z_][a-z0-9_]*$/.test(n)) return "(exported: wic_assist)";
  return "(other)";
}
const fns = bodies.map((b) => {
  const name = demangle(names.get(b.index) || `func[${b.index}]`);
  return { name, bytes: b.size, gzip: gzipSync(buf.subarray(b.start, b.start + b.size), { level: 9 }).length, crate: crateOf(name) };
});
const byCrate = {};
for (const f of fns) { const c = (byCrate[f.crate] ||= { bytes: 0, functions: 0 }); c.bytes += f.bytes; c.functions++; }
fns.sort((a, b) => b.bytes - a.bytes);
const total = buf.length;
console.log(JSON.stringify({
  file: process.argv[2], bytes: total, functions: fns.length, named: names.size,
  sections, by_crate: Object.fromEntries(Object.entries(byCrate).sort((a, b) => b[1].bytes - a[1].bytes)),
  top: fns.slice(0, 40).map(({ name, bytes, gzip, crate }) => ({ name: name.length > 160 ? name.slice(0, 157) + "..." : name, bytes, gzip_alone: gzip, crate })),
}, null, 1));
