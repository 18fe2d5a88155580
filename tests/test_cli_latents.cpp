// The CLI's latent workspace (issue 23): W files and positions wherever a seed
// goes, generate --projected-w, --save-ws, interpolate, and their recipes,
// against NVIDIA's outputs in tests/data/reference/avatars64/latents/.
#include "tests/cli_test_util.h"
#include "model/io/image_io.h"
#include "model/io/w_file.h"
#include "model/core/source.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::cli_test;

namespace {

std::string latents() { return referenceDir() + "/latents"; }
std::string projected() { return latents() + "/projected_w.npz"; }

std::vector<float> wsOfFile(const std::string& path) {
    std::vector<float> out;
    for (const WArrayPtr& w : wArraysFor(readWFile(path), 10, 512)) out.insert(out.end(), w->values.begin(), w->values.end());
    return out;
}

}  // namespace

TEST_F(CliVsNvidia, ProjectedWMatchesGeneratePy) {
    const std::string d = scratchDir("cli_projected") + "/out";
    const CliRun r = runCli("generate --projected-w " + quote(projected()) + " --device cpu --outdir " + quote(d));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_EQ(filesIn(d), (std::set<std::string>{"proj00.png", "proj00.json", "proj01.png", "proj01.json", "proj02.png", "proj02.json"}));
    for (const char* name : {"proj00.png", "proj01.png", "proj02.png"})
        EXPECT_TRUE(matchesPng(readPng(d + "/" + name), latents() + "/generate_projected_w/" + name, 0.999, 1)) << name;
    // Truncation never applies to a w: --trunc 0.5 changes nothing.
    const std::string t = scratchDir("cli_projected_trunc") + "/out";
    ASSERT_EQ(runCli("generate --projected-w " + quote(projected()) + " --trunc 0.5 --no-recipe --outdir " + quote(t)).code, 0);
    EXPECT_EQ(readPng(t + "/proj01.png"), readPng(d + "/proj01.png"));
}

TEST_F(CliVsNvidia, WFileAndPositionSourcesMatchTheReferences) {
    const std::string d = scratchDir("cli_wfile_mix") + "/out";
    const std::string rows = "0," + projected() + "[1]";
    const std::string cols = "5," + projected() + "[0]," + projected() + "[2]";
    const CliRun r = runCli("mix --rows " + quote(rows) + " --cols " + quote(cols) + " --styles 0-3 --trunc 0.7 --outdir " + quote(d));
    ASSERT_EQ(r.code, 0) << describe(r);
    const std::string ref = latents() + "/mix_styles0-3_psi0.7/";
    // Our names use the file's stem and index; the reference's wK.
    EXPECT_TRUE(matchesPng(readPng(d + "/projected_w-01-5.png"), ref + "w1-5.png", 0.999, 1));
    EXPECT_TRUE(matchesPng(readPng(d + "/0-projected_w-02.png"), ref + "0-w2.png", 0.999, 1));
    EXPECT_TRUE(matchesPng(readPng(d + "/projected_w-01-projected_w-00.png"), ref + "w1-w0.png", 0.999, 1));
    EXPECT_TRUE(matchesPng(readPng(d + "/grid.png"), ref + "grid.png", 0.999, 1));

    const std::string g = scratchDir("cli_positions") + "/out";
    ASSERT_EQ(runCli("generate --seeds 12.25:0.5,-1.75:2.125,7.5 --trunc 0.7 --outdir " + quote(g)).code, 0);
    const std::string pos = latents() + "/positions/";
    EXPECT_TRUE(matchesPng(readPng(g + "/pos12.25_0.5.png"), pos + "pos_12.25_0.5_psi0.7.png", 0.999, 1));
    EXPECT_TRUE(matchesPng(readPng(g + "/pos-1.75_2.125.png"), pos + "pos_-1.75_2.125_psi0.7.png", 0.999, 1));
    EXPECT_TRUE(matchesPng(readPng(g + "/pos7.5_0.png"), pos + "pos_7.5_0_psi0.7.png", 0.999, 1));
}

TEST_F(Cli, SaveWsWritesTheProjectorsFormatAndReadsBackAsTheSameImages) {
    const std::string dir = scratchDir("cli_save_ws");
    const CliRun r = runCli("generate --seeds 3," + quote(projected() + "[2]") + ",4.5:1 --trunc 0.7 --outdir " + quote(dir + "/a") +
                            " --save-ws " + quote(dir + "/ws.npz"));
    ASSERT_EQ(r.code, 0) << describe(r);
    const WFile saved = readWFile(dir + "/ws.npz");
    EXPECT_EQ(saved.member, "w");
    ASSERT_EQ(saved.array.shape, (std::vector<std::int64_t>{3, 10, 512}));
    const std::vector<float> projected_ws = wsOfFile(projected());
    EXPECT_EQ(0, std::memcmp(saved.array.values.data() + 5120, projected_ws.data() + 2 * 5120, 5120 * sizeof(float)))
        << "a W-file source is saved as it is";
    // Rendering the saved ws gives the same images: seed 3 at psi 0.7 is its saved (truncated) w.
    ASSERT_EQ(runCli("generate --projected-w " + quote(dir + "/ws.npz") + " --no-recipe --outdir " + quote(dir + "/b")).code, 0);
    EXPECT_EQ(readPng(dir + "/b/proj00.png"), readPng(dir + "/a/seed0003.png"));
    EXPECT_EQ(readPng(dir + "/b/proj01.png"), readPng(dir + "/a/projected_w-02.png"));
    EXPECT_EQ(readPng(dir + "/b/proj02.png"), readPng(dir + "/a/pos4.5_1.png"));
}

