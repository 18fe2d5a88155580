// Motion, headless: the animation the Motion tab's controls ask for (noise
// cycle, crossover sweep, latent walk) from the grid's state and the selected
// tile, the playback cache's bound, the playback clock (frames advance with
// time at the fps, wait for frames still rendering, loop or stop), frames
// accepted progressively and uploaded once, Stop, and the export's child
// process (a stand-in CLI script: progress, cancel, failure).
#include "imgui_harness.h"
#include "panel_fixture.h"

#include "gui/app_options.h"
#include "gui/child_process.h"
#include "gui/view_tabs.h"
#include "gui/views/motion/motion_export.h"
#include "gui/views/motion/motion_request.h"
#include "gui/views/motion/motion_tab.h"
#include "gui/views/motion/playback.h"
#include "model/core/recipe.h"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <thread>

namespace stylemix::gui {
namespace {

namespace fs = std::filesystem;
using test::ImGuiHarness;

const LabSelection kCell01{LabSelection::Kind::Cell, 0, 1};
const LabSelection kRow1{LabSelection::Kind::RowSource, 1, 0};

MotionPlan plan(const MotionState& state, const test::Panels& panels, const ModelFacts& facts) {
    return buildMotionPlan(state, panels.states(), facts);
}

TEST(MotionRequest, NoiseCycleIsTheSelectedFaceWithTheNoisePanelsSeed) {
    const ModelFacts facts = test::makeFacts(64);
    test::Panels panels;
    panels.noise.seed = 7;
    panels.noise.mode = NoiseMode::Const;
    MotionState state;
    EXPECT_FALSE(plan(state, panels, facts).spec) << "nothing selected";
    EXPECT_NE(plan(state, panels, facts).blocked.find("Click a face"), std::string::npos);

    panels.lab.selection = kCell01;
    const MotionPlan p = plan(state, panels, facts);
    ASSERT_TRUE(p.spec);
    const MixRequest grid = panels.request(facts);
    EXPECT_EQ(p.spec->kind, AnimationKind::NoiseCycle);
    EXPECT_EQ(p.spec->subject, *buildLabSubject(kCell01, grid)) << "the cell as the grid mixes it, crossover included";
    EXPECT_EQ(p.spec->noise.mode, NoiseMode::Random) << "realisation f in frame f, even when the grid shows const noise";
    EXPECT_EQ(p.spec->noise.seed, 7u);
    EXPECT_EQ(p.spec->frames, 30);
    EXPECT_EQ(p.spec->fps, 15);
}

TEST(MotionRequest, ANoiseCycleNeedsNoiseInputs) {
    ModelFacts facts = test::makeFacts(64);
    facts.noise_layers.clear();
    facts.family_label = "StyleGAN3";
    test::Panels panels;
    panels.lab.selection = kCell01;
    const MotionPlan p = plan(MotionState{}, panels, facts);
    EXPECT_FALSE(p.spec);
    EXPECT_NE(p.blocked.find("StyleGAN3 has no noise inputs"), std::string::npos) << p.blocked;
}

TEST(MotionRequest, ASweepRunsFromTheSelectedCellsAToTheCellItself) {
    const ModelFacts facts = test::makeFacts(64);
    test::Panels panels;
    MotionState state;
    state.kind = AnimationKind::CrossoverSweep;
    panels.lab.selection = kRow1;
    EXPECT_FALSE(plan(state, panels, facts).spec) << "a source tile has no B";
    EXPECT_NE(plan(state, panels, facts).blocked.find("cell"), std::string::npos);

    panels.lab.selection = kCell01;
    const MotionPlan p = plan(state, panels, facts);
    ASSERT_TRUE(p.spec);
    const MixRequest grid = panels.request(facts);
    EXPECT_EQ(p.spec->kind, AnimationKind::CrossoverSweep);
    EXPECT_EQ(p.spec->subject.source, grid.rows[0]);
    ASSERT_TRUE(p.spec->subject.mix_with);
    EXPECT_EQ(*p.spec->subject.mix_with, grid.cols[1]);
    EXPECT_EQ(p.spec->subject.styles, grid.stylesForRow(0)) << "the ws that move: the cell's from B";
    EXPECT_EQ(p.spec->subject, *buildLabSubject(kCell01, grid));
    EXPECT_EQ(p.spec->noise, grid.noise);
}

TEST(MotionRequest, AWalkRunsBetweenTwoGridSourcesInZOnlyWhenBothHaveOne) {
    const ModelFacts facts = test::makeFacts(64);
    test::Panels panels;
    MotionState state;
    state.kind = AnimationKind::LatentWalk;
    state.space = InterpolationSpace::Z;
    state.walk_from = {SourceSide::Rows, 1};
    state.walk_to = {SourceSide::Cols, 2};
    const MixRequest grid = panels.request(facts);
    MotionPlan p = plan(state, panels, facts);
    ASSERT_TRUE(p.spec) << "no selection needed: " << p.blocked;
    EXPECT_EQ(p.spec->subject.source, grid.rows[1]);
    EXPECT_EQ(p.spec->walk_to, grid.cols[2]);
    EXPECT_EQ(p.spec->space, InterpolationSpace::Z) << "two seeds";
    EXPECT_EQ(p.spec->subject.truncation, grid.truncation);

    panels.sources.rows.items[1] = Source::position(0.5, 0);
    p = plan(state, panels, facts);
    ASSERT_TRUE(p.spec);
    EXPECT_EQ(p.spec->space, InterpolationSpace::W) << "a position between seeds has no single z";

    state.walk_to = {SourceSide::Cols, 40};
    EXPECT_FALSE(plan(state, panels, facts).spec) << "an end past the list";
}

TEST(MotionRequest, FramesAndFpsAreClampedAndThePlaybackCacheIsBounded) {
    EXPECT_EQ(maxPlaybackFrames(64), MotionState::kMaxFrames);
    EXPECT_EQ(maxPlaybackFrames(1024), 64) << "64 x 1024² x 4 bytes = the 256 MiB budget";
    EXPECT_EQ(maxPlaybackFrames(1 << 14), MotionState::kMinFrames);
    for (int res : {64, 256, 1024})
        EXPECT_LE(std::size_t(maxPlaybackFrames(res)) * res * res * 4, kPlaybackBudgetBytes) << res;

    const ModelFacts facts = test::makeFacts(1024);
    test::Panels panels;
    panels.lab.selection = kCell01;
    MotionState state;
    state.frames = 200;
    state.fps = 500;
    const MotionPlan p = plan(state, panels, facts);
    ASSERT_TRUE(p.spec);
    EXPECT_EQ(p.spec->frames, 64);
    EXPECT_EQ(p.spec->fps, MotionState::kMaxFps);
}

TEST(MotionRequest, PlaybackIgnoresTheRateAndTheRecipeKeepsIt) {
    const ModelFacts facts = test::makeFacts(64);
    test::Panels panels;
    panels.lab.selection = kCell01;
    MotionState state;
    state.fps = 24;
    const AnimationSpec at24 = *plan(state, panels, facts).spec;
    state.fps = 5;
    const AnimationSpec at5 = *plan(state, panels, facts).spec;
    EXPECT_EQ(playbackRequest(at24), playbackRequest(at5)) << "a new rate renders nothing again";

    const Recipe recipe = motionRecipe(at24, facts);
    EXPECT_EQ(recipe.kind, RecipeKind::Animation);
    ASSERT_TRUE(recipe.animation);
    EXPECT_EQ(*recipe.animation, at24);
    EXPECT_EQ(recipe.animation->fps, 24);
    EXPECT_EQ(recipe.model_sha256, facts.sha256);
    EXPECT_EQ(recipe.model_path, facts.path);
}

TEST(MotionRequest, GifTakesAtMost50Fps) {
    EXPECT_EQ(motionFormatBlocked(MotionFormat::Gif, 50), "");
    EXPECT_NE(motionFormatBlocked(MotionFormat::Gif, 51).find("at most 50 fps"), std::string::npos);
    EXPECT_EQ(motionFormatBlocked(MotionFormat::WebP, 60), "");
}

TEST(MotionRequest, ExportPathsTakeTheFormatsExtension) {
    EXPECT_EQ(withMotionExtension("/x/a.webp", MotionFormat::Gif), "/x/a.gif");
    EXPECT_EQ(withMotionExtension("/x/a.gif", MotionFormat::WebP), "/x/a.webp");
    EXPECT_EQ(withMotionExtension("/x/a", MotionFormat::Gif), "/x/a.gif");
    EXPECT_EQ(withMotionExtension("/x/a.png", MotionFormat::WebP), "/x/a.png.webp");
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "motion_paths";
    fs::remove_all(dir);
    fs::create_directories(dir);
    EXPECT_EQ(suggestMotionPath(dir.string(), MotionFormat::Gif), (dir / "stylemix-motion-001.gif").string());
    std::ofstream(dir / "stylemix-motion-001.webp") << "x";
    EXPECT_EQ(suggestMotionPath(dir.string(), MotionFormat::WebP), (dir / "stylemix-motion-002.webp").string());
}

TEST(MotionOptions, MotionOpensOnACellAndExportMotionNeedsIt) {
    bool exit_now = false;
    const char* argv[] = {"stylemix-gui", "--motion", "walk", "--motion-frames", "12", "--export-motion", "/tmp/a.gif"};
    const AppOptions o = parseAppOptions(7, argv, "m.safetensors", &exit_now);
    EXPECT_EQ(o.motion, AnimationKind::LatentWalk);
    EXPECT_EQ(o.motion_frames, 12);
    EXPECT_EQ(o.export_motion, "/tmp/a.gif");
    test::Panels panels;
    applyStartupOptions(o, panels);
    EXPECT_EQ(panels.lab.selection, (LabSelection{LabSelection::Kind::Cell, 0, 0}));
    const char* lone[] = {"stylemix-gui", "--export-motion", "/tmp/a.gif"};
    EXPECT_THROW(parseAppOptions(3, lone, "m.safetensors", &exit_now), std::invalid_argument);
    const char* bad[] = {"stylemix-gui", "--motion", "spin"};
    EXPECT_THROW(parseAppOptions(3, bad, "m.safetensors", &exit_now), std::invalid_argument);
}

TEST(Playback, AdvancesOneFramePerPeriodAndLoops) {
    PlaybackClock clock;
    EXPECT_EQ(clock.frameAt(10.0, 30, 30, 10, true), 0);
    EXPECT_EQ(clock.frameAt(10.05, 30, 30, 10, true), 0);
    EXPECT_EQ(clock.frameAt(10.25, 30, 30, 10, true), 2);
    EXPECT_NEAR(*clock.nextChange(10.25, 10), 0.05, 1e-9) << "the app sleeps until the next frame is due";
    EXPECT_EQ(clock.frameAt(12.95, 30, 30, 10, true), 29);
    EXPECT_EQ(clock.frameAt(13.05, 30, 30, 10, true), 0) << "30 frames at 10 fps loop every 3 s";
    EXPECT_EQ(clock.frameAt(16.15, 30, 30, 10, true), 1) << "a long stall wraps, it does not run on";
}

TEST(Playback, StopsOnTheLastFrameWithoutLoopAndPlayRestarts) {
    PlaybackClock clock;
    clock.frameAt(0, 10, 10, 10, false);
    EXPECT_EQ(clock.frameAt(5.0, 10, 10, 10, false), 9);
    EXPECT_FALSE(clock.playing());
    EXPECT_FALSE(clock.nextChange(5.0, 10)) << "paused: no redraws asked";
    clock.setPlaying(true, 6.0, 10);
    EXPECT_EQ(clock.frameAt(6.0, 10, 10, 10, false), 0);
    EXPECT_EQ(clock.frameAt(6.35, 10, 10, 10, false), 3);
}

TEST(Playback, WaitsOnTheLastFrameReceivedWhileMoreAreRendering) {
    PlaybackClock clock;
    clock.frameAt(0, 3, 30, 10, true);
    EXPECT_EQ(clock.frameAt(1.0, 3, 30, 10, true), 2) << "frames 3.. are not here yet";
    EXPECT_EQ(clock.frameAt(1.05, 8, 30, 10, true), 2);
    EXPECT_EQ(clock.frameAt(1.1, 8, 30, 10, true), 3) << "it goes on from where it waited";
    clock.seek(6, 1.1);
    EXPECT_EQ(clock.frameAt(1.1, 8, 30, 10, true), 6);
    clock.setPlaying(false, 1.1, 30);
    EXPECT_EQ(clock.frameAt(9.0, 30, 30, 10, true), 6) << "paused";
}

TEST(Playback, FramesAreUploadedOnceAndANewRequestReplacesThem) {
    AnimationRequest a, b;
    a.spec.frames = 10;
    b.spec.frames = 12;
    PlaybackFrames frames;
    PlaybackFrames::Upload up = frames.accept(a, 1);
    EXPECT_EQ(up.first, 0);
    EXPECT_EQ(up.last, 1);
    up = frames.accept(a, 4);   // a partial result holds every frame so far
    EXPECT_EQ(up.first, 1);
    EXPECT_EQ(up.last, 4);
    EXPECT_FALSE(up.replaced);
    up = frames.accept(a, 2);   // the same request again (the tab came back): nothing new
    EXPECT_EQ(up.first, up.last);
    EXPECT_EQ(frames.count(), 4);
    up = frames.accept(b, 2);
    EXPECT_TRUE(up.replaced);
    EXPECT_EQ(up.first, 0);
    EXPECT_EQ(up.last, 2);
    EXPECT_EQ(frames.count(), 2);
    EXPECT_EQ(*frames.request(), b);
}

// The Motion tab driven as a user would: its controls, the frames it receives, time.
struct MotionTabFixture : ::testing::Test {
    ImGuiHarness ui;
    ModelFacts facts = test::makeFacts(64);
    test::Panels panels;
    ExportState exports;
    TextureStore textures;   // frames without pixels are never uploaded, so no GL is needed
    MotionTab tab;
    ViewFrameAsks asks;

