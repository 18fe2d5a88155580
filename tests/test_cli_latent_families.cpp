// The latent workspace on every family (issue 23, "done means"): positions, W
// files saved and read back, W-file sources in a grid, interpolation strips
// and their recipes, on a StyleGAN2 .pkl, StyleGAN1 (TF pickle, conditional
// too) and StyleGAN3 (T and R) fixtures.
#include "tests/cli_test_util.h"
#include "model/io/image_io.h"
#include "tests/image_compare.h"

#include <gtest/gtest.h>

#include <string>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::cli_test;

namespace {

struct Family {
    const char* name;
    std::string model;
    std::string class_flag;   // conditional models need a class for seeds and positions
};

std::vector<Family> families() {
    const std::string data = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/";
    return {{"sg2_pkl", data + "pickle/sg2_tiny_p4.pkl", ""},
            {"sg1_tf", data + "tf/sg1_16.pkl", ""},
            {"sg1_tf_conditional", data + "tf/sg1_128_cond.pkl", " --class 1"},
            {"sg3_t", data + "sg3/sg3t_16.pkl", ""},
            {"sg3_r", data + "sg3/sg3r_16.pkl", ""}};
}

}  // namespace

TEST_F(Cli, TheLatentWorkspaceWorksOnEveryFamily) {
    for (const Family& f : families()) {
        SCOPED_TRACE(f.name);
        const std::string d = scratchDir(std::string("cli_latent_family_") + f.name);
        const std::string m = " --model " + quote(f.model) + f.class_flag + " --device cpu";
        // Seeds and positions, their ws saved; rendering the saved ws gives the same pixels.
        CliRun r = runCli("generate" + m + " --seeds 3,2.5:1 --trunc 0.7 --outdir " + quote(d + "/a") + " --save-ws " + quote(d + "/ws.npz"));
        ASSERT_EQ(r.code, 0) << describe(r);
        r = runCli("generate" + m + " --projected-w " + quote(d + "/ws.npz") + " --no-recipe --outdir " + quote(d + "/b"));
        ASSERT_EQ(r.code, 0) << describe(r);
        EXPECT_EQ(readPng(d + "/b/proj00.png"), readPng(d + "/a/seed0003.png"));
        EXPECT_EQ(readPng(d + "/b/proj01.png"), readPng(d + "/a/pos2.5_1.png"));
        // W-file sources in a grid; its recipe replays byte for byte.
        r = runCli("mix" + m + " --rows " + quote(d + "/ws.npz") + ",4 --cols 5," + quote(d + "/ws.npz[1]") + " --styles 0-1 --outdir " +
                   quote(d + "/mix"));
        ASSERT_EQ(r.code, 0) << describe(r);
        ASSERT_EQ(runCli("render " + quote(d + "/mix/grid.json") + " -o " + quote(d + "/mix_again.png")).code, 0);
        EXPECT_EQ(readFileBytes(d + "/mix_again.png"), readFileBytes(d + "/mix/grid.png"));
        // A row that is source 0's w equals that source's own tile.
        EXPECT_EQ(readPng(d + "/mix/ws-00-ws-00.png"), readPng(d + "/b/proj00.png"));
        // Strips in w (any source) and z (seeds), replayed from their recipes.
        for (const char* space : {"w", "z"}) {
            const std::string to = std::string(space) == "w" ? quote(d + "/ws.npz[1]") : std::string("9");
            const std::string strip = d + "/strip_" + space + ".png";
            r = runCli("interpolate" + m + " --from 3 --to " + to + " --steps 3 --space " + space + " --trunc 0.7 -o " + quote(strip));
            ASSERT_EQ(r.code, 0) << describe(r);
            ASSERT_EQ(runCli("render " + quote(d + "/strip_" + space + ".json") + " -o " + quote(d + "/again_" + space + ".png")).code, 0);
            EXPECT_EQ(readFileBytes(d + "/again_" + space + ".png"), readFileBytes(strip)) << space;
        }
    }
}
