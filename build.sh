#!/usr/bin/env bash
# wic-assist build, test, demo and bench entry point. Installs what it needs (idempotent, cached in .tools/).
#   ./build.sh          build dist/ (unpacked extension) and dist/wic-assist-<version>.zip
#   ./build.sh test     native tests, browser unit tests (wasm-bindgen-test), end-to-end tests
#   ./build.sh demo     sandbox with demo data; headless: a screenshot of an incident page with the panel
#   ./build.sh bench    benchmarks (see docs/BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
TOOLS="$ROOT/.tools"
BINARYEN_VERSION=132.0.0
GECKODRIVER_VERSION=0.37.1
export PATH="$TOOLS/bin:$TOOLS/node_modules/.bin:$PATH"
# Parallel work trees may build side by side: both folders can be moved (defaults: target/, dist/).
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="${WIC_DIST_DIR:-$ROOT/dist}"

step() { printf '\n== %s\n' "$*" >&2; CURRENT_STEP="$*"; }
CURRENT_STEP="start"
trap 'rc=$?; [ $rc -ne 0 ] && printf "\nbuild.sh: FAILED at step: %s (exit %s)\n" "$CURRENT_STEP" "$rc" >&2' EXIT

crate_version() { sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1; }
# wasm-bindgen's version as Cargo.lock pins it (the CLI must match it exactly).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; sub(/^version = "/, ""); sub(/"$/, ""); print; exit }' Cargo.lock
}

ensure_wasm_target() {
  step "tool: wasm32-unknown-unknown target"
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
}

ensure_wasm_bindgen() {
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want; want=$(wasm_bindgen_version)
  step "tool: wasm-bindgen-cli $want"
  if [ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    # --locked fails here (a locked dependency of the CLI is missing from the registry); see DESIGN §6.
    cargo install wasm-bindgen-cli --version "=$want" --root "$TOOLS" --force
  fi
}

ensure_binaryen() {
  step "tool: binaryen $BINARYEN_VERSION (npm; never Debian's 108, see DESIGN §6)"
  if [ "$(node -p "require('$TOOLS/node_modules/binaryen/package.json').version" 2>/dev/null)" != "$BINARYEN_VERSION" ]; then
    npm install --silent --no-audit --no-fund --no-package-lock --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION"
  fi
}

ensure_chromium() {
  step "tool: chromium, chromium-driver, chromium-l10n (Russian UI for the tests)"
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null \
    && [ -f /usr/lib/chromium/locales/ru.pak ]; then return; fi
  if [ "$(id -u)" -eq 0 ]; then
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium chromium-driver chromium-l10n >/dev/null
  else
    echo "Chromium is missing. Run: sudo apt-get install -y chromium chromium-driver chromium-l10n" >&2
    exit 1
  fi
}

ensure_firefox() {
  step "tool: firefox-esr and geckodriver $GECKODRIVER_VERSION"
  if ! command -v firefox-esr >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
      apt-get -o DPkg::Lock::Timeout=600 update -qq
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq firefox-esr >/dev/null
    else
      echo "Firefox ESR is missing. Run: sudo apt-get install -y firefox-esr" >&2
      exit 1
    fi
  fi
  if [ "$("$TOOLS/bin/geckodriver" --version 2>/dev/null | awk 'NR==1 {print $2}')" != "$GECKODRIVER_VERSION" ]; then
    cargo install geckodriver --version "=$GECKODRIVER_VERSION" --root "$TOOLS" --force
  fi
}

ensure_addons_linter() {
  step "tool: addons-linter (npm, into .tools/lint-node_modules)"
  if [ ! -x "$TOOLS/lint-node_modules/node_modules/.bin/addons-linter" ]; then
    npm install --silent --no-audit --no-fund --no-package-lock --prefix "$TOOLS/lint-node_modules" addons-linter
  fi
}

# One release build of the crate with only FEATURE's wasm exports, through wasm-bindgen and
# wasm-opt into $DIST/wasm/NAME.js (glue) and NAME_bg.wasm.
wasm_module() {
  local feature=$1 name=$2 out="$TARGET/wasm-bindgen/$2"
  step "compile: wasm module $name (feature $feature, release)"
  # Without reference types and multivalue, binaryen's wasm2js can translate the content script's
  # module for the strict-CSP fallback (DESIGN §6).
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-reference-types,-multivalue" \
    cargo build --release --target wasm32-unknown-unknown -p wic-assist --lib \
    --no-default-features --features "$feature"
  step "wasm-bindgen + wasm-opt -Oz: $name"
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target no-modules --no-typescript --out-name "$name" --out-dir "$out" \
    "$TARGET/wasm32-unknown-unknown/release/wic_assist.wasm"
  cp "$out/$name.js" "$DIST/wasm/$name.js"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    "$out/${name}_bg.wasm" -o "$DIST/wasm/${name}_bg.wasm"
}

build() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_binaryen
  local version
  version=$(crate_version)
  step "assemble: dist/"
  rm -rf "$DIST" && mkdir -p "$DIST/wasm"
  cp -r extension/. "$DIST/"
  sed "s/\"version\": \"[^\"]*\"/\"version\": \"$version\"/" manifest.json > "$DIST/manifest.json"
  # Two modules: the content script's (the panel, on every WIC page) and the extension pages' (popup,
  # options, report, the badge); neither carries the other's code.
  wasm_module content wic_assist
  wasm_module pages wic_pages
  step "wasm2js fallback (the content script's module)"
  local out="$TARGET/wasm-bindgen/wic_assist"
  wasm2js -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    "$DIST/wasm/wic_assist_bg.wasm" -o "$out/wic_assist_wasm2js.mjs"
  node tools/wasm2js-classic.mjs "$out/wic_assist_wasm2js.mjs" "$DIST/wasm/wic_assist_fallback.js"
  step "zip"
  python3 tools/zipdir.py "$DIST" "$DIST/wic-assist-$version.zip"
  ls -l "$DIST/wasm" >&2
  echo "built $DIST and $DIST/wic-assist-$version.zip" >&2
}

