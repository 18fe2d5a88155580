#!/usr/bin/env bash
# install.deb: `cpack -G DEB` from the build tree, then the package checked:
# its Depends (dpkg-shlibdeps: LibTorch among them, each satisfied on this
# machine), its files (all under /usr), and the programs run from its contents
# (`dpkg-deb -x`), with the desktop entry, icon, MIME types and man pages.
#   test_deb.sh BUILD_DIR SOURCE_DIR WITH_GUI LIBRARIES
set -euo pipefail
build_dir=$(cd "$1" && pwd -P) source_dir=$(cd "$2" && pwd -P) with_gui=$3 libraries=$4
. "$(dirname "$0")/common.sh"

need cpack cmake
need dpkg-deb dpkg
need dpkg-shlibdeps dpkg-dev
need file file
[ "$with_gui" = 1 ] && { need desktop-file-validate desktop-file-utils; need update-mime-database shared-mime-info; }
make_scratch deb "$source_dir" "$build_dir"
cd "$scratch"

SECONDS=0
cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$scratch/pkg" > cpack.log 2>&1 ||
    { cat cpack.log; fail "cpack -G DEB failed"; }
debs=("$scratch"/pkg/*.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || { cat cpack.log; fail "cpack made ${#debs[@]} .deb files: ${debs[*]}"; }
deb=${debs[0]}
echo "cpack: $(basename "$deb") ($(du -h "$deb" | cut -f1)) in ${SECONDS}s"
dpkg-deb --info "$deb" > info.txt || fail "dpkg-deb cannot read $deb"
grep -E '^ (Package|Version|Architecture|Depends|Recommends):' info.txt

# Depends: computed (libc6 comes only from dpkg-shlibdeps), LibTorch among them,
# and each one satisfied by what this machine has installed.
depends=$(dpkg-deb -f "$deb" Depends)
for name in libc6 libtorch libopenblas0; do
    grep -qE "(^|[ ,|])$name" <<< "$depends" || fail "Depends lacks $name: $depends"
done
[ "$with_gui" = 1 ] && { grep -qE '(^|[ ,])libglfw3' <<< "$depends" || fail "Depends lacks libglfw3: $depends"; }
IFS=, read -r -a groups <<< "$depends"
for group in "${groups[@]}"; do
    satisfied=0
    IFS='|' read -r -a alternatives <<< "$group"
    for alt in "${alternatives[@]}"; do
        read -r pkg op version <<< "$(sed -E 's/^ *([^ (]+) *(\(([<>=]+) *([^)]+)\))? *$/\1 \3 \4/' <<< "$alt")"
        installed=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$pkg" 2> /dev/null || true)
        [ "${installed%% *}" = installed ] || continue
        if [ -z "$op" ] || dpkg --compare-versions "${installed#* }" "$op" "$version"; then
            satisfied=1
            break
        fi
    done
    [ "$satisfied" = 1 ] || fail "Depends entry '$group' is not satisfied on this machine"
done

# Files: everything under /usr.
dpkg-deb --contents "$deb" | awk '{print $6}' > contents.txt
if grep -vE '^\./(usr/.*)?$' contents.txt > outside.txt; then
    fail "the .deb installs outside /usr: $(head -n 5 outside.txt | tr '\n' ' ')"
fi

dpkg-deb -x "$deb" "$scratch/root"
usr=$scratch/root/usr
check_layout "$usr" "$with_gui" "$libraries"

# The programs, run from the unpacked package (their libraries are the system's).
model=$usr/share/stylemix/avatars64.safetensors
"$usr/bin/stylemix" info > model_info.txt || { cat model_info.txt; fail "stylemix info failed from the package"; }
[ "$(head -n 1 model_info.txt)" = "$model" ] ||
    fail "the packaged stylemix opened $(head -n 1 model_info.txt), not $model"
"$usr/bin/stylemix" generate --seeds 1 --outdir "$scratch/out" > /dev/null ||
    fail "stylemix generate failed from the package"
check_png "$scratch/out/seed0001.png" 64
echo "CLI checked at ${SECONDS}s"

# Man pages: help2man's, with no path of the build machine in them.
for page in "$usr"/share/man/man1/*.1; do
    grep -q '^\.TH ' "$page" || fail "$page is not a man page"
    ! grep -lF -e "$source_dir" -e "$build_dir" "$page" || fail "$page names the build machine's $source_dir"
done

if [ "$with_gui" = 1 ]; then
    "$usr/bin/stylemix-gui" --help > gui_help.txt || fail "stylemix-gui --help failed from the package"
    grep -qF "default: $model" gui_help.txt || fail "stylemix-gui --help does not name $model"
    desktop=$usr/share/applications/stylemix.desktop
    desktop-file-validate "$desktop" > validate.txt 2>&1 || { cat validate.txt; fail "desktop-file-validate refuses $desktop"; }
    [ ! -s validate.txt ] || { cat validate.txt; fail "desktop-file-validate has remarks on $desktop"; }
    exec_program=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
    [ -x "$usr/bin/$exec_program" ] || fail "the desktop entry runs $exec_program, which the package lacks"
    icon=$(sed -n 's/^Icon=//p' "$desktop")
    [ -s "$usr/share/icons/hicolor/scalable/apps/$icon.svg" ] || fail "the desktop entry's icon $icon is not installed"
    for size in 16 22 24 32 48 64 128 256; do
        check_png "$usr/share/icons/hicolor/${size}x${size}/apps/$icon.png" "$size"
    done
    # Every MimeType of the entry is defined by the package's shared-mime-info file.
    mkdir -p mime/packages
    cp "$usr/share/mime/packages/stylemix.xml" mime/packages/
    update-mime-database "$scratch/mime" 2> mime.log || { cat mime.log; fail "update-mime-database refuses stylemix.xml"; }
    types=$(sed -n 's/^MimeType=//p' "$desktop")
    [ -n "$types" ] || fail "the desktop entry has no MimeType"
    IFS=';' read -r -a types <<< "$types"
    for type in "${types[@]}"; do
        [ -f "mime/$type.xml" ] || fail "MimeType $type is not defined by stylemix.xml"
    done
    grep -q '^\*\.safetensors$\|:\*\.safetensors$' mime/globs2 || fail "*.safetensors is not a glob of stylemix.xml"
    grep -q ':\*\.pkl$' mime/globs2 || fail "*.pkl is not a glob of stylemix.xml"
fi
echo "PASS in ${SECONDS}s"
