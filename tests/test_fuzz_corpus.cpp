// Replays the fuzzers' seed corpora (tests/fuzz/corpus/<format>/) through the
// parsers in regular builds: every file must parse or throw a std::exception.
// A crash, hang or foreign exception fails here without needing clang.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "model/core/recipe.h"
#include "model/io/network_pickle.h"
#include "model/io/tf_pickle.h"
#include "model/nets/family_reader.h"
#include "model/io/pickle/torch_legacy_storage.h"
#include "model/io/safetensors.h"
#include "model/io/w_file.h"

namespace stylemix {
namespace {

namespace fs = std::filesystem;
using Parser = std::function<void(const std::uint8_t*, std::size_t, const std::string&)>;

const fs::path kCorpusRoot = fs::path(STYLEMIX_SOURCE_DIR) / "tests" / "fuzz" / "corpus";

// One entry per fuzz target, named like its corpus folder.
const std::map<std::string, Parser>& parsers() {
    static const std::map<std::string, Parser> table = {
        {"safetensors", [](const std::uint8_t* data, std::size_t size, const std::string& name) {
             parseSafetensors(data, size, name);
         }},
        {"pickle", [](const std::uint8_t* data, std::size_t size, const std::string& name) {
             // TF-era (G, D, Gs) pickles and PyTorch-era network pickles, as readWeightsFile tells them
             // apart, then adopted by the family that claims them, as a load does.
             if (looksLikeTfPickle(data, size)) {
                 adoptWeights(tfNetworkToRaw(parseTfPickle(data, size, name), name));
             } else {
                 adoptWeights(parseNetworkPickle(data, size, name));
             }
         }},
        {"torch_storage", [](const std::uint8_t* data, std::size_t size, const std::string& name) {
             pickle::checkTorchStorageBytes(data, size, name);
         }},
        {"recipe", [](const std::uint8_t* data, std::size_t size, const std::string& name) {
             recipeFromJson(std::string(reinterpret_cast<const char*>(data), size), name);
         }},
        {"recipe_container", [](const std::uint8_t* data, std::size_t size, const std::string& name) {
             // tests/fuzz/fuzz_recipe_container.cpp: a recipe inside a WebP, GIF or PNG (or JSON), read from a
             // file named as the seed is (its extension matters: an empty "x.webp" is refused by name).
             const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "fuzz_corpus_recipe_container";
             fs::create_directories(dir);
             const fs::path path = dir / fs::path(name).filename();
             std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
             recipeFromJson(readRecipeText(path.string()), path.string());
         }},
        {"npy", [](const std::uint8_t* data, std::size_t size, const std::string& name) {
             // W files, .npy or .npz (tests/fuzz/fuzz_npy.cpp); a bare .npy is also what parseNpy reads.
             readWFileBytes(std::string(reinterpret_cast<const char*>(data), size), name);
         }},
    };
    return table;
}

// Returns how many files were replayed. Seeds named valid_* must parse and
// bad_* must be refused; other names (fuzzer finds) only must not crash.
std::size_t replay(const fs::path& dir, const Parser& parse) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string name = file.filename().string();
        try {
            parse(bytes.data(), bytes.size(), file.string());
            EXPECT_NE(name.rfind("bad_", 0), 0u) << file << ": invalid seed was accepted";
        } catch (const std::exception& e) {
            EXPECT_NE(name.rfind("valid_", 0), 0u) << file << ": valid seed was refused: " << e.what();
        } catch (...) {
            ADD_FAILURE() << file << ": threw something that is not a std::exception";
        }
    }
    return files.size();
}

TEST(FuzzCorpus, SafetensorsSeedsParseOrThrow) {
    const fs::path dir = kCorpusRoot / "safetensors";
    ASSERT_TRUE(fs::is_directory(dir)) << dir;
    EXPECT_GE(replay(dir, parsers().at("safetensors")), 10u) << "seed corpus went missing from " << dir;
}

// Other formats' corpora (pickle, torch_storage) are replayed once their parser
// is registered above; a corpus folder without a parser fails the test,
// naming the folder, rather than passing silently.
TEST(FuzzCorpus, OtherCorporaParseOrThrow) {
    std::vector<std::string> unregistered;
    for (const auto& entry : fs::directory_iterator(kCorpusRoot)) {
        if (!entry.is_directory()) continue;
        const std::string format = entry.path().filename().string();
        if (format == "safetensors") continue;
        const auto parser = parsers().find(format);
        if (parser == parsers().end()) {
            unregistered.push_back(format);
            continue;
        }
        SCOPED_TRACE(format);
        replay(entry.path(), parser->second);
    }
    if (!unregistered.empty()) {
        std::string names;
        for (const auto& name : unregistered) names += (names.empty() ? "" : ", ") + name;
        FAIL() << "no parser registered in tests/test_fuzz_corpus.cpp for corpus folder(s): " << names;
    }
}

}  // namespace
}  // namespace stylemix
