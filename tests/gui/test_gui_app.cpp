// The whole explorer under Xvfb: launch it on the default model, let it render
// the grid, take a screenshot (--screenshot), and check the pixels. Needs
// xvfb-run; without it these tests fail (CI installs it), they never skip.
#include "model/io/image_io.h"

#include "model/core/recipe.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <tuple>

namespace {

namespace fs = std::filesystem;

struct AppRun {
    int exit_code = -1;
    std::string output;
};

bool haveXvfbRun() { return std::system("command -v xvfb-run > /dev/null 2>&1") == 0; }

fs::path workDir() {
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "gui_app";
    fs::create_directories(dir);
    return dir;
}

// Runs stylemix-gui under a fresh virtual X server, with settings kept in the
// test directory (never the user's).
AppRun runApp(const std::string& args, const std::string& size = "1200x760") {
    const fs::path dir = workDir();
    const std::string command = "XDG_CONFIG_HOME='" + (dir / "config").string() +
                                "' xvfb-run -a -s '-screen 0 1920x1080x24' '" STYLEMIX_GUI_PATH "' --no-ini --size " + size +
                                " " + args + " 2>&1";
    AppRun run;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return run;
    std::array<char, 4096> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe)) run.output += buffer.data();
    const int status = pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

struct Shot {
    stylemix::Image image;
    int x = 0, y = 0, w = 0, h = 0;                       // the grid canvas
    int rows = 0, cols = 0, tile = 0, gap = 0, header = 0;   // its layout
};

Shot readShot(const fs::path& path) {
    Shot s;
    s.image = stylemix::readPng(path.string());
    const auto text = stylemix::readPngText(path.string());
    std::istringstream(text.at("stylemix-grid-rect")) >> s.x >> s.y >> s.w >> s.h;
    std::istringstream(text.at("stylemix-grid-layout")) >> s.rows >> s.cols >> s.tile >> s.gap >> s.header;
    return s;
}

// Mean |a - b| over a square of the screenshots, in 8-bit levels.
double meanDiff(const Shot& a, const Shot& b, int x0, int y0, int size) {
    double sum = 0;
    for (int y = y0; y < y0 + size; ++y)
        for (int x = x0; x < x0 + size; ++x)
            for (int c = 0; c < 3; ++c) {
                const std::size_t i = (static_cast<std::size_t>(y) * a.image.width + x) * 3 + c;
                sum += std::abs(int(a.image.pixels[i]) - int(b.image.pixels[i]));
            }
    return sum / (3.0 * size * size);
}

// Top-left corner of tile (r, c) in the screenshot; -1 = the source row/column.
std::pair<int, int> tileAt(const Shot& s, int r, int c) {
    auto axis = [&](int i) { return i < 0 ? 0 : s.tile + s.header + i * (s.tile + s.gap); };
    return {s.x + axis(c), s.y + axis(r)};
}

void expectNotBlank(const Shot& s) {
    std::set<std::uint32_t> colours;
    for (std::size_t i = 0; i + 2 < s.image.pixels.size(); i += 3)
        colours.insert(s.image.pixels[i] << 16 | s.image.pixels[i + 1] << 8 | s.image.pixels[i + 2]);
    EXPECT_GT(colours.size(), 2000u) << "the screenshot looks blank";
}

TEST(GuiApp, XvfbRunIsInstalled) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing: install the xvfb and xauth packages to run the GUI tests";
}

