#!/usr/bin/env bash
# rollgate's one entry point for setting up, building, running and testing.
#   scripts/dev.sh run [ARGS...]           install deps, build, run the main job
#                                          (rollgate compare on the default config)
#   scripts/dev.sh test                    install deps, build, run the test suite
#   scripts/dev.sh test-sanitize           the suite again under ASan + UBSan
#   scripts/dev.sh test-browser            install Chromium, check the HTML report in it
#   scripts/dev.sh test-fusion             install FUSION's Python packages, run the
#                                          tests against the real FUSION (contrib/fusion)
#   scripts/dev.sh bench [ARGS...]         build, run the benchmark
#   scripts/dev.sh bench-mpi [ARGS...]     MPI scaling: 1, 2, 4, 8 ranks on sleeping runs
#   scripts/dev.sh fuzz [SECONDS]          build the fuzz targets with clang's libFuzzer
#                                          (+ ASan, UBSan), run each SECONDS (default 20)
#                                          on a copy of its corpus; fails on any finding
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build needs; pkg-config names in brackets (README).
PACKAGES=(build-essential meson ninja-build pkg-config libgsl-dev libcjson-dev
          libcunit1-dev libinih-dev libsqlite3-dev)

# What the tests check the reports with: xmllint (the JUnit schema, a strict
# parse of the HTML), cmark-gfm (GitHub's Markdown, tables).  A browser is
# optional: test-browser installs Chromium; without it that check skips.
TEST_PACKAGES=(libxml2-utils cmark-gfm)
# Open MPI (meson option mpi, auto): the MPI tests run `mpirun -np 3`
MPI_PACKAGES=(libopenmpi-dev openmpi-bin)

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
    elif command -v mpicc >/dev/null &&
        ! grep -Eq '"name": *"(mpi|ompi-c)"' "$dir/meson-info/intro-dependencies.json" 2>/dev/null; then
        # Open MPI was installed after the folder was set up (dev.sh run, then test)
        meson setup --reconfigure "$dir" >/dev/null
    fi
    # quiet when it builds; the compiler's messages when it does not
    if ! ninja -C "$dir" >"$dir/.dev-build.log" 2>&1; then
        cat "$dir/.dev-build.log" >&2
        echo "dev.sh: the build in $dir failed" >&2
        return 1
    fi
}

# The fuzz targets of tests/fuzz/meson.build (each has a corpus/<target> folder).
FUZZ_TARGETS=(run_file fusion_file settings topology modtable dist inject argv cli report_json suite
              baseline result_json shard)

have_libfuzzer() { # clang links a libFuzzer target with ASan and UBSan
    local dir rc=0
    dir=$(mktemp -d)
    printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
        >"$dir/t.c"
    clang -fsanitize=fuzzer,address,undefined "$dir/t.c" -o "$dir/t" 2>/dev/null || rc=1
    rm -rf "$dir"
    return $rc
}

fuzz() { # fuzz SECONDS: every target under libFuzzer for SECONDS on a copy of its corpus
    local secs=$1 t dir failed=()
    case "$secs" in '' | *[!0-9]*) echo "dev.sh fuzz: SECONDS must be a number" >&2; exit 2 ;; esac
    install_deps
    command -v clang >/dev/null && have_libfuzzer || install_deps clang libclang-rt-14-dev
    have_libfuzzer || { echo "dev.sh fuzz: clang cannot link -fsanitize=fuzzer" >&2; exit 1; }
    # the libraries get coverage and sanitizers; the fuzz_*_libfuzzer
    # executables (tests/fuzz/meson.build, clang only) add libFuzzer's main
    if [ ! -f build-fuzz/build.ninja ]; then
        CC=clang meson setup build-fuzz -Dbuildtype=debugoptimized -Dwerror=false \
            -Db_sanitize=address,undefined -Db_lundef=false \
            -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
    fi
    local exes=()
    for t in "${FUZZ_TARGETS[@]}"; do exes+=("tests/fuzz/fuzz_${t}_libfuzzer"); done
    ninja -C build-fuzz "${exes[@]}" >/dev/null
    dir=$(mktemp -d /tmp/rollgate-fuzz.XXXXXX)
    for t in "${FUZZ_TARGETS[@]}"; do
        mkdir -p "$dir/$t/corpus" "$dir/$t/artifacts"
        cp tests/fuzz/corpus/"$t"/* "$dir/$t/corpus/"
        echo "dev.sh fuzz: fuzz_$t for ${secs}s" >&2
        if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
            UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            build-fuzz/tests/fuzz/fuzz_"$t"_libfuzzer -max_total_time="$secs" -timeout=10 \
                -print_final_stats=1 -artifact_prefix="$dir/$t/artifacts/" "$dir/$t/corpus" \
                >"$dir/$t/log" 2>&1; then
            grep -E '^stat::number_of_executed_units' "$dir/$t/log" >&2 || true
        else
            failed+=("$t")
            tail -n 40 "$dir/$t/log" >&2
            echo "dev.sh fuzz: fuzz_$t found something: $dir/$t/artifacts/" >&2
        fi
    done
    if [ ${#failed[@]} -gt 0 ]; then
        echo "dev.sh fuzz: findings in ${failed[*]} (logs and inputs in $dir)" >&2
        exit 1
    fi
    rm -rf "$dir"
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
    install_deps "${TEST_PACKAGES[@]}" "${MPI_PACKAGES[@]}"
    build build
    meson test -C build --print-errorlogs --no-suite fusion "$@"
    ;;
test-fusion)
    install_deps
    install_deps "${FUSION_PACKAGES[@]}"
    build build
    meson test -C build --print-errorlogs --suite fusion "$@"
    ;;
test-browser)
    install_deps
    install_deps "${TEST_PACKAGES[@]}" chromium
    build build
    meson test -C build --print-errorlogs report_html_check "$@"
    ;;
test-sanitize)
    install_deps
    install_deps "${TEST_PACKAGES[@]}" "${MPI_PACKAGES[@]}"
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
bench-mpi)
    install_deps
    install_deps "${MPI_PACKAGES[@]}"
    build build
    exec scripts/bench_mpi.sh build/harness/rollgate "$@"
    ;;
fuzz)
    fuzz "${1:-20}"
    ;;
*)
    echo "usage: scripts/dev.sh run|test|test-sanitize|test-browser|test-fusion|bench|bench-mpi|fuzz [ARGS...]" >&2
    exit 2
    ;;
esac
