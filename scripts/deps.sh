#!/usr/bin/env bash
# Installs what building and testing librns needs and the machine lacks: Debian packages
# (as root) and the Rust components clippy and rustfmt. Prints what it installs; silent when
# everything is there.
#   scripts/deps.sh build   what make build (and make demo) needs: cargo and a C compiler
#   scripts/deps.sh         everything make test needs: also Go, Node with npm, cmake,
#                           pkg-config, python3-venv, the packaging, man page, ABI and lint tools
set -euo pipefail
mode=${1:-all}
case $mode in
  build | all) ;;
  *) echo "usage: scripts/deps.sh [build]" >&2; exit 2 ;;
esac
need=()
command -v cc >/dev/null || need+=(gcc libc6-dev)
command -v make >/dev/null || need+=(make)
optional=()
if [ "$mode" = all ]; then
  command -v c++ >/dev/null || need+=(g++)
  if ! command -v nm >/dev/null || ! command -v readelf >/dev/null; then need+=(binutils); fi
  command -v setpriv >/dev/null || need+=(util-linux)
  command -v pkg-config >/dev/null || need+=(pkgconf)
  command -v cmake >/dev/null || need+=(cmake)
  # Packaging, man pages, the ABI check and the shell lint.
  command -v dpkg-buildpackage >/dev/null || need+=(dpkg-dev)
  command -v dh >/dev/null || need+=(debhelper)
  command -v lintian >/dev/null || need+=(lintian)
  # python3-librns (make deb): pybuild with its pyproject plugin, for Debian's python3.
  if ! command -v pybuild >/dev/null || ! /usr/bin/python3 -c 'import build, installer' 2>/dev/null; then
    need+=(dh-python pybuild-plugin-pyproject python3-all python3-setuptools)
  fi
  command -v go-md2man >/dev/null || need+=(go-md2man)
  command -v man >/dev/null || need+=(man-db)
  if ! command -v abidw >/dev/null || ! command -v abidiff >/dev/null; then need+=(abigail-tools); fi
  command -v unshare >/dev/null || need+=(util-linux)
  # ip(8), which make test-netns checks librns's named network namespaces against.
  command -v ip >/dev/null || need+=(iproute2)
  command -v shellcheck >/dev/null || need+=(shellcheck)
  # make test-python: a venv (Debian's python3 lacks ensurepip without python3-venv).
  /usr/bin/python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3 python3-venv)
  # Reliability (mk/reliability.mk): clang and its libFuzzer/sanitizer runtimes for the fuzz
  # smoke run and make test-asan, valgrind for make test-valgrind (both CI only). Installed as
  # root; as an ordinary user their absence is not an error: the fuzz smoke run says it skips.
  command -v clang >/dev/null || optional+=(clang)
  command -v valgrind >/dev/null || optional+=(valgrind)
fi
if [ "$(id -u)" = 0 ]; then
  need+=(${optional[@]+"${optional[@]}"})
elif [ ${#optional[@]} -gt 0 ]; then
  echo "deps: ${optional[*]} missing (as root, this script installs them): make test skips the fuzz smoke run" >&2
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "deps: missing Debian packages ${need[*]}; install them as root (apt-get install ${need[*]})" >&2
    exit 1
  fi
  echo "deps: installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! command -v cargo >/dev/null; then
  echo "deps: cargo (Rust) is not on PATH; install Rust (rustup or Debian's cargo) first" >&2
  exit 1
fi
[ "$mode" = build ] && exit 0

# clang's libFuzzer and sanitizer runtimes are a package of their own from LLVM 14 on
# (Debian 12: libclang-rt-14-dev).
fuzzer_rt() {
  [ -e "$(clang -print-file-name="libclang_rt.fuzzer-$(uname -m).a")" ] ||
    [ -e "$(clang -print-runtime-dir 2>/dev/null)/libclang_rt.fuzzer.a" ]
}
if [ "$(id -u)" = 0 ] && command -v clang >/dev/null && ! fuzzer_rt; then
  rt=libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev
  if apt-cache show "$rt" >/dev/null 2>&1; then
    echo "deps: installing $rt (clang's libFuzzer and sanitizer runtimes)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$rt" >/dev/null
  fi
fi
for tool in go node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "deps: $tool is not on PATH; the Go and Node bindings need Go >= 1.22 and Node >= 18 with npm" >&2
    exit 1
  fi
done
for comp in clippy rustfmt; do
  if ! cargo "${comp/rustfmt/fmt}" --version >/dev/null 2>&1; then
    echo "deps: adding the Rust component $comp"
    rustup component add "$comp"
  fi
done