TEST(GuiApp, RendersTheGridAndTheCrossoverChangesTheCells) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    const fs::path a_png = workDir() / "coarse.png", b_png = workDir() / "fine.png";
    fs::remove(a_png);
    fs::remove(b_png);
    const AppRun a = runApp("--styles 0-3 --screenshot '" + a_png.string() + "'");
    ASSERT_EQ(a.exit_code, 0) << a.output;
    const AppRun b = runApp("--styles 8-9 --screenshot '" + b_png.string() + "'");
    ASSERT_EQ(b.exit_code, 0) << b.output;

    const Shot sa = readShot(a_png), sb = readShot(b_png);
    EXPECT_EQ(sa.image.width, 1200);
    EXPECT_EQ(sa.image.height, 760);
    expectNotBlank(sa);
    expectNotBlank(sb);
    ASSERT_EQ(sa.rows, 5);   // style_mixing.py's default seeds
    ASSERT_EQ(sa.cols, 4);
    ASSERT_GE(sa.tile, 32);
    ASSERT_EQ(std::tie(sa.x, sa.y, sa.w, sa.h, sa.tile), std::tie(sb.x, sb.y, sb.w, sb.h, sb.tile));
    ASSERT_LE(sa.x + sa.w, sa.image.width);
    ASSERT_LE(sa.y + sa.h, sa.image.height);

    // The sources do not depend on the crossover; the mixes do.
    for (int c = 0; c < sa.cols; ++c) {
        const auto [x, y] = tileAt(sa, -1, c);
        EXPECT_LT(meanDiff(sa, sb, x, y, sa.tile), 0.5) << "column source " << c;
    }
    for (int r = 0; r < sa.rows; ++r) {
        const auto [x, y] = tileAt(sa, r, -1);
        EXPECT_LT(meanDiff(sa, sb, x, y, sa.tile), 0.5) << "row source " << r;
    }
    int changed = 0;
    for (int r = 0; r < sa.rows; ++r)
        for (int c = 0; c < sa.cols; ++c) {
            const auto [x, y] = tileAt(sa, r, c);
            changed += meanDiff(sa, sb, x, y, sa.tile) > 2.0;
        }
    EXPECT_GE(changed, sa.rows * sa.cols * 3 / 4) << "cells that changed with the crossover";
}

TEST(GuiApp, NoiseLabRenders) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    const fs::path png = workDir() / "lab.png";
    fs::remove(png);
    const AppRun run = runApp("--lab 0,1 --samples 8 --screenshot '" + png.string() + "'");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const Shot s = readShot(png);
    expectNotBlank(s);
    EXPECT_EQ(stylemix::readPngText(png.string()).at("stylemix-tab"), "lab");
}

// `stylemix render RECIPE.json` must give back the exported PNG's pixels exactly (CPU).
void expectRecipeReRendersExactly(const fs::path& png) {
    fs::path json = png;
    json.replace_extension(".json");
    ASSERT_TRUE(fs::exists(json)) << json;
    EXPECT_TRUE(stylemix::readPngText(png.string()).count("stylemix-recipe")) << "no recipe inside " << png;
    fs::path again = png;
    again.replace_filename(png.stem().string() + "-again.png");
    fs::remove(again);
    const std::string command = "'" STYLEMIX_CLI_PATH "' render '" + json.string() + "' -o '" + again.string() +
                                "' --device cpu 2>&1";
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_TRUE(pipe);
    std::array<char, 4096> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
    ASSERT_EQ(pclose(pipe), 0) << output;
    const stylemix::Image exported = stylemix::readPng(png.string()), rendered = stylemix::readPng(again.string());
    EXPECT_EQ(exported.width, rendered.width);
    EXPECT_EQ(exported.height, rendered.height);
    EXPECT_TRUE(exported == rendered) << png << " and its re-render differ";
}

TEST(GuiApp, ExportedGridReRendersByteIdenticallyFromItsRecipe) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    const fs::path png = workDir() / "export-grid.png";
    fs::remove(png);
    const AppRun run = runApp("--rows 3,1 --cols 2,7,9 --styles 4-7 --psi 0.7 --noise random --export '" +
                              png.string() + "'");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const stylemix::Image grid = stylemix::readPng(png.string());
    EXPECT_EQ(grid.width, 64 * 4);   // style_mixing.py layout: corner + 3 columns
    EXPECT_EQ(grid.height, 64 * 3);
    expectRecipeReRendersExactly(png);
}

