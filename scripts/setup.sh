# Shared setup for scripts/run, scripts/test and scripts/bench: installs what is missing, quietly
# when everything is present. Sourced, not run. Works as root and through sudo.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export ROOT
# Node 20.19+ is what Vite 8 needs.
NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19

APP_APT_PACKAGES=(libwebkit2gtk-4.1-dev build-essential curl file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config)
TEST_APT_PACKAGES=(xvfb xauth webkit2gtk-driver python3-venv dbus-daemon)

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $* (run as root or install sudo)"; fi
}

# Installs the Debian packages among "$@" that are not installed yet.
ensure_apt() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_toolchains() {
  command -v cargo >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/cargo" ] ||
    die "cargo not found: install Rust with rustup (https://rustup.rs) and run this again"
  [ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
  command -v node >/dev/null 2>&1 || ensure_apt nodejs npm
  local v major minor
  v=$(node -p 'process.versions.node')
  major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
  if [ "$major" -lt "$NODE_MIN_MAJOR" ] || { [ "$major" -eq "$NODE_MIN_MAJOR" ] && [ "$minor" -lt "$NODE_MIN_MINOR" ]; }; then
    die "Node.js $v is too old: Strata's UI needs $NODE_MIN_MAJOR.$NODE_MIN_MINOR or newer"
  fi
}

# npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] ||
     [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    say "installing npm packages (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# tauri-driver bridges WebdriverIO to WebKitWebDriver for the end-to-end suite.
ensure_tauri_driver() {
  command -v tauri-driver >/dev/null 2>&1 && return 0
  say "installing tauri-driver (cargo install)"
  cargo install tauri-driver --locked --version '^2' --quiet
}

# The Python venv for the conformance tests (AWS CLI v1 and boto3 against the emulator).
ensure_pyvenv() {
  local venv="$ROOT/target/pyvenv" req="$ROOT/crates/emulator/tests/conformance/requirements.txt"
  [ -f "$req" ] || return 0
  if [ ! -x "$venv/bin/python" ]; then
    say "creating the Python venv for the conformance tests"
    python3 -m venv "$venv"
  fi
  if [ ! -f "$venv/.installed" ] || [ "$req" -nt "$venv/.installed" ]; then
    say "installing the conformance test clients (AWS CLI v1, boto3)"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
    touch "$venv/.installed"
  fi
  export STRATA_PYVENV="$venv"
}

setup_app() {
  ensure_apt "${APP_APT_PACKAGES[@]}"
  ensure_toolchains
  ensure_node_modules
}

setup_tests() {
  setup_app
  ensure_apt "${TEST_APT_PACKAGES[@]}"
  ensure_tauri_driver
  ensure_pyvenv
}

# Builds ui/dist (the Rust build embeds it) unless it is newer than every UI source.
build_ui() {
  local stamp="$ROOT/ui/dist/index.html"
  if [ -f "$stamp" ] && [ -z "$(find "$ROOT/ui" "$ROOT/package-lock.json" -path "$ROOT/ui/dist" -prune -o -newer "$stamp" -type f -print -quit)" ]; then
    return 0
  fi
  say "building the UI"
  (cd "$ROOT" && npm run --silent build:ui)
}