TEST_F(Cli, InterpolationEndsAreItsSourcesAndItsRecipeReplaysByteForByte) {
    const std::string dir = scratchDir("cli_interpolate");
    for (const std::string space : {"z", "w"}) {
        const std::string strip = dir + "/strip_" + space + ".png";
        const CliRun r = runCli("interpolate --from 3 --to 7 --steps 4 --space " + space + " --trunc 0.8 -o " + quote(strip) +
                                " --save-ws " + quote(dir + "/ws_" + space + ".npz"));
        ASSERT_EQ(r.code, 0) << describe(r);
        const Image s = readPng(strip);
        ASSERT_EQ(s.width, 4 * 64);
        ASSERT_EQ(runCli("generate --projected-w " + quote(dir + "/ws_" + space + ".npz") + " --no-recipe --outdir " +
                         quote(dir + "/frames_" + space)).code, 0);
        for (int i = 0; i < 4; ++i) {
            const Image frame = readPng(dir + "/frames_" + space + "/proj0" + std::to_string(i) + ".png");
            for (int y = 0; y < 64; ++y)
                ASSERT_EQ(0, std::memcmp(frame.pixels.data() + y * 64 * 3, s.pixels.data() + (y * 256 + i * 64) * 3, 64 * 3))
                    << space << " frame " << i << " row " << y;
        }
        ASSERT_EQ(runCli("render " + quote(dir + "/strip_" + space + ".json") + " -o " + quote(dir + "/again_" + space + ".png")).code, 0);
        EXPECT_EQ(readFileBytes(dir + "/again_" + space + ".png"), readFileBytes(strip)) << space;
    }
    // Both spaces start and end on the sources' own ws (seed 3 and 7 at psi 0.8, as generate maps them).
    ASSERT_EQ(runCli("generate --seeds 3,7 --trunc 0.8 --no-recipe --outdir " + quote(dir + "/ends") + " --save-ws " +
                     quote(dir + "/ends.npz")).code, 0);
    const std::vector<float> ends = wsOfFile(dir + "/ends.npz");
    for (const std::string space : {"z", "w"}) {
        const std::vector<float> ws = wArraysFor(readWFile(dir + "/ws_" + space + ".npz"), 10, 512)[0]->values;
        const std::vector<float> last = wArraysFor(readWFile(dir + "/ws_" + space + ".npz"), 10, 512)[3]->values;
        EXPECT_EQ(0, std::memcmp(ws.data(), ends.data(), 5120 * sizeof(float))) << space;
        EXPECT_EQ(0, std::memcmp(last.data(), ends.data() + 5120, 5120 * sizeof(float))) << space;
    }
    // The two spaces differ in between.
    EXPECT_NE(readFileBytes(dir + "/strip_z.png"), readFileBytes(dir + "/strip_w.png"));
}

TEST_F(Cli, AMovedWFileReplaysFromTheRecipeAndSaysSo) {
    const std::string dir = scratchDir("cli_wfile_moved");
    fs::copy_file(projected(), dir + "/face.npz", fs::copy_options::overwrite_existing);
    ASSERT_EQ(runCli("mix --rows 1 --cols " + quote(dir + "/face.npz") + " --styles 0-3 --outdir " + quote(dir + "/m")).code, 0);
    fs::remove(dir + "/face.npz");
    const CliRun r = runCli("render " + quote(dir + "/m/grid.json") + " -o " + quote(dir + "/again.png"));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_TRUE(contains(r.err, "face.npz cannot be read")) << describe(r);
    EXPECT_EQ(readFileBytes(dir + "/again.png"), readFileBytes(dir + "/m/grid.png"));
}

TEST_F(Cli, BadSourceItemsAreRefusedBeforeAnythingIsWritten) {
    const std::string d = scratchDir("cli_bad_sources") + "/out";
    expectCleanFailure(runCli("generate --seeds 3,banana --outdir " + quote(d)), "'banana' is not a seed, a range A-B, a position X:Y or a W file");
    expectCleanFailure(runCli("generate --seeds 1:x --outdir " + quote(d)), "is not a position X:Y");
    expectCleanFailure(runCli("generate --seeds " + quote(d + "/missing.npz") + " --outdir " + quote(d)), "missing.npz");
    expectCleanFailure(runCli("noise --seed " + quote(projected()) + " --outdir " + quote(d)), "FILE[i]");
    expectCleanFailure(runCli("interpolate --from 3.5 --to 7 --space z -o " + quote(d + "/s.png")), "has no single latent z");
    expectCleanFailure(runCli("generate --seeds 3 --projected-w " + quote(projected()) + " --outdir " + quote(d)), "Exactly 1 option from [--seeds,--projected-w]");
    expectCleanFailure(runCli("generate --seeds " + quote(projected() + "[7]") + " --outdir " + quote(d)), "holds 3 ws");
    // A W file of another model's shape names both shapes.
    const CliRun wrong = runCli("generate --projected-w " + quote(latents() + "/w_1d.npy") + " --model " + quote(pickleFixture()) +
                                " --outdir " + quote(d));
    expectCleanFailure(wrong, "w_1d.npy");
    EXPECT_FALSE(fs::exists(d));
}
