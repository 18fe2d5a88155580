// User errors on any command: a non-zero exit status, one line on stderr naming
// the problem, and nothing written.
#include "tests/cli_test_util.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

using namespace stylemix;
using namespace stylemix::testing;
using namespace stylemix::cli_test;

TEST_F(Cli, ErrorsAreOneLineAndWriteNothing) {
    const std::string base = scratchDir("cli_errors");
    // A truncated copy of the default model.
    const std::string truncated = base + "/truncated.safetensors";
    {
        const std::vector<std::uint8_t> bytes = readFileBytes(defaultModelPath());
        ASSERT_FALSE(bytes.empty());
        std::ofstream(truncated, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                         static_cast<std::streamsize>(bytes.size() / 3));
    }
    struct Case {
        std::string args, mention;
    };
    const std::vector<Case> cases = {
        {"mix --rows 0-2 --cols 3-6 --styles 0-12", "--styles"},
        {"generate --seeds 0-1 --model /nonexistent.safetensors", "/nonexistent.safetensors"},
        {"mix --rows 0-2 --cols 3-6 --model " + quote(truncated), truncated},
        {"mix --rows 5-2 --cols 3-6", "--rows"},
        {"mix --rows 0-2 --cols 3-6 --row-styles '0-3;4-7'", "row"},
        {"generate --seeds 0-1 --trunc-cutoff 99", "99"},
        {"generate --seeds 0-1 --noise-strength 1,1,1", "--noise-strength"},
        {"noise --seed 3 --samples 4 --crop 60,60,10,10", "--crop"},
    };
    int i = 0;
    for (const Case& c : cases) {
        const std::string d = base + "/out" + std::to_string(i++);
        const CliRun r = runCli(c.args + " --device cpu --outdir " + quote(d));
        expectCleanFailure(r, c.mention);
        EXPECT_TRUE(emptyOrAbsent(d)) << describe(r);
    }
    // Malformed flags are usage errors: exit status 2, the same one line, nothing written.
    for (const std::string args : {"mix --rows 0 --cols 1 --bogus-flag", "generate --seeds 0 --trunc abc"}) {
        const std::string d = base + "/out" + std::to_string(i++);
        const CliRun r = runCli(args + " --outdir " + quote(d));
        EXPECT_EQ(r.code, 2) << describe(r);
        expectCleanFailure(r, args.find("bogus") != std::string::npos ? "--bogus-flag" : "--trunc");
        EXPECT_TRUE(emptyOrAbsent(d)) << describe(r);
    }
}

// An output's name says its format: a name that does not end in what the command writes is refused
// before any work (it used to get PNG or .npy bytes under any name), and nothing is written.
TEST_F(Cli, AnOutputNameMustEndInTheFormatWritten) {
    const std::string d = scratchDir("cli_output_suffix");
    const std::vector<std::string> commands = {
        "influence --row 1 --col 2 -o " + quote(d + "/map.jpg"),
        "layers --seed 1 --layer output --out " + quote(d + "/act.png"),
        "noise --by-layer --seed 1 -o " + quote(d + "/strip.txt"),
        "interpolate --from 1 --to 2 -o " + quote(d + "/strip"),
        "render " + quote(d + "/missing.json") + " -o " + quote(d + "/figure.webp"),
    };
    for (const std::string& args : commands) {
        const CliRun r = runCli(args);
        expectCleanFailure(r, "file name (that is the format written)");
        EXPECT_TRUE(emptyOrAbsent(d)) << describe(r);
    }
    // Any case of the suffix is a name of that format.
    const CliRun ok = runCli("layers --seed 1 --layer b4.conv1 --device cpu --out " + quote(d + "/ACT.NPY"));
    EXPECT_EQ(ok.code, 0) << describe(ok);
}