TEST(GuiApp, ExportedNoiseLabFigureReRendersByteIdenticallyFromItsRecipe) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    const fs::path png = workDir() / "export-lab.png";
    fs::remove(png);
    const AppRun run = runApp("--rows 5 --cols 6 --lab 0,0 --samples 6 --export-kind lab --export '" + png.string() + "'");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    expectRecipeReRendersExactly(png);
}

// The interpolation strip under the grid, exported (PNG + "interpolation" recipe):
// in w from a seed to a latent position, and in z between two seeds.
TEST(GuiApp, ExportedInterpolationStripReRendersByteIdenticallyFromItsRecipe) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    for (const char* space : {"w", "z"}) {
        const fs::path png = workDir() / (std::string("export-strip-") + space + ".png");
        fs::remove(png);
        const std::string rows = std::string(space) == "w" ? "3,1.5:0.25" : "3";
        const AppRun run = runApp("--rows " + rows + " --cols 2 --psi 0.7 --noise random --strip 6 --strip-space " +
                                  space + " --export-kind strip --export '" + png.string() + "'");
        ASSERT_EQ(run.exit_code, 0) << run.output;
        const stylemix::Image strip = stylemix::readPng(png.string());
        EXPECT_EQ(strip.width, 64 * 6) << space;
        EXPECT_EQ(strip.height, 64) << space;
        const std::string recipe = stylemix::readPngText(png.string()).at("stylemix-recipe");
        const stylemix::Recipe r = stylemix::recipeFromJson(recipe, png.string());
        ASSERT_TRUE(r.interpolation) << recipe;
        EXPECT_STREQ(stylemix::interpolationSpaceName(r.interpolation->space), space);
        EXPECT_EQ(r.interpolation->steps, 6);
        expectRecipeReRendersExactly(png);
    }
}

// The Layers tab, exported (PNG + "layer" recipe): a cell's A, B and mix at one
// layer, with the grid's truncation and random noise, re-rendered by `stylemix render`.
TEST(GuiApp, ExportedLayerViewReRendersByteIdenticallyFromItsRecipe) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    const fs::path png = workDir() / "export-layer.png";
    fs::remove(png);
    const AppRun run = runApp("--rows 3 --cols 2 --psi 0.7 --noise random --layers 0,0 --layer b8.conv0 "
                              "--export-kind layer --export '" + png.string() + "'");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const std::string recipe = stylemix::readPngText(png.string()).at("stylemix-recipe");
    const stylemix::Recipe r = stylemix::recipeFromJson(recipe, png.string());
    ASSERT_EQ(r.kind, stylemix::RecipeKind::Layer) << recipe;
    ASSERT_TRUE(r.layer) << recipe;
    EXPECT_EQ(r.layer->layer, "b8.conv0");
    EXPECT_TRUE(r.layer->subject.mix_with) << "a cell: A, B and the mix";
    EXPECT_EQ(r.layer->noise.mode, stylemix::NoiseMode::Random);
    expectRecipeReRendersExactly(png);
}

// The Influence tab, exported (PNG + "influence" recipe): a cell with the coarse, middle
// and fine bands of its A and B, the grid's truncation and random noise, re-rendered by `stylemix render`.
TEST(GuiApp, ExportedInfluenceMapsReRenderByteIdenticallyFromTheirRecipe) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    const fs::path png = workDir() / "export-influence.png";
    fs::remove(png);
    const AppRun run = runApp("--rows 3,5 --cols 2 --psi 0.7 --noise random --influence 1,0 "
                              "--export-kind influence --export '" + png.string() + "'");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const std::string recipe = stylemix::readPngText(png.string()).at("stylemix-recipe");
    const stylemix::Recipe r = stylemix::recipeFromJson(recipe, png.string());
    ASSERT_EQ(r.kind, stylemix::RecipeKind::Influence) << recipe;
    ASSERT_TRUE(r.influence) << recipe;
    EXPECT_EQ(r.influence->a, stylemix::Source::fromSeed(5));
    EXPECT_EQ(r.influence->b, stylemix::Source::fromSeed(2));
    EXPECT_EQ(r.influence->band_labels, (std::vector<std::string>{"cell", "coarse", "middle", "fine"}));
    EXPECT_EQ(r.influence->noise.mode, stylemix::NoiseMode::Random);
    expectRecipeReRendersExactly(png);
}

