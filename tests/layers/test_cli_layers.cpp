// stylemix layers: --list (torch-free) and captures to .npy, checked against
// NVIDIA's visualizer (tests/data/reference/layers), and its refusals.
#include "tests/cli_test_util.h"
#include "tests/layers/layer_test_util.h"

#include <gtest/gtest.h>

namespace stylemix {
namespace {

using cli_test::CliRun;
using cli_test::contains;
using cli_test::describe;
using cli_test::quote;
using cli_test::runCli;
using namespace layer_test;

std::string avatars() { return quote(sourceDir() + "/assets/avatars64.safetensors"); }

TEST(CliLayers, ListPrintsEveryLayerAsTheVisualizerNamesIt) {
    const CliRun r = runCli("layers --model " + avatars() + " --list");
    ASSERT_EQ(r.code, 0) << describe(r);
    const nlohmann::json layers = readJson(referenceDir("avatars64") + "/layers.json").at("layers");
    std::string expected;
    for (const auto& l : layers) {
        const auto s = l.at("shape").get<std::vector<int>>();
        expected += l.at("name").get<std::string>() + "  [" + std::to_string(s[1]) + ", " + std::to_string(s[2]) + ", " +
                    std::to_string(s[3]) + "]  float32\n";
    }
    EXPECT_EQ(r.out, expected);
}

// --list runs in the front: the dynamic loader never opens LibTorch for it.
TEST(CliLayers, ListLoadsNoLibTorch) {
    const CliRun r = runCli("layers --model " + quote(sourceDir() + "/tests/data/sg3/sg3t_16.pkl") + " --list");
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_TRUE(contains(r.out, "L2_36_24  [24, 36, 36]  float32\n")) << r.out;
    const std::string trace = testing::scratchDir("cli_layers_ld") + "/trace.txt";
    const std::string cmd = "LD_DEBUG=files " + quote(STYLEMIX_CLI_PATH) + " layers --list --model " + avatars() +
                            " >/dev/null 2>" + quote(trace);
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    const std::string loaded = cli_test::slurp(trace);
    EXPECT_TRUE(contains(loaded, "file=")) << "LD_DEBUG traced nothing";
    EXPECT_FALSE(contains(loaded, "libtorch")) << "layers --list loaded LibTorch";
}

// A capture of A, and of A with B's styles 0-3, equals NVIDIA's (seeds 3 and 7, psi 0.7).
TEST(CliLayers, CapturesEqualTheVisualizers) {
    const std::string dir = testing::scratchDir("cli_layers_capture");
    struct Case {
        std::string args, layer, subject;
    };
    const Case cases[] = {{"", "b8.conv0", "A"}, {" --col 7 --styles 0-3", "b32:1", "mix"}};
    for (const Case& c : cases) {
        const std::string out = dir + "/act.npy";
        const CliRun r = runCli("layers --model " + avatars() + " --seed 3 --trunc 0.7 --layer " + quote(c.layer) + c.args +
                                " --out " + quote(out));
        ASSERT_EQ(r.code, 0) << describe(r);
        const torch::Tensor expected = readNpy(captureFile("avatars64", c.subject, c.layer));
        const torch::Tensor got = readNpy(out);
        ASSERT_EQ(got.sizes(), expected.sizes()) << c.layer;
        EXPECT_LE(relError(got, expected), 2e-5) << c.layer;
        EXPECT_TRUE(contains(r.out, "float32 [" + std::to_string(expected.size(0)))) << r.out;
    }
}

TEST(CliLayers, AnUnknownLayerIsOneLineNamingItAndTheCount) {
    const std::string out = testing::scratchDir("cli_layers_unknown") + "/act.npy";
    const CliRun r = runCli("layers --model " + avatars() + " --seed 3 --layer b99.conv0 --out " + quote(out));
    EXPECT_EQ(r.code, 1) << describe(r);
    EXPECT_TRUE(contains(r.err, "'b99.conv0'")) << r.err;
    EXPECT_TRUE(contains(r.err, "25 layers")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(cli_test::fs::exists(out));
}

TEST(CliLayers, BadOutputsAndFlagsAreRefusedBeforeAnyWork) {
    const std::string dir = testing::scratchDir("cli_layers_bad");
    const std::string base = "layers --model " + avatars() + " --seed 3 --layer b8.conv1 --out ";
    CliRun r = runCli(base + "/dev/null");
    EXPECT_EQ(r.code, 1) << describe(r);
    EXPECT_TRUE(contains(r.err, "/dev/null")) << r.err;
    r = runCli(base + quote(dir));   // a directory
    EXPECT_EQ(r.code, 1) << describe(r);
    r = runCli(base + quote(dir + "/missing/dir/act.npy"));
    EXPECT_EQ(r.code, 1) << describe(r);
    EXPECT_TRUE(contains(r.err, "missing")) << r.err;
    // --list takes no capture flags; a capture needs --seed, --layer and --out; --col needs --styles.
    EXPECT_EQ(runCli("layers --model " + avatars() + " --list --layer b8.conv1").code, 2);
    r = runCli("layers --model " + avatars() + " --seed 3 --out " + quote(dir + "/x.npy"));
    EXPECT_EQ(r.code, 1) << describe(r);
    EXPECT_TRUE(contains(r.err, "--layer")) << r.err;
    EXPECT_EQ(runCli(base + quote(dir + "/x.npy") + " --col 7").code, 2);
    EXPECT_TRUE(cli_test::filesIn(dir).empty());
}

}  // namespace
}  // namespace stylemix
