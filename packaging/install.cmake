# Installing StyleMix like a desktop application (issue 19), included from the
# root CMakeLists.txt once every target exists:
#
#   bin/stylemix, bin/stylemix-gui                 (app/CMakeLists.txt)
#   lib/stylemix/libstylemix_*.so                  (app/CMakeLists.txt)
#   share/stylemix/avatars64.safetensors           the bundled model
#   share/stylemix/shaders/*                       the GLSL sources (the explorer embeds them;
#                                                  STYLEMIX_SHADER_DIR=share/stylemix/shaders edits them)
#   share/applications/stylemix.desktop            the desktop entry
#   share/icons/hicolor/{scalable,NxN}/apps/       its icon: assets/stylemix.svg, PNGs rendered here
#   share/mime/packages/stylemix.xml               .safetensors and .pkl model types
#   share/man/man1/stylemix.1, stylemix-gui.1      from --help, with help2man
#
# and the .deb (`cpack -G DEB`, prefix /usr, Depends from dpkg-shlibdeps).
# Every destination is relative to the prefix and the programs look for their
# data relative to themselves (model/core/install_paths.h), so an installed
# prefix can be moved. tests/install checks both.

set(STYLEMIX_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(STYLEMIX_PACKAGING_BINARY_DIR ${CMAKE_BINARY_DIR}/packaging)

# The tools the build needs, named by their Debian package (bootstrap.sh installs them).
function(stylemix_require_program var program package)
  find_program(${var} ${program})
  if(NOT ${var})
    message(FATAL_ERROR "${program} not found: install Debian's ${package} (./bootstrap.sh build installs it)")
  endif()
endfunction()
stylemix_require_program(STYLEMIX_HELP2MAN help2man help2man)

# --- The bundled model -------------------------------------------------------
install(FILES ${CMAKE_SOURCE_DIR}/assets/avatars64.safetensors DESTINATION share/stylemix)

# --- Man pages from --help -----------------------------------------------------
# The programs print the bundled model's path in their help: the build tree's
# (STYLEMIX_DEFAULT_MODEL) when help2man runs them here. man_page.cmake writes
# where an installed program finds it instead.
set(STYLEMIX_MAN_DIR ${STYLEMIX_PACKAGING_BINARY_DIR}/man)
function(stylemix_man_page target name description subcommands)
  set(out ${STYLEMIX_MAN_DIR}/${name}.1)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND}
            -DHELP2MAN=${STYLEMIX_HELP2MAN}
            -DPROGRAM=$<TARGET_FILE:${target}>
            -DNAME=${name}
            "-DDESCRIPTION=${description}"
            -DVERSION=${PROJECT_VERSION}
            -DINCLUDE=${STYLEMIX_PACKAGING_DIR}/${name}.h2m
            -DSUBCOMMANDS=${subcommands}
            "-DMODEL_PATHS=${STYLEMIX_DEFAULT_MODEL}|${CMAKE_BINARY_DIR}/share/stylemix/avatars64.safetensors"
            -DOUTPUT=${out}
            -P ${STYLEMIX_PACKAGING_DIR}/man_page.cmake
    DEPENDS ${target} ${STYLEMIX_PACKAGING_DIR}/man_page.cmake ${STYLEMIX_PACKAGING_DIR}/${name}.h2m
    COMMENT "Writing the ${name}(1) man page with help2man"
    VERBATIM)
  add_custom_target(${name}_man ALL DEPENDS ${out})
  install(FILES ${out} DESTINATION share/man/man1)
endfunction()

stylemix_man_page(stylemix stylemix "StyleGAN style mixing, noise figures and model conversion from the command line" ON)

if(STYLEMIX_BUILD_GUI)
  stylemix_man_page(stylemix-gui stylemix-gui "explore style mixing and noise in StyleGAN generators" OFF)

  # --- Shaders ---------------------------------------------------------------
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/shaders/ DESTINATION share/stylemix/shaders)

  # --- Desktop entry, MIME types, icon ---------------------------------------
  install(FILES ${STYLEMIX_PACKAGING_DIR}/stylemix.desktop DESTINATION share/applications)
  install(FILES ${STYLEMIX_PACKAGING_DIR}/stylemix.xml DESTINATION share/mime/packages)
  install(FILES ${CMAKE_SOURCE_DIR}/assets/stylemix.svg DESTINATION share/icons/hicolor/scalable/apps)

  stylemix_require_program(STYLEMIX_RSVG_CONVERT rsvg-convert librsvg2-bin)
  set(STYLEMIX_ICON_DIR ${STYLEMIX_PACKAGING_BINARY_DIR}/icons/hicolor)
  set(STYLEMIX_ICON_PNGS)
  foreach(size 16 22 24 32 48 64 128 256)
    set(png ${STYLEMIX_ICON_DIR}/${size}x${size}/apps/stylemix.png)
    add_custom_command(
      OUTPUT ${png}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${STYLEMIX_ICON_DIR}/${size}x${size}/apps
      COMMAND ${STYLEMIX_RSVG_CONVERT} --width ${size} --height ${size} --output ${png}
              ${CMAKE_SOURCE_DIR}/assets/stylemix.svg
      DEPENDS ${CMAKE_SOURCE_DIR}/assets/stylemix.svg
      COMMENT "Rendering the ${size}x${size} icon"
      VERBATIM)
    list(APPEND STYLEMIX_ICON_PNGS ${png})
    install(FILES ${png} DESTINATION share/icons/hicolor/${size}x${size}/apps)
  endforeach()
  add_custom_target(stylemix_icons ALL DEPENDS ${STYLEMIX_ICON_PNGS})
endif()

# --- The .deb ------------------------------------------------------------------
# `cpack -G DEB` in the build folder. Depends: what dpkg-shlibdeps finds the
# executables and libraries linked against (LibTorch, GLFW, OpenSSL, ...), plus
# what they load by name at run time: libGL (glad, GLFW) and OpenBLAS, the BLAS
# the CPU kernels are tuned for (LibTorch itself accepts any libblas.so.3).
set(STYLEMIX_PACKAGE_MAINTAINER "StyleMix maintainers <stylemix@example.org>"
    CACHE STRING "The Maintainer field of the .deb")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME stylemix)
set(CPACK_PACKAGE_VENDOR StyleMix)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${STYLEMIX_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "StyleGAN style-mixing explorer and command-line tool")
set(CPACK_PACKAGE_DESCRIPTION [=[
StyleMix explores style mixing and per-layer noise in StyleGAN generators
(StyleGAN1, 2 and 3; safetensors and NVIDIA's network pickles) on the CPU or
a CUDA device: an interactive explorer (stylemix-gui) and a command-line tool
(stylemix) that renders the StyleGAN paper's figures. A small bundled model
(avatars at 64x64) lets both run out of the box.]=])
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread | libopenblas0")
if(TARGET stylemix_python)
  # The module is built for one Python X.Y and imports numpy; dpkg-shlibdeps sees neither.
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS
         ", python3 (>= ${STYLEMIX_PYTHON_VERSION}~), python3 (<< ${STYLEMIX_PYTHON_NEXT_VERSION}), python3-numpy")
endif()
if(STYLEMIX_BUILD_GUI)
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libgl1")
  # DejaVu Sans is the explorer's UI font (ImGui's own otherwise); Mesa's
  # drivers give it a GL context without a vendor driver.
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core, libgl1-mesa-dri")
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