// Motion: the explorer exports through `stylemix animate` (a child process
// on a recipe it writes); the file re-renders byte for byte from the recipe
// inside it. A noise cycle as WebP, a latent walk in z as GIF.
TEST(GuiApp, ExportedAnimationReRendersByteIdenticallyFromItsRecipe) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    const struct {
        const char* args;
        const char* file;
    } runs[] = {{"--rows 3 --cols 2 --lab 0,0 --noise const --motion noise --motion-frames 5", "motion-noise.webp"},
                {"--rows 3 --cols 2 --psi 0.7 --motion walk --motion-frames 6", "motion-walk.gif"}};
    for (const auto& r : runs) {
        const fs::path out = workDir() / r.file, again = workDir() / (std::string("again-") + r.file);
        fs::remove(out);
        fs::remove(again);
        const AppRun run = runApp(std::string(r.args) + " --export-motion '" + out.string() + "'");
        ASSERT_EQ(run.exit_code, 0) << run.output;
        ASSERT_TRUE(fs::is_regular_file(out)) << run.output;
        const std::string command = "'" STYLEMIX_CLI_PATH "' animate '" + out.string() + "' -o '" + again.string() + "' 2>&1";
        ASSERT_EQ(std::system(command.c_str()), 0) << command;
        std::ifstream a(out, std::ios::binary), b(again, std::ios::binary);
        const std::string exported((std::istreambuf_iterator<char>(a)), {}), rendered((std::istreambuf_iterator<char>(b)), {});
        EXPECT_FALSE(exported.empty());
        EXPECT_TRUE(exported == rendered) << out << " and its re-render differ";
    }
}

// A slider drag while the worker renders: the UI keeps drawing frames (it
// never waits for a render), and tiles are refreshed in place, not
// reallocated. The frame times themselves are reported (README), not
// asserted tightly: under Xvfb they are llvmpipe's fill rate.
TEST(GuiApp, StaysResponsiveWhileTheCrossoverSweeps) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    const fs::path png = workDir() / "sweep.png", stats = workDir() / "sweep-frames.json";
    fs::remove(png);
    fs::remove(stats);
    const AppRun run = runApp("--rows 0-5 --cols 6-9 --sweep 12 --sweep-interval 60 --frame-stats '" + stats.string() +
                              "' --screenshot '" + png.string() + "'");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    std::ifstream in(stats);
    ASSERT_TRUE(in) << stats;
    const auto json = nlohmann::json::parse(in);
    EXPECT_EQ(json.at("crossover_changes"), 12);
    // 6 + 4 sources and 24 cells: one texture each, allocated once and
    // updated in place from then on (every sweep step that finished, and
    // the partial grids before it).
    EXPECT_EQ(json.at("texture_allocations"), 6 + 4 + 24);
    EXPECT_GE(json.at("texture_updates").get<int>(), 24);
    const auto& busy = json.at("worker_busy");
    EXPECT_GE(busy.at("frames").get<int>(), 12) << "frames drawn while the worker rendered";
    // A UI that blocked on the renders would take a whole grid's time per frame.
    EXPECT_LT(busy.at("median_ms").get<double>(), 250.0) << run.output;
    std::printf("[ info ] UI frames while rendering: %s\n", busy.dump().c_str());
}

