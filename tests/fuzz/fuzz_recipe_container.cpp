// libFuzzer target for recipes read from inside files (readRecipeText, as `stylemix
// render` / `animate` and the explorer's drop read them): a StyleMix WebP's 'SMRC' chunk,
// a GIF's comment before its first image, a PNG's tEXt entry, else the file as JSON; then
// recipeFromJson on what came out. Each input is one file, read twice: named .webp (a
// file that is none of the three must be refused by name) and .json. Refusals are
// std::exceptions; a crash, sanitizer report, hang, unbounded allocation or a recipe text
// over the 4 MiB limit is a finding.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <system_error>

#include "model/core/recipe.h"
#include "model/io/checked_file.h"

namespace {

namespace fs = std::filesystem;

// One in-memory file (memfd) for every input, reached through links that give it a name.
struct InputFile {
    int fd = -1;
    fs::path dir;
    InputFile() {
        fd = ::memfd_create("fuzz_recipe_container", 0);
        if (fd < 0) std::abort();
        dir = fs::temp_directory_path() / ("fuzz_recipe_container." + std::to_string(::getpid()));
        fs::create_directories(dir);
        const std::string target = "/proc/self/fd/" + std::to_string(fd);
        for (const char* name : {"in.webp", "in.json"}) {
            fs::remove(dir / name);
            fs::create_symlink(target, dir / name);
        }
    }
    ~InputFile() {   // at a normal exit; a crash leaves the folder (its links point nowhere then)
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    void write(const std::uint8_t* data, std::size_t size) {
        if (::ftruncate(fd, 0) != 0) std::abort();
        for (std::size_t done = 0; done < size;) {
            const ssize_t n = ::pwrite(fd, data + done, size - done, static_cast<off_t>(done));
            if (n <= 0) std::abort();
            done += static_cast<std::size_t>(n);
        }
    }
};

void readAs(const fs::path& path) {
    using namespace stylemix;
    try {
        const std::string text = readRecipeText(path.string());
        if (text.size() > fileKindLimit(FileKind::Recipe)) std::abort();
        recipeFromJson(text, path.string());
    } catch (const std::exception&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static InputFile file;
    file.write(data, size);
    readAs(file.dir / "in.webp");
    readAs(file.dir / "in.json");
    return 0;
}