    MotionTabFixture() { panels.lab.selection = kCell01; }
    void draw() {
        ViewFrame frame(panels, exports, textures);
        frame.facts = &facts;
        ui.frame([&] {
            CanvasFrame canvases = ui.canvases();
            tab.draw(frame, canvases);
        }, ImVec2(800, 600));
        asks = ViewFrameAsks{};
        asks.add(frame);
    }
    const AnimationRequest* ask() {
        jobs = tab.buildRequest(panels, facts);
        return jobs.empty() ? nullptr : std::get_if<AnimationRequest>(&jobs[0].request);
    }
    void receive(int frames, bool partial) {
        WorkerResult r;
        r.view = MotionTab::kId;
        r.partial = partial;
        AnimationResult a;
        a.total = tab.frames().request() ? tab.frames().request()->spec.frames : frames;
        for (int i = 0; i < frames; ++i) a.frames.push_back(std::make_shared<const Image>());
        r.payload = a;
        tab.accept(std::move(r), textures);
    }
    std::vector<ViewJob> jobs;
};

TEST_F(MotionTabFixture, TheKindRadiosAndSlidersMakeTheRequest) {
    draw();
    const AnimationRequest* r = ask();
    ASSERT_TRUE(r);
    EXPECT_EQ(jobs[0].view, "motion");
    EXPECT_EQ(r->spec.kind, AnimationKind::NoiseCycle);
    ui.press({"motion"}, "Crossover sweep");
    draw();
    r = ask();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->spec.kind, AnimationKind::CrossoverSweep);
    EXPECT_EQ(*r, playbackRequest(*buildMotionPlan(tab.state(), panels.states(), facts).spec));
    ui.press({"motion"}, "Latent walk");
    draw();
    r = ask();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->spec.kind, AnimationKind::LatentWalk);
    EXPECT_EQ(r->spec.walk_to, panels.request(facts).cols[0]);
}

