// `stylemix generate`: the PNGs against NVIDIA's gen_images.py, and a seed out of
// range refused before anything is written.
#include "tests/cli_test_util.h"
#include "model/io/image_io.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <set>
#include <string>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::cli_test;

TEST_F(CliVsNvidia, GenerateMatchesGenImagesPy) {
    const std::string d = scratchDir("cli_generate") + "/out";
    const CliRun r = runCli("generate --seeds 0-7 --device cpu --no-recipe --outdir " + quote(d));
    ASSERT_EQ(r.code, 0) << describe(r);
    std::set<std::string> expected;
    for (int s = 0; s < 8; ++s) expected.insert("seed000" + std::to_string(s) + ".png");
    EXPECT_EQ(filesIn(d), expected);
    ImageDiff total;
    for (const auto& name : expected)
        EXPECT_TRUE(matchesPng(readPng(d + "/" + name), referenceDir() + "/generate_psi1_const/" + name, 0.999, 1, &total))
            << name;
    std::cout << "[ info ] CLI generate seeds 0-7 vs NVIDIA PNGs: " << total.describe() << "\n";
}

TEST_F(Cli, SeedOutOfRangeFailsBeforeWriting) {
    const std::string d = scratchDir("cli_seed_range") + "/out";
    const CliRun r = runCli("generate --seeds 4294967296 --outdir " + quote(d));
    expectCleanFailure(r, "4294967296");
    EXPECT_FALSE(fs::exists(d)) << describe(r);
}
