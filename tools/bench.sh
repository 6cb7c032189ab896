#!/usr/bin/env bash
# Benchmarks (issue 7, docs/BENCHMARKS.md). Run through `./build.sh bench`, which first builds dist/
# and ensures Chromium. Honours CARGO_TARGET_DIR and WIC_DIST_DIR like build.sh; results go to
# target/bench/ (WIC_BENCH_OUT): summary.json, browser.json, sizes.json, criterion.json, wasm-weight.json.
#   WIC_BENCH_LOADS=20        page loads per engine for the time to panel
#   WIC_BENCH_PAGE_QUERY=...  extra query for the bench page, e.g. "sizes=1000,10000&budget_ms=5000"
#   WIC_BENCH_SKIP=criterion,weight,page,panel   skip parts (quick iterations)
#   WIC_WEIGHT_FEATURE=pages  weigh the extension pages' module instead of the content script's
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOOLS="$ROOT/.tools"
export PATH="$TOOLS/bin:$TOOLS/node_modules/.bin:$PATH"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="${WIC_DIST_DIR:-$ROOT/dist}"
OUT="${WIC_BENCH_OUT:-$ROOT/target/bench}"
SKIP=",${WIC_BENCH_SKIP:-},"
PEERS_DIR="$TOOLS/bench"          # git-ignored (.tools/); never a lockfile in the repository
FUSE_VERSION=7.5.0
MINISEARCH_VERSION=7.2.0
WASM_FLAGS="-C target-feature=-reference-types,-multivalue"   # the same build as the extension's
OPT_FLAGS=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext)

step() { printf '\n== bench: %s\n' "$*" >&2; }
skip() { [[ "$SKIP" == *",$1,"* ]]; }
mkdir -p "$OUT"

step "peers: fuse.js $FUSE_VERSION, minisearch $MINISEARCH_VERSION (npm, into .tools/bench)"
have() { node -p "require('$PEERS_DIR/node_modules/$1/package.json').version" 2>/dev/null || true; }
if [ "$(have fuse.js)" != "$FUSE_VERSION" ] || [ "$(have minisearch)" != "$MINISEARCH_VERSION" ]; then
  npm install --silent --no-audit --no-fund --no-package-lock --prefix "$PEERS_DIR" \
    "fuse.js@$FUSE_VERSION" "minisearch@$MINISEARCH_VERSION"
fi

step "bench wasm: wic-core's Index behind wasm-bindgen (release profile, same flags as the extension)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$WASM_FLAGS" \
  cargo build -q --release --target wasm32-unknown-unknown -p wic-bench-wasm
WWW="$OUT/www"
rm -rf "$WWW" && mkdir -p "$WWW/wasm" "$WWW/vendor" "$WWW/fixtures"
wasm-bindgen --target web --no-typescript --out-dir "$WWW/wasm" \
  "$TARGET/wasm32-unknown-unknown/release/wic_bench_wasm.wasm"
wasm-opt -Oz "${OPT_FLAGS[@]}" "$WWW/wasm/wic_bench_wasm_bg.wasm" -o "$WWW/wasm/wic_bench_wasm_bg.wasm"
cp bench/page/index.html bench/page/bench.js "$WWW/"
cp "$PEERS_DIR/node_modules/fuse.js/dist/fuse.mjs" "$WWW/vendor/fuse.mjs"
cp "$PEERS_DIR/node_modules/minisearch/dist/es/index.js" "$WWW/vendor/minisearch.js"
cp crates/core/tests/fixtures/duplicate_scenarios.json "$WWW/fixtures/"

step "size: every file dist/ ships (raw, gzip -9)"
python3 bench/sizes.py "$DIST" > "$OUT/sizes.json"

if ! skip weight; then
  step "weight: what the content script's wasm is made of (same build with a name section, wasm-opt -Oz -g)"
  NAMES="$TARGET/names"
  CARGO_TARGET_DIR="$NAMES" CARGO_PROFILE_RELEASE_STRIP=false CARGO_PROFILE_RELEASE_DEBUG=false \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$WASM_FLAGS" \
    cargo build -q --release --target wasm32-unknown-unknown -p wic-assist --lib \
    --no-default-features --features "${WIC_WEIGHT_FEATURE:-content}"
  # Unstripped, the module keeps std's target_features section (+reference-types), which makes
  # wasm-bindgen emit externref glue the build does not support: drop the section first.
  wasm-opt --strip-target-features -g "${OPT_FLAGS[@]}" --enable-mutable-globals \
    "$NAMES/wasm32-unknown-unknown/release/wic_assist.wasm" -o "$NAMES/nofeat.wasm"
  wasm-bindgen --target no-modules --no-typescript --keep-debug --out-dir "$NAMES/bindgen" "$NAMES/nofeat.wasm"
  wasm-opt -Oz -g "${OPT_FLAGS[@]}" "$NAMES/bindgen/nofeat_bg.wasm" -o "$NAMES/named.wasm"
  node bench/wasm-weight.mjs "$NAMES/named.wasm" > "$OUT/wasm-weight.json"
fi

if ! skip criterion; then
  step "native: criterion (wic-core, duplicates::Index at 1k / 10k / 100k)"
  rm -rf "$TARGET/criterion/duplicates"
  cargo bench -q -p wic-core --bench rank -- --noplot >&2
  python3 bench/criterion.py "$TARGET/criterion" > "$OUT/criterion.json"
fi

step "browser: ranking page (no extension) and time to panel (dist/ + sandbox --demo-data)"
cargo build -q -p wic-sandbox -p wic-bench
RUNNER_ARGS=(--www "$WWW" --out "$OUT/browser.json" --loads "${WIC_BENCH_LOADS:-20}")
[ -n "${WIC_BENCH_PAGE_QUERY:-}" ] && RUNNER_ARGS+=(--page-query "$WIC_BENCH_PAGE_QUERY")
skip page && RUNNER_ARGS+=(--skip-page)
skip panel && RUNNER_ARGS+=(--skip-panel)
WIC_DIST="$DIST" WIC_SANDBOX_BIN="$TARGET/debug/wic-sandbox" "$TARGET/debug/wic-bench" "${RUNNER_ARGS[@]}"

step "report"
python3 bench/report.py "$OUT"