TEST_F(MotionTabFixture, FramesArriveProgressivelyAndPlayWithTime) {
    tab.state().fps = 10;
    tab.state().frames = 20;
    draw();
    ASSERT_TRUE(ask());
    tab.submitted(jobs);
    EXPECT_FALSE(tab.shows(jobs[0]));
    receive(3, true);
    EXPECT_EQ(tab.frames().count(), 3);
    receive(7, true);
    EXPECT_EQ(tab.frames().count(), 7);
    EXPECT_FALSE(tab.shows(jobs[0])) << "partial";
    draw();
    EXPECT_GT(asks.redraw_in_s, 0) << "playing: the app wakes for the next frame";
    EXPECT_LE(asks.redraw_in_s, 0.1 + 1e-9);
    for (int i = 0; i < 60; ++i) draw();   // one second at 60 frames per second
    EXPECT_EQ(tab.clock().frame(), 6) << "waits on the last frame received";
    receive(20, false);
    EXPECT_TRUE(tab.shows(jobs[0]));
    for (int i = 0; i < 30; ++i) draw();   // half a second more
    EXPECT_GE(tab.clock().frame(), 10);
    EXPECT_LE(tab.clock().frame(), 12);

    ui.press({"motion"}, "###play");   // Pause
    draw();
    EXPECT_FALSE(tab.clock().playing());
    const int paused_at = tab.clock().frame();
    for (int i = 0; i < 30; ++i) draw();
    EXPECT_EQ(tab.clock().frame(), paused_at);
    EXPECT_EQ(asks.redraw_in_s, 0) << "paused: no wake-ups";
}

