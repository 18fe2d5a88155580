#!/usr/bin/env bash
# StyleMix bootstrap for a fresh Debian 12 machine.
#   ./bootstrap.sh [MODEL]   install dependencies, build, open the explorer (default: bundled model)
#   ./bootstrap.sh test      install dependencies, build, run the whole test suite
#   ./bootstrap.sh build     install dependencies and build only
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${STYLEMIX_BUILD_DIR:-build}
PACKAGES=(
  g++ cmake ninja-build pkg-config ccache
  libtorch-dev libopenblas0-pthread
  libimgui-dev libglfw3-dev python3-glad libstb-dev
  libcli11-dev nlohmann-json3-dev libgtest-dev libssl-dev libzip-dev libwebp-dev libgif-dev
  python3-numpy python3-pytest python3-dev pybind11-dev python3-pybind11
  xvfb xauth libgl1-mesa-dri libglx-mesa0 fonts-dejavu-core
  help2man librsvg2-bin desktop-file-utils shared-mime-info dpkg-dev file strace
)

install_deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "bootstrap: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}

# The whole suite, then one line counting the skipped tests and why; a skip
# outside tests/allowed_skips.txt (a CUDA device, a non-root user) fails the run.
run_tests() {
  local results rc=0
  results="$(cd "$BUILD_DIR" && pwd)/ctest-results.xml"
  rm -f "$results"
  # The GUI tests start their own Xvfb server through xvfb-run.
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" --output-junit "$results" || rc=$?
  /usr/bin/python3 tests/report_skips.py "$results" tests/allowed_skips.txt || rc=$((rc ? rc : 1))
  return "$rc"
}

case "${1:-}" in
  test)
    install_deps
    build
    run_tests
    ;;
  build)
    install_deps
    build
    ;;
  -h|--help)
    sed -n '2,6p' "$0"
    ;;
  *)
    install_deps
    build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "bootstrap: no display found; the explorer needs one (try: xvfb-run -a $BUILD_DIR/app/stylemix-gui)." >&2
      echo "bootstrap: rendering a style-mixing grid with the CLI instead." >&2
      "$BUILD_DIR/app/stylemix" mix --rows 0-4 --cols 5-8 --styles 0-3 --outdir out/grid
      exit 0
    fi
    exec "$BUILD_DIR/app/stylemix-gui" "$@"
    ;;
esac
