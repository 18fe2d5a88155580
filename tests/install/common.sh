# Shared by the install tests (sourced).

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# need PROGRAM DEBIAN_PACKAGE: a missing tool fails the test, naming its package.
need() {
    command -v "$1" > /dev/null 2>&1 ||
        fail "$1 is missing: install Debian's $2 (./bootstrap.sh test installs it)"
}

# A scratch folder outside the source and build trees, removed at exit.
make_scratch() {
    local name=$1 source_dir=$2 build_dir=$3
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/stylemix-$name.XXXXXX")
    scratch=$(cd "$scratch" && pwd -P)
    case "$scratch/" in
        "$source_dir"/* | "$build_dir"/*) fail "the scratch folder $scratch is inside the source or build tree: set TMPDIR elsewhere" ;;
    esac
    trap 'rm -rf "$scratch"' EXIT
}

# check_layout PREFIX WITH_GUI LIBRARIES: the files an install must hold.
check_layout() {
    local prefix=$1 with_gui=$2 libraries=$3 f size
    local files=(bin/stylemix share/stylemix/avatars64.safetensors share/man/man1/stylemix.1)
    local lib
    IFS=, read -r -a libs <<< "$libraries"
    for lib in "${libs[@]}"; do files+=("lib/stylemix/$lib"); done
    if [ "$with_gui" = 1 ]; then
        files+=(bin/stylemix-gui share/man/man1/stylemix-gui.1
                share/applications/stylemix.desktop share/mime/packages/stylemix.xml
                share/icons/hicolor/scalable/apps/stylemix.svg)
        for size in 16 22 24 32 48 64 128 256; do
            files+=("share/icons/hicolor/${size}x${size}/apps/stylemix.png")
        done
    fi
    for f in "${files[@]}"; do
        [ -s "$prefix/$f" ] || fail "$prefix/$f is missing after the install"
    done
    local stray
    stray=$(cd "$prefix" && find . -mindepth 1 -maxdepth 1 ! -name bin ! -name lib ! -name share)
    [ -z "$stray" ] || fail "the install put files outside bin/, lib/ and share/: $stray"
}

# check_shaders PREFIX SOURCE_DIR: every shader of the source tree, installed.
check_shaders() {
    local prefix=$1 source_dir=$2 f
    for f in "$source_dir"/shaders/*; do
        cmp -s "$f" "$prefix/share/stylemix/shaders/$(basename "$f")" ||
            fail "shader $(basename "$f") is not installed as $prefix/share/stylemix/shaders/$(basename "$f")"
    done
}

# check_png FILE [SIZE]: a PNG (by its signature) of SIZExSIZE pixels.
check_png() {
    local file=$1 size=${2:-}
    [ -s "$file" ] || fail "$file was not written"
    [ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$file is not a PNG"
    if [ -n "$size" ]; then
        local wh
        wh=$(od -An -tu1 -j16 -N8 "$file" | awk '{print $3*256+$4 "x" $7*256+$8}')
        [ "$wh" = "${size}x${size}" ] || fail "$file is $wh, not ${size}x${size}"
    fi
}