// Frames equal to the one on screen are not drawn (frame_signature.h), and a
// screenshot taken after such frames still shows the whole window: the grid
// after 40 idle frames is the grid after one, pixel for pixel.
TEST(GuiApp, IdleFramesAreNotRedrawnAndScreenshotsStillShowEverything) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    const fs::path one = workDir() / "idle-1.png", many = workDir() / "idle-40.png",
                   stats = workDir() / "idle-frames.json";
    for (const auto& p : {one, many, stats}) fs::remove(p);
    const AppRun a = runApp("--frames 1 --screenshot '" + one.string() + "'");
    ASSERT_EQ(a.exit_code, 0) << a.output;
    const AppRun b = runApp("--frames 40 --frame-stats '" + stats.string() + "' --screenshot '" + many.string() + "'");
    ASSERT_EQ(b.exit_code, 0) << b.output;
    std::ifstream in(stats);
    ASSERT_TRUE(in) << stats;
    const auto json = nlohmann::json::parse(in);
    EXPECT_GE(json.at("frames_unchanged").get<int>(), 30) << "idle frames after the grid was complete";

    const Shot sa = readShot(one), sb = readShot(many);
    expectNotBlank(sb);
    ASSERT_EQ(std::tie(sa.x, sa.y, sa.w, sa.h), std::tie(sb.x, sb.y, sb.w, sb.h));
    EXPECT_LT(meanDiff(sa, sb, sa.x, sa.y, std::min(sa.w, sa.h)), 0.01) << "the grid after skipped frames";
}

// The layouts the issue names: a small laptop window and a full-HD one. Every
// tile keeps at least its pixel size (the bundled model is 64 px); the shots
// are kept in the test directory to look at.
TEST(GuiApp, LaysOutAt800x600And1920x1080) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    for (const auto& [size, w, h] : {std::tuple<std::string, int, int>{"800x600", 800, 600}, {"1920x1080", 1920, 1080}}) {
        const fs::path png = workDir() / ("layout-" + size + ".png");
        fs::remove(png);
        const AppRun run = runApp("--screenshot '" + png.string() + "'", size);
        ASSERT_EQ(run.exit_code, 0) << run.output;
        const Shot s = readShot(png);
        EXPECT_EQ(s.image.width, w);
        EXPECT_EQ(s.image.height, h);
        expectNotBlank(s);
        EXPECT_GE(s.tile, 64) << size << ": tiles shrunk below the model's pixel size";
        EXPECT_GE(s.x, 0) << size;
    }
}

// Dropping a StyleMix PNG restores the state that made it (--restore takes
// the drop's path): the grid exported afterwards is the same, pixel for pixel.
TEST(GuiApp, RestoresTheStateOfADroppedStyleMixPng) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    const fs::path first = workDir() / "restore-source.png", again = workDir() / "restore-again.png";
    fs::remove(first);
    fs::remove(again);
    const AppRun a = runApp("--rows 3,1 --cols 2,7,9 --styles 1,5,7 --psi 0.7 --noise random --export '" +
                            first.string() + "'");
    ASSERT_EQ(a.exit_code, 0) << a.output;
    const AppRun b = runApp("--restore '" + first.string() + "' --export '" + again.string() + "'");
    ASSERT_EQ(b.exit_code, 0) << b.output;
    const stylemix::Image x = stylemix::readPng(first.string()), y = stylemix::readPng(again.string());
    EXPECT_EQ(x.width, 64 * 4);
    EXPECT_TRUE(x == y) << "the restored state exported another grid";
    const auto rx = nlohmann::json::parse(stylemix::readPngText(first.string()).at("stylemix-recipe"));
    const auto ry = nlohmann::json::parse(stylemix::readPngText(again.string()).at("stylemix-recipe"));
    EXPECT_EQ(rx.at("mix"), ry.at("mix"));
    EXPECT_EQ(rx.at("mix").at("styles"), nlohmann::json::array({1, 5, 7}));
}

TEST(GuiApp, MissingModelFailsCleanlyWithTheReason) {
    ASSERT_TRUE(haveXvfbRun()) << "xvfb-run is missing";
    const AppRun run = runApp("/nonexistent/model.safetensors --screenshot '" + (workDir() / "none.png").string() + "'");
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find("/nonexistent/model.safetensors"), std::string::npos) << run.output;
}

}  // namespace
