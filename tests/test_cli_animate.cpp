// `stylemix animate`: flag runs against the engine's frames, re-renders from the
// recipe (beside, and inside the WebP or GIF) byte for byte, progress lines,
// SIGTERM leaving nothing behind, and bad specs and paths refused in one line.
#include "model/core/recipe.h"
#include "model/io/animation_writer.h"
#include "tests/animation_decode.h"
#include "tests/cli_test_util.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

namespace stylemix {
namespace {

using namespace cli_test;

std::string model() { return quote(testing::defaultModelPath()); }

int countLines(const std::string& text, const std::string& prefix) {
    int n = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) n += line.rfind(prefix, 0) == 0;
    return n;
}

std::vector<Image> engineFrames(const AnimationSpec& spec) {
    std::vector<Image> frames;
    engine().animate(spec, {}, [&](int, const Image& f) {
        frames.push_back(f);
        return true;
    });
    return frames;
}

TEST_F(Cli, AnimateWritesTheEnginesFramesAndItsRecipe) {
    const std::string dir = testing::scratchDir("cli_animate_flags");
    const CliRun r = runCli("animate --model " + model() + " --kind sweep --seed 85 --col 702 --styles 0-5 --frames 6 --fps 12 -o " +
                            quote(dir + "/sweep.webp"));
    ASSERT_EQ(r.code, 0) << describe(r);
    EXPECT_EQ(countLines(r.err, "frame "), 6) << r.err;
    EXPECT_TRUE(contains(r.err, "frame 6/6\n")) << r.err;
    EXPECT_EQ(filesIn(dir), (std::set<std::string>{"sweep.json", "sweep.webp"}));
    const Recipe recipe = readRecipeFile(dir + "/sweep.json");
    ASSERT_EQ(recipe.kind, RecipeKind::Animation);
    const AnimationSpec& spec = *recipe.animation;
    EXPECT_EQ(spec.kind, AnimationKind::CrossoverSweep);
    EXPECT_EQ(spec.subject.styles, (std::vector<int>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(spec.fps, 12);
    const test::DecodedAnimation decoded = test::decodeWebp(dir + "/sweep.webp");
    const std::vector<Image> frames = engineFrames(spec);
    for (int i = 0; i < 6; ++i)   // lossless, each at its time
        EXPECT_EQ(test::webpFrameAt(decoded, static_cast<int>(frameStartMs(i, 12))), frames[static_cast<std::size_t>(i)]) << i;
    EXPECT_EQ(decoded.end_ms.back(), 500);
}

TEST_F(Cli, AnimateRecipeRendersByteForByte) {
    const std::string dir = testing::scratchDir("cli_animate_recipe");
    struct Case {
        std::string flags, name;
    };
    for (const Case& c : {Case{"--kind noise --seed 85 --noise-seed 3 --frames 5", "noise.gif"},
                          Case{"--kind walk --seed 85 --to 702 --space z --frames 6 --trunc 0.7", "walk.webp"},
                          Case{"--kind sweep --seed 3 --col 4 --frames 4 --fps 7.5", "sweep.gif"}}) {
        const std::string out = dir + "/" + c.name, stem = out.substr(0, out.size() - (c.name.back() == 'p' ? 5 : 4));
        const CliRun first = runCli("animate --model " + model() + " " + c.flags + " -o " + quote(out));
        ASSERT_EQ(first.code, 0) << describe(first);
        const CliRun again = runCli("animate " + quote(stem + ".json") + " -o " + quote(dir + "/again_" + c.name));
        ASSERT_EQ(again.code, 0) << describe(again);
        EXPECT_EQ(slurp(dir + "/again_" + c.name), slurp(out)) << c.flags;
        const CliRun inside = runCli("animate " + quote(out) + " -o " + quote(dir + "/inside_" + c.name));   // the recipe inside
        ASSERT_EQ(inside.code, 0) << describe(inside);
        EXPECT_EQ(slurp(dir + "/inside_" + c.name), slurp(out)) << c.flags;
        const CliRun twice = runCli("animate --model " + model() + " " + c.flags + " -o " + quote(dir + "/twice_" + c.name));
        EXPECT_EQ(slurp(dir + "/twice_" + c.name), slurp(out)) << "deterministic: " << c.flags;
    }
    EXPECT_EQ(slurp(dir + "/again_noise.json"), slurp(dir + "/noise.json"));   // a re-render's recipe beside: the same
    // Re-rendered in place from the recipe beside it: the same file, and the recipe left as it is.
    const std::string before = slurp(dir + "/walk.webp");
    const CliRun in_place = runCli("animate " + quote(dir + "/walk.json") + " -o " + quote(dir + "/walk.webp"));
    ASSERT_EQ(in_place.code, 0) << describe(in_place);
    EXPECT_EQ(slurp(dir + "/walk.webp"), before);
}

TEST_F(Cli, AnimateGifFramesComeBackWithinThePalette) {
    const std::string dir = testing::scratchDir("cli_animate_gif");
    const CliRun r = runCli("animate --model " + model() + " --seed 85 --frames 3 --fps 10 -o " + quote(dir + "/n.gif"));
    ASSERT_EQ(r.code, 0) << describe(r);
    const test::DecodedAnimation decoded = test::decodeGif(dir + "/n.gif");
    EXPECT_EQ(decoded.delays_cs, (std::vector<int>{10, 10, 10}));
    EXPECT_EQ(decoded.comment + "\n", slurp(dir + "/n.json"));
    const std::vector<Image> frames = engineFrames(*readRecipeFile(dir + "/n.json").animation);
    ASSERT_EQ(decoded.frames.size(), frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
        double error = 0;
        for (std::size_t p = 0; p < frames[i].pixels.size(); ++p) error += std::abs(frames[i].pixels[p] - decoded.frames[i].pixels[p]);
        EXPECT_LT(error / frames[i].pixels.size(), 8.0) << "frame " << i;
    }
}

// Runs `stylemix ARGS...`, sends SIGTERM once the first progress line is out, and returns its wait status.
int terminateAfterFirstFrame(const std::vector<std::string>& args, std::string& err) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return -1;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(pipe_fds[1], STDERR_FILENO);
        ::close(pipe_fds[0]);
        std::vector<char*> argv = {const_cast<char*>(STYLEMIX_CLI_PATH)};
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(STYLEMIX_CLI_PATH, argv.data());
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    char buffer[4096];
    bool sent = false;
    for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) {
        err.append(buffer, static_cast<std::size_t>(n));
        if (!sent && contains(err, "frame 1/")) {
            ::kill(pid, SIGTERM);
            sent = true;
        }
    }
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

TEST_F(Cli, AnimateStopsOnSigtermLeavingNothing) {
    const std::string dir = testing::scratchDir("cli_animate_sigterm");
    for (const std::string name : {"long.webp", "long.gif"}) {
        std::string err;
        const int status = terminateAfterFirstFrame(
            {"animate", "--model", testing::defaultModelPath(), "--seed", "85", "--frames", "1000", "-o", dir + "/" + name}, err);
        ASSERT_TRUE(WIFEXITED(status)) << err;
        EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM) << err;
        EXPECT_TRUE(contains(err, "stopped by signal")) << err;
        EXPECT_LT(countLines(err, "frame "), 1000) << "it ran to the end";
        EXPECT_TRUE(filesIn(dir).empty()) << "left behind: " << *filesIn(dir).begin();
    }
}

TEST_F(Cli, AnimateRefusesBadSpecsAndPathsInOneLine) {
    const std::string dir = testing::scratchDir("cli_animate_bad");
    ::mkfifo((dir + "/fifo.webp").c_str(), 0600);
    fs::create_directory(dir + "/folder.gif");
    const std::string m = " --model " + model();
    expectCleanFailure(runCli("animate" + m + " --seed 1 -o " + quote(dir + "/a.png")), "expected a file name ending in .webp");
    expectCleanFailure(runCli("animate" + m + " --seed 1 -o " + quote(dir + "/fifo.webp")), "FIFO");
    expectCleanFailure(runCli("animate" + m + " --seed 1 -o " + quote(dir + "/folder.gif")), "directory");
    expectCleanFailure(runCli("animate" + m + " --seed 1 --fps 0 -o " + quote(dir + "/a.gif")), "--fps 0 is out of range");
    expectCleanFailure(runCli("animate" + m + " --kind sweep --seed 1 -o " + quote(dir + "/a.gif")), "needs --col");
    expectCleanFailure(runCli("animate" + m + " --kind walk --seed 1 -o " + quote(dir + "/a.gif")), "needs --to");
    expectCleanFailure(runCli("animate" + m + " --kind walk --seed 1 --to 1.5:0 --space z -o " + quote(dir + "/a.gif")), "walk_to");
    expectCleanFailure(runCli("animate" + m + " -o " + quote(dir + "/a.gif")), "needs --seed");
    expectCleanFailure(runCli("animate" + m + " --seed 1 --noise-mode none -o " + quote(dir + "/a.gif")), "--noise-mode none");
    EXPECT_NE(runCli("animate" + m + " --seed 1 --frames 0 -o " + quote(dir + "/a.gif")).code, 0);
    // A recipe of another kind, and flags beside a recipe.
    const CliRun still = runCli("generate --model " + model() + " --seeds 1 --outdir " + quote(dir + "/still"));
    ASSERT_EQ(still.code, 0) << describe(still);
    expectCleanFailure(runCli("animate " + quote(dir + "/still/seed0001.json") + " -o " + quote(dir + "/a.gif")), "not an animation");
    const CliRun made = runCli("animate" + m + " --seed 1 --frames 2 -o " + quote(dir + "/ok.gif"));
    ASSERT_EQ(made.code, 0) << describe(made);
    expectCleanFailure(runCli("animate " + quote(dir + "/ok.json") + " --frames 3 -o " + quote(dir + "/b.gif")), "--frames");
    expectCleanFailure(runCli("render " + quote(dir + "/ok.json") + " -o " + quote(dir + "/b.png")), "stylemix animate");
    // Nothing but what the good runs wrote.
    EXPECT_EQ(filesIn(dir), (std::set<std::string>{"fifo.webp", "folder.gif", "still", "ok.gif", "ok.json"}));
}

}  // namespace
}  // namespace stylemix
