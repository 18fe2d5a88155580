#!/usr/bin/env bash
# install.relocated: `cmake --install` into a prefix, move the prefix, run the
# programs from where it went. They must find the model and the render
# libraries relative to themselves: strace shows that no file of the source or
# build tree is opened (the build-tree fallback of defaultModelPath() included),
# and the CLI's image equals the build tree's.
#   test_relocated_install.sh BUILD_DIR SOURCE_DIR BUILD_TREE_CLI WITH_GUI LIBRARIES
set -euo pipefail
build_dir=$(cd "$1" && pwd -P) source_dir=$(cd "$2" && pwd -P) cli=$3 with_gui=$4 libraries=$5
. "$(dirname "$0")/common.sh"

need cmake cmake
need strace strace
need cmp diffutils
[ "$with_gui" = 1 ] && need xvfb-run xvfb
make_scratch relocated "$source_dir" "$build_dir"
cd "$scratch"

# strace PROGRAM ARGS...: every syscall that takes a file name goes to trace.N.
traces=0
traced() {
    traces=$((traces + 1))
    strace -f --seccomp-bpf -qq -e trace=%file -o "$scratch/trace.$traces" "$@"
}

SECONDS=0
cmake --install "$build_dir" --prefix "$scratch/staged" > install.log ||
    { cat install.log; fail "cmake --install $build_dir failed"; }
mv "$scratch/staged" "$scratch/moved"
prefix=$scratch/moved
check_layout "$prefix" "$with_gui" "$libraries"
[ "$with_gui" = 1 ] && check_shaders "$prefix" "$source_dir"
echo "installed and moved in ${SECONDS}s"

# The CLI: the default model is the moved prefix's, and its image is the build tree's.
model=$prefix/share/stylemix/avatars64.safetensors
traced "$prefix/bin/stylemix" info > info.txt || { cat info.txt; fail "stylemix info failed from the moved prefix"; }
[ "$(head -n 1 info.txt)" = "$model" ] ||
    fail "stylemix info from the moved prefix opened $(head -n 1 info.txt), not $model"
"$cli" generate --seeds 0 --no-recipe --outdir "$scratch/from_build" > /dev/null
traced "$prefix/bin/stylemix" generate --seeds 0 --no-recipe --outdir "$scratch/from_prefix"
check_png "$scratch/from_prefix/seed0000.png" 64
cmp "$scratch/from_build/seed0000.png" "$scratch/from_prefix/seed0000.png" ||
    fail "seed 0 from the moved prefix differs from the build tree's"
echo "CLI checked at ${SECONDS}s"

if [ "$with_gui" = 1 ]; then
    "$prefix/bin/stylemix-gui" --help > gui_help.txt
    grep -qF "default: $model" gui_help.txt || { cat gui_help.txt; fail "stylemix-gui --help does not name $model"; }
    # A real session: the window, the worker library from lib/stylemix, the grid exported.
    mkdir -p gui
    XDG_CONFIG_HOME=$scratch/config xvfb-run -a -s "-screen 0 1280x800x24" \
        strace -f --seccomp-bpf -qq -e trace=%file -o "$scratch/trace.gui" \
        "$prefix/bin/stylemix-gui" --no-ini --size 800x600 --timeout 120 --export "$scratch/gui/grid.png" \
        > gui.log 2>&1 || { cat gui.log; fail "stylemix-gui from the moved prefix failed"; }
    check_png "$scratch/gui/grid.png"
    grep -rqF "$model" "$scratch/gui" || fail "the explorer's export does not name $model as its model"
    echo "explorer checked at ${SECONDS}s"
fi

# Every render library was loaded from the moved prefix (the CLI's by generate,
# the explorer's worker by the session).
IFS=, read -r -a libs <<< "$libraries"
for lib in "${libs[@]}"; do
    grep -qE "open(at)?\(.*\"$prefix/lib/stylemix/$lib\", O_RDONLY\|O_CLOEXEC\) = [0-9]" "$scratch"/trace.* ||
        fail "no program loaded $prefix/lib/stylemix/$lib"
done

# Nothing of the source or build tree was opened, looked at or run.
for dir in "$source_dir" "$build_dir"; do
    if grep -F "\"$dir/" "$scratch"/trace.* > touched.txt; then
        head -n 20 touched.txt
        fail "the moved install used $(wc -l < touched.txt) path(s) under $dir (above)"
    fi
done
echo "PASS in ${SECONDS}s"