TEST_F(MotionTabFixture, StopDropsTheRequestUntilTheSettingsChangeOrRender) {
    draw();
    ASSERT_TRUE(ask());
    tab.submitted(jobs);
    receive(2, true);
    draw();
    ui.press({"motion"}, "Stop");
    draw();
    EXPECT_FALSE(ask()) << "stopped: the request goes away and the worker stops";
    EXPECT_EQ(tab.frames().count(), 2) << "the frames so far stay";
    tab.submitted({});
    draw();
    ui.press({"motion"}, "Render");
    draw();
    EXPECT_TRUE(ask());
    tab.submitted(jobs);
    draw();
    ui.press({"motion"}, "Stop");
    draw();
    EXPECT_FALSE(ask());
    tab.state().frames = 12;
    EXPECT_TRUE(ask()) << "new settings are asked for again";
}

TEST_F(MotionTabFixture, AFailedRenderIsNotAskedAgainUntilTheSettingsChange) {
    draw();
    ASSERT_TRUE(ask());
    tab.submitted(jobs);
    WorkerResult failed;
    failed.view = MotionTab::kId;
    failed.payload = AnimationResult{};
    failed.error = "boom";
    tab.failed(failed);
    EXPECT_FALSE(ask());
    tab.state().frames = 9;
    EXPECT_TRUE(ask());
}

