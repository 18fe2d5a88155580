// The CLI's torch-free front: what needs no rendering (help, usage errors,
// bad flag values, info, convert) never loads LibTorch, and the families'
// torch-free readers describe and refuse files as a load does.
#include "app/cli_front.h"
#include "model/io/weights_file.h"
#include "model/nets/family_reader.h"
#include "model/nets/load_generator.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace stylemix;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct CliRun {
    int code = -1;
    std::string err;      // stderr
    std::string loaded;   // every file the dynamic loader opened (LD_DEBUG=files)
};

// Runs `CLI ARGS` in `dir` with the dynamic loader reporting what it opens.
CliRun runTraced(const std::string& cli, const std::string& args, const std::string& dir) {
    const fs::path trace = fs::path(dir) / "ld";
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind("ld.", 0) == 0) fs::remove(e.path());
    const std::string cmd = "cd '" + dir + "' && LD_DEBUG=files LD_DEBUG_OUTPUT='" + trace.string() + "' '" + cli + "' " +
                            args + " >out.txt 2>err.txt";
    const int status = std::system(cmd.c_str());
    CliRun r;
    r.code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
    r.err = slurp(fs::path(dir) / "err.txt");
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind("ld.", 0) == 0) r.loaded += slurp(e.path());
    return r;
}

bool loadsLibTorch(const CliRun& r) { return r.loaded.find("libtorch") != std::string::npos; }

TEST(CliFront, WhatNeedsNoRenderingLoadsNoLibTorch) {
    ASSERT_TRUE(fs::exists(STYLEMIX_CLI_PATH)) << "stylemix binary not built at " << STYLEMIX_CLI_PATH;
    const std::string d = stylemix::testing::scratchDir("cli_front");
    const std::string model = stylemix::testing::defaultModelPath();
    struct Case {
        std::string args;
        int code;
    };
    const std::vector<Case> cases = {
        {"--help", 0},
        {"--version", 0},
        {"generate --help", 0},
        {"generate --outdir o", 2},                         // a required flag missing: a usage error
        {"generate --seeds 1-x --outdir o", 1},            // a bad seed list
        {"mix --rows 1 --cols 2 --trunc 500 --outdir o", 1},
        {"noise --seed 1 --stddev-gain 0 --outdir o", 1},
        {"bogus", 2},
        {"render missing.json -o x.png", 1},                // a recipe is read before the renderer loads
        {"info --model '" + model + "'", 0},
        {"convert '" + model + "' out.safetensors", 0},
    };
    for (const Case& c : cases) {
        const CliRun r = runTraced(STYLEMIX_CLI_PATH, c.args, d);
        EXPECT_EQ(r.code, c.code) << c.args << ": " << r.err;
        EXPECT_FALSE(r.loaded.empty()) << c.args << ": LD_DEBUG traced nothing";
        EXPECT_FALSE(loadsLibTorch(r)) << c.args << " loaded LibTorch";
    }
    EXPECT_TRUE(fs::exists(fs::path(d) / "out.safetensors"));
    // Rendering does load it (so the check above can fail).
    const CliRun render = runTraced(STYLEMIX_CLI_PATH, "generate --seeds 1 --no-recipe --outdir gen", d);
    EXPECT_EQ(render.code, 0) << render.err;
    EXPECT_TRUE(loadsLibTorch(render));
    EXPECT_TRUE(fs::exists(fs::path(d) / "gen" / "seed0001.png"));
}

// The render library exports the entry point the front looks up by name.
TEST(CliFront, TheRenderLibraryExportsTheEntryPointTheFrontLooksUp) {
    const fs::path library = fs::path(STYLEMIX_CLI_PATH).parent_path() / stylemix::cli::kCliRenderLibrary;
    void* handle = ::dlopen(library.c_str(), RTLD_LAZY | RTLD_LOCAL);
    ASSERT_NE(handle, nullptr) << ::dlerror();
    EXPECT_NE(::dlsym(handle, stylemix::cli::kCliRenderEntry), nullptr)
        << library << " does not export " << stylemix::cli::kCliRenderEntry;
}

