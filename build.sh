#!/usr/bin/env bash
# casesearch — build, serve and test.
#
#   ./build.sh          build the sample corpus index and the WASM widget into dist/
#   ./build.sh serve    build, then serve dist/ at http://127.0.0.1:8080 (PORT=… to change)
#   ./build.sh test     run every test: formatting, clippy, Rust tests, browser tests in headless Chromium
#   ./build.sh bench [--sizes sample,1k,10k,50k]
#                       casesearch and Pagefind side by side (BENCH_SIZES=… also picks the corpora);
#                       writes BENCHMARKS.md, docs/bench.svg and target/bench/results.json
#
# Installs what it needs (wasm32 target, wasm-bindgen CLI at the Cargo.lock version,
# npm packages from package-lock.json, Debian's chromium for tests) and skips each
# install when it is already present.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"

CORPUS=${CORPUS:-corpus}
DIST=${DIST:-dist}
WASM_TARGET=wasm32-unknown-unknown

step() { printf '\n==> %s\n' "$*" >&2; }
die() { printf '\nbuild.sh: %s\n' "$*" >&2; exit 1; }

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
    step "installing the $WASM_TARGET Rust target"
    rustup target add "$WASM_TARGET" ||
      die "could not install the $WASM_TARGET target with rustup (is rustup on PATH and the Rust distribution server reachable?)"
  fi
}

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_bindgen() {
  local want have=""
  want=$(wasm_bindgen_version)
  [[ -n $want ]] || die "Cargo.lock names no wasm-bindgen version; run 'cargo generate-lockfile'"
  if command -v wasm-bindgen >/dev/null; then have=$(wasm-bindgen --version | awk '{print $2}'); fi
  if [[ $have != "$want" ]]; then
    step "installing wasm-bindgen-cli $want (takes a few minutes once)"
    cargo install wasm-bindgen-cli --version "$want" ||
      die "could not install wasm-bindgen-cli $want with cargo install (it must match the wasm-bindgen crate in Cargo.lock)"
  fi
}

ensure_npm_packages() {
  command -v npm >/dev/null || die "npm is not installed; install Node.js (with npm) first"
  # Up to date when every package in the lockfile is installed at its locked version.
  if ! node -e '
    const fs = require("fs");
    const locked = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages;
    for (const [path, pkg] of Object.entries(locked)) {
      if (!path) continue;
      // Platform packages (the Pagefind binaries) install only on their own os/cpu.
      if ((pkg.os && !pkg.os.includes(process.platform)) || (pkg.cpu && !pkg.cpu.includes(process.arch))) continue;
      const file = path + "/package.json";
      if (!fs.existsSync(file) || JSON.parse(fs.readFileSync(file, "utf8")).version !== pkg.version) process.exit(1);
    }' 2>/dev/null; then
    step "installing npm packages (binaryen for wasm-opt, playwright-core, pagefind)"
    npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed; the packages are pinned in package-lock.json"
  fi
}

ensure_chromium() {
  if [[ ! -x /usr/bin/chromium ]]; then
    step "installing Debian's chromium for the browser tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
      die "could not install chromium with apt-get (the browser tests need /usr/bin/chromium; run as root)"
  fi
}

ensure_gnu_time() {
  if [[ ! -x /usr/bin/time ]]; then
    step "installing GNU time for the build measurements of the benchmark"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; } ||
      die "could not install GNU time with apt-get (the benchmark needs /usr/bin/time; run as root)"
  fi
}

build() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_npm_packages
  step "building the casesearch CLI"
  cargo build --release --locked --bin casesearch
  step "building the WASM module"
  cargo build --locked --lib --target "$WASM_TARGET" --profile wasm
  rm -rf "$DIST"
  mkdir -p "$DIST/pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$DIST/pkg" --out-name casesearch \
    "target/$WASM_TARGET/wasm/casesearch.wasm"
  node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$DIST/pkg/casesearch_bg.wasm" "$DIST/pkg/casesearch_bg.wasm"
  step "indexing $CORPUS"
  target/release/casesearch build "$CORPUS" --out "$DIST" --strict
  cp www/* "$DIST/"
  printf 'built %s: wasm %s bytes, index %s bytes\n' "$DIST" \
    "$(wc -c <"$DIST/pkg/casesearch_bg.wasm")" "$(wc -c <"$DIST/casesearch.idx")" >&2
}

run_tests() {
  ensure_chromium
  step "checking formatting"
  cargo fmt --all -- --check || die "code is not formatted; run 'cargo fmt --all'"
  step "clippy"
  cargo clippy --locked --all-targets -- -D warnings
  step "Rust tests"
  cargo test --locked
  build
  step "browser tests (headless Chromium)"
  DIST="$DIST" node --test --test-concurrency=1 tests/browser/
}

run_bench() {
  local sizes=${BENCH_SIZES:-sample,1k,10k,50k}
  while (($#)); do
    case "$1" in
      --sizes) [[ $# -ge 2 ]] || die "--sizes needs a list, e.g. --sizes sample,1k"; sizes=$2; shift 2 ;;
      --sizes=*) sizes=${1#--sizes=}; shift ;;
      *) die "unknown bench option '$1'; use: ./build.sh bench [--sizes sample,1k,10k,50k]" ;;
    esac
  done
  ensure_chromium
  ensure_gnu_time
  build
  step "building the synthetic corpus generator"
  cargo build --release --locked --example synth
  step "benchmark: casesearch and Pagefind on $sizes"
  node bench/run.mjs --sizes "$sizes"
}

case "${1:-build}" in
  build) build ;;
  serve)
    build
    step "serving $DIST (Ctrl-C to stop)"
    exec target/release/casesearch serve "$DIST" --port "${PORT:-8080}"
    ;;
  test) run_tests ;;
  bench) shift; run_bench "$@" ;;
  *) die "unknown command '$1'; use: ./build.sh [build|serve|test|bench]" ;;
esac