TEST(ViewFrameAsks, TheSoonestRedrawAndEveryErrorWin) {
    test::Panels panels;
    ExportState exports;
    TextureStore textures;
    ViewFrameAsks asks;
    ViewFrame a(panels, exports, textures), b(panels, exports, textures), c(panels, exports, textures);
    a.redraw_in_s = 0.2;
    b.redraw_in_s = 0.05;
    b.error = "x";
    asks.add(a);
    asks.add(b);
    asks.add(c);
    EXPECT_DOUBLE_EQ(asks.redraw_in_s, 0.05);
    EXPECT_FALSE(asks.busy);
    EXPECT_EQ(asks.errors, std::vector<std::string>{"x"});
}

// ---- The export's child process, with stand-in CLIs (shell scripts).

fs::path scratch(const char* name) {
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "motion_export" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// An executable script; the CLI is called as `cli animate RECIPE -o OUT` ($2 and $4).
std::string script(const fs::path& dir, const std::string& body) {
    const fs::path path = dir / "fake-stylemix";
    std::ofstream(path) << "#!/bin/sh\n" << body;
    chmod(path.c_str(), 0755);
    return path.string();
}

template <class Pred>
bool within(double seconds, Pred pred) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return pred();
}

TEST(MotionExport, FrameProgressLinesAreRead) {
    EXPECT_EQ(parseFrameProgress("frame 3/60"), std::make_pair(3, 60));
    EXPECT_EQ(parseFrameProgress("stylemix animate: frame 60/60 (out.webp)"), std::make_pair(60, 60));
    EXPECT_FALSE(parseFrameProgress("frame x/60"));
    EXPECT_FALSE(parseFrameProgress("frame 61/60"));
    EXPECT_FALSE(parseFrameProgress("stylemix: frames: expected 2-1000"));
}

