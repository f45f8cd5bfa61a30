#!/usr/bin/env bash
# rollgate's one entry point for setting up, building, running and testing.
#   scripts/dev.sh run [ARGS...]           install deps, build, run the main job
#                                          (rollgate compare on the default config)
#   scripts/dev.sh test                    install deps, build, run the test suite
#   scripts/dev.sh test-sanitize           the suite again under ASan + UBSan
#   scripts/dev.sh test-fusion             install FUSION's Python packages, run the
#                                          tests against the real FUSION (contrib/fusion)
#   scripts/dev.sh bench [ARGS...]         build, run the benchmark
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build needs; pkg-config names in brackets (README).
PACKAGES=(build-essential meson ninja-build pkg-config libgsl-dev libcjson-dev
          libcunit1-dev libinih-dev)

# FUSION's Python dependencies, as Debian packages (SPEC section 5)
FUSION_PACKAGES=(python3 python3-numpy python3-networkx python3-scipy python3-pandas
                 python3-matplotlib python3-seaborn python3-sklearn python3-yaml python3-psutil)

install_deps() { # install_deps [PACKAGE...]: the build's packages, or those given
    local missing=() wanted=("${PACKAGES[@]}")
    [ $# -gt 0 ] && wanted=("$@")
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "dev.sh: installing ${missing[*]}" >&2
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

build() { # build DIR [meson options...]
    local dir=$1; shift
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$@" >/dev/null
    fi
    ninja -C "$dir" >/dev/null
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
run)
    install_deps
    build build
    exec build/harness/rollgate compare "$@"
    ;;
test)
    install_deps
    build build
    meson test -C build --print-errorlogs --no-suite fusion "$@"
    ;;
test-fusion)
    install_deps
    install_deps "${FUSION_PACKAGES[@]}"
    build build
    meson test -C build --print-errorlogs --suite fusion "$@"
    ;;
test-sanitize)
    install_deps
    build build-san -Db_sanitize=address,undefined -Dbuildtype=debugoptimized \
        -Db_lundef=false -Dc_args=-fsanitize=float-cast-overflow \
        -Dc_link_args=-fsanitize=float-cast-overflow
    # run times under sanitizers say nothing about the paths: the CLI tests
    # read this to keep performance verdicts out of the functional checks
    ROLLGATE_SANITIZED=1 \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        meson test -C build-san --print-errorlogs --timeout-multiplier 4 --no-suite fusion "$@"
    ;;
bench)
    install_deps
    build build
    exec build/harness/rollgate bench "$@"
    ;;
*)
    echo "usage: scripts/dev.sh run|test|test-sanitize|test-fusion|bench [ARGS...]" >&2
    exit 2
    ;;
esac