// A copy of the front without its render library beside it still describes
// and converts; rendering then fails in one line naming the library.
TEST(CliFront, WithoutTheRenderLibraryOnlyRenderingFails) {
    const std::string d = stylemix::testing::scratchDir("cli_front_alone");
    const std::string cli = d + "/stylemix";
    fs::copy_file(STYLEMIX_CLI_PATH, cli);
    const std::string model = stylemix::testing::defaultModelPath();
    EXPECT_EQ(runTraced(cli, "info --model '" + model + "'", d).code, 0);
    const CliRun r = runTraced(cli, "generate --model '" + model + "' --seeds 1 --outdir gen", d);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.rfind("stylemix: error: cannot load the renderer " + d + "/libstylemix_cli_render.so", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(d + "/gen"));
}

// The torch-free description (info) equals what the built generator reports,
// learned noise strengths included, for every family.
TEST(FamilyReader, DescribesFilesAsTheGeneratorDoes) {
    const std::string data = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/";
    for (const std::string& path : {stylemix::testing::defaultModelPath(), data + "tf/sg1_64.pkl", data + "tf/sg1_128_cond.pkl",
                                    data + "tf/sg2_32.pkl", data + "pickle/sg2ada_cond_p3_f16.pkl",
                                    data + "sg3/sg3t_16.pkl", data + "sg3/sg3r_16.pkl"}) {
        SCOPED_TRACE(path);
        const RawWeights raw = readWeightsFile(path);
        const AdoptedWeights adopted = adoptWeights(raw);
        const FamilyReader& reader = *adopted.family;
        ASSERT_NO_THROW(reader.validate(adopted.weights, {}));
        const ModelDescription got = reader.describe(adopted.weights);
        const ModelDescription want = loadGenerator(raw, torch::kCPU)->description();
        EXPECT_EQ(got.family, want.family);
        EXPECT_EQ(got.num_ws, want.num_ws);
        EXPECT_EQ(got.img_resolution, want.img_resolution);
        EXPECT_EQ(got.c_dim, want.c_dim);
        EXPECT_EQ(got.details, want.details);
        ASSERT_EQ(got.layers.size(), want.layers.size());
        ASSERT_EQ(got.noise_layers.size(), want.noise_layers.size());
        ASSERT_EQ(got.noise_strengths.size(), want.noise_strengths.size());
        for (size_t i = 0; i < got.noise_strengths.size(); ++i)
            EXPECT_NEAR(got.noise_strengths[i], want.noise_strengths[i], 1e-6 * std::fabs(want.noise_strengths[i]) + 1e-12)
                << "noise layer " << i;
    }
}

// The torch-free validation refuses what a load refuses, with the same message.
TEST(FamilyReader, RefusesWhatALoadRefusesInTheSameWords) {
    const std::string data = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/";
    for (const std::string& path : {data + "tf/bad_nan_weight.pkl", data + "tf/bad_missing_variable.pkl",
                                    data + "tf/bad_variable_shape.pkl", data + "sg3/bad_magnitude_ema_zero.pkl",
                                    data + "sg3/bad_magnitude_ema_negative.pkl", data + "sg3/bad_none_filter.pkl"}) {
        SCOPED_TRACE(path);
        std::string load_error, check_error;
        RawWeights raw;
        try {
            raw = readWeightsFile(path);
        } catch (const std::exception& e) {
            FAIL() << "the fixture no longer reads: " << e.what();
        }
        try {
            loadGenerator(raw, torch::kCPU);
        } catch (const std::exception& e) {
            load_error = e.what();
        }
        try {
            const AdoptedWeights adopted = adoptWeights(raw);
            adopted.family->validate(adopted.weights, {});
            adopted.family->describe(adopted.weights);
        } catch (const std::exception& e) {
            check_error = e.what();
        }
        EXPECT_FALSE(load_error.empty()) << "the load accepted it";
        EXPECT_EQ(check_error, load_error);
    }
}

}  // namespace