TEST(MotionExport, RunsTheCliOnTheRecipeAndFollowsItsProgress) {
    const fs::path dir = scratch("ok");
    const std::string cli = script(dir,
                                   "[ \"$1\" = animate ] && [ \"$3\" = -o ] || exit 9\n"
                                   "for i in 1 2 3; do echo \"frame $i/3\" >&2; done\n"
                                   "echo wrote \"$4\"\n"
                                   "cp \"$2\" \"$4\"\n");
    const std::string out = (dir / "a.webp").string();
    MotionExport job(cli, "{\"kind\": \"animation\"}", out);
    ASSERT_TRUE(within(10, [&] { return job.poll() != MotionExport::State::Running; }));
    EXPECT_EQ(job.state(), MotionExport::State::Written) << job.error();
    EXPECT_EQ(job.done(), 3);
    EXPECT_EQ(job.total(), 3);
    std::stringstream written;
    written << std::ifstream(out).rdbuf();
    EXPECT_EQ(written.str(), "{\"kind\": \"animation\"}") << "the recipe reached the CLI";
}

TEST(MotionExport, CancelStopsTheCliAndNothingIsWritten) {
    const fs::path dir = scratch("cancel");
    const std::string cli = script(dir, "echo 'frame 1/100' >&2\nexec sleep 30\n");
    const std::string out = (dir / "a.gif").string();
    MotionExport job(cli, "{}", out);
    ASSERT_TRUE(within(10, [&] { job.poll(); return job.done() == 1; }));
    EXPECT_EQ(job.total(), 100);
    const auto t0 = std::chrono::steady_clock::now();
    job.cancel();
    ASSERT_TRUE(within(5, [&] { return job.poll() != MotionExport::State::Running; }));
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3)) << "SIGTERM, not a 30 s wait";
    EXPECT_EQ(job.state(), MotionExport::State::Cancelled);
    EXPECT_FALSE(fs::exists(out));
}

TEST(MotionExport, AFailureIsTheClisOwnWords) {
    const fs::path dir = scratch("fail");
    const std::string cli = script(dir,
                                   "echo 'frame 1/3' >&2\n"
                                   "echo 'stylemix: recipe: animation.frames: expected 2-1000, got 0' >&2\n"
                                   "exit 1\n");
    MotionExport job(cli, "{}", (dir / "a.webp").string());
    ASSERT_TRUE(within(10, [&] { return job.poll() != MotionExport::State::Running; }));
    EXPECT_EQ(job.state(), MotionExport::State::Failed);
    EXPECT_EQ(job.error(), "stylemix: recipe: animation.frames: expected 2-1000, got 0") << "progress lines left out";

    MotionExport silent(script(dir, "exit 3\n"), "{}", (dir / "b.webp").string());
    ASSERT_TRUE(within(10, [&] { return silent.poll() != MotionExport::State::Running; }));
    EXPECT_EQ(silent.error(), "stylemix animate exited with status 3");
}

TEST(MotionExport, AMissingCliIsAClearError) {
    try {
        MotionExport job("/nonexistent/stylemix", "{}", "/tmp/x.webp");
        FAIL() << "started";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/stylemix"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
    }
    EXPECT_EQ(fs::path(cliExecutablePath()).filename(), "stylemix");
}

TEST(ChildProcess, GoingAwayStopsAndReapsARunningChild) {
    const fs::path dir = scratch("raii");
    pid_t pid = 0;
    {
        ChildProcess child({script(dir, "exec sleep 30\n")});
        pid = child.pid();
        EXPECT_TRUE(child.running());
    }
    EXPECT_EQ(kill(pid, 0), -1) << "no process, not even a zombie";
    EXPECT_EQ(errno, ESRCH);
}

TEST(ChildProcess, LinesComeWholeAndTheLastOneWithoutANewline) {
    const fs::path dir = scratch("lines");
    ChildProcess child({script(dir, "printf 'a\\nb'; sleep 0.2; printf 'c\\nd'\nexit 4\n")});
    std::vector<std::string> lines;
    ASSERT_TRUE(within(10, [&] {
        const bool running = child.running();
        for (auto& l : child.readLines()) lines.push_back(l);
        return !running;
    }));
    for (auto& l : child.readLines()) lines.push_back(l);
    EXPECT_EQ(lines, (std::vector<std::string>{"a", "bc", "d"}));
    EXPECT_EQ(child.exitCode(), 4);
}

}  // namespace
}  // namespace stylemix::gui
