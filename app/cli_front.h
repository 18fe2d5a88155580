// The CLI's torch-free front: `stylemix` itself. It declares and parses every
// command and runs info and convert; the rendering commands run in
// libstylemix_cli_render.so, loaded only then, so `--help`, usage errors,
// info and convert never load LibTorch.
#pragma once

namespace stylemix::cli {

constexpr const char* kCliRenderLibrary = "libstylemix_cli_render.so";
constexpr const char* kCliRenderEntry = "stylemix_cli_render_main";   // int (int argc, char** argv)

// Loads the render library (runtimeLibraryPath, install_paths.h) and runs the same
// command line there; returns its exit code. Throws naming the library when it
// cannot be loaded or is not ours.
int renderInLibrary(int argc, char** argv);

}  // namespace stylemix::cli