sandbox_bin() { echo "$TARGET/debug/wic-sandbox"; }

# A clone of the repository alone must pass the tests: no tracked file may read outside it.
check_self_contained() {
  step "lint: no tracked file reaches outside the repository (the shared folder beside it)"
  local hits
  hits=$(git grep -n -e '\.\./shared' -- ':!*.md' ':!build.sh' 2>/dev/null || true)
  if [ -n "$hits" ]; then
    printf '%s\n' "$hits" >&2
    echo "these files read the shared folder beside the repository, which a clone elsewhere does not have: copy the data into testdata/" >&2
    return 1
  fi
}

run_tests() {
  check_self_contained
  step "lint: cargo fmt --all --check"
  cargo fmt --all --check
  build
  ensure_chromium
  ensure_firefox
  ensure_addons_linter
  step "lint: addons-linter $DIST (0 errors; warnings are justified in the README)"
  "$TOOLS/lint-node_modules/node_modules/.bin/addons-linter" "$DIST"
  step "lint: cargo clippy --workspace --all-targets -D warnings"
  cargo clippy -q --workspace --all-targets -- -D warnings
  step "test: native (cargo test --workspace)"
  cargo build -p wic-sandbox
  cargo test --workspace
  step "test: browser unit tests (wasm-bindgen-test, headless Chromium)"
  CHROMEDRIVER=$(command -v chromedriver) \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$TOOLS/bin/wasm-bindgen-test-runner" \
    cargo test --target wasm32-unknown-unknown -p wic-assist --test web
  step "test: end-to-end (dist/ + sandbox + headless Chromium)"
  WIC_DIST="$DIST" WIC_SANDBOX_BIN="$(sandbox_bin)" GECKODRIVER="$TOOLS/bin/geckodriver" \
    cargo test -p wic-e2e -- --include-ignored --test-threads=2
}

demo() {
  build
  ensure_chromium
  step "demo: sandbox with demo data"
  cargo build -p wic-sandbox
  mkdir -p "$ROOT/target/demo"
  WIC_DIST="$DIST" WIC_SANDBOX_BIN="$(sandbox_bin)" cargo run -q -p wic-e2e --bin wic-demo -- \
    --db "$ROOT/target/demo/wic-sandbox.db" --screenshot "$ROOT/target/demo/incident.png"
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  demo) demo ;;
  bench)
    [ -x tools/bench.sh ] || { echo "benchmarks are not built yet (issue: benchmarks)" >&2; exit 1; }
    build; ensure_chromium; tools/bench.sh ;;
  *) echo "usage: ./build.sh [build|test|demo|bench]" >&2; exit 2 ;;
esac
