#include "app/cli_front.h"

#include "model/core/install_paths.h"

#include <dlfcn.h>

#include <stdexcept>
#include <string>

namespace stylemix::cli {

int renderInLibrary(int argc, char** argv) {
    const std::string path = runtimeLibraryPath(kCliRenderLibrary);
    // RTLD_GLOBAL, as if linked: the engine finds OpenBLAS's and CUDA's entry points with
    // dlsym(RTLD_DEFAULT, ...). Never closed: its code runs until the process exits.
    void* handle = ::dlopen(path.c_str(), RTLD_LAZY | RTLD_GLOBAL);
    if (!handle) {
        const char* why = ::dlerror();
        throw std::runtime_error("cannot load the renderer " + path + ": " + (why ? why : "unknown error"));
    }
    using EntryFn = int (*)(int, char**);
    const auto entry = reinterpret_cast<EntryFn>(::dlsym(handle, kCliRenderEntry));
    if (!entry)
        throw std::runtime_error(path + " is not a StyleMix CLI render library (no " + kCliRenderEntry + ")");
    return entry(argc, argv);
}

}  // namespace stylemix::cli
