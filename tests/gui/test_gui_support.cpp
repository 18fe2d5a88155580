// The GUI's non-visual parts: options, recent models, exports, shortcuts.
#include "imgui_harness.h"

#include "gui/app_options.h"
#include "gui/panels/export_panel.h"
#include "gui/panels/file_browser.h"
#include "gui/gl/frame_signature.h"
#include "gui/harness/frame_stats.h"
#include "gui/recent_models.h"
#include "gui/shortcuts.h"
#include "model/core/figures.h"
#include "model/core/recipe.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

namespace stylemix::gui {
namespace {

namespace fs = std::filesystem;

fs::path freshDir(const std::string& name) {
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "gui" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

AppOptions parse(std::vector<const char*> args) {
    args.insert(args.begin(), "stylemix-gui");
    bool exit_now = false;
    return parseAppOptions(static_cast<int>(args.size()), args.data(), "/default.safetensors", &exit_now);
}

TEST(FrameStats, MedianPercentileAndMaxPerWorkerState) {
    EXPECT_EQ(summarise({}).frames, 0u);
    const FrameTimeSummary odd = summarise({5, 1, 3});
    EXPECT_EQ(odd.frames, 3u);
    EXPECT_DOUBLE_EQ(odd.median_ms, 3);
    EXPECT_DOUBLE_EQ(odd.p95_ms, 5);
    EXPECT_DOUBLE_EQ(odd.max_ms, 5);
    std::vector<double> hundred;
    for (int i = 100; i >= 1; --i) hundred.push_back(i);
    const FrameTimeSummary h = summarise(hundred);
    EXPECT_DOUBLE_EQ(h.median_ms, 50.5);
    EXPECT_DOUBLE_EQ(h.p95_ms, 95);   // nearest rank
    EXPECT_DOUBLE_EQ(h.max_ms, 100);

    FrameStats all(true);
    for (int i = 0; i < 10; ++i) all.add(2, false);
    for (int i = 0; i < 4; ++i) all.add(30, true);
    EXPECT_EQ(all.summary(false).frames, 10u);
    EXPECT_DOUBLE_EQ(all.summary(false).max_ms, 2);
    EXPECT_EQ(all.summary(true).frames, 4u);
    EXPECT_DOUBLE_EQ(all.summary(true).median_ms, 30);

    FrameStats recent;   // the status bar's window only
    for (std::size_t i = 0; i < FrameStats::kRecent + 50; ++i) recent.add(i < 50 ? 100 : 4, i % 2 == 0);
    EXPECT_EQ(recent.summary(true).frames, 0u);
    EXPECT_EQ(recent.recent().frames, FrameStats::kRecent);
    EXPECT_DOUBLE_EQ(recent.recent().max_ms, 4);

    SessionStats session;
    session.crossover_changes = 7;
    session.step_first_cell_ms = {40, 10, 25};
    session.step_first_cell_step = {0, 2, 3};
    session.startup.first_tile_ms = 900;
    session.memory.rss_mib = {{0.0, 400.0}, {1.0, 420.5}};
    session.memory.peak_mib = 430;
    const auto json = nlohmann::json::parse(frameStatsJson(all, TextureTraffic{34, 120}, session));
    EXPECT_EQ(json.at("worker_busy").at("frames"), 4);
    EXPECT_EQ(json.at("worker_idle").at("median_ms"), 2.0);
    EXPECT_EQ(json.at("texture_allocations"), 34);
    EXPECT_EQ(json.at("texture_updates"), 120);
    EXPECT_EQ(json.at("crossover_changes"), 7);
    EXPECT_EQ(json.at("step_to_first_cell").at("frames"), 3);
    EXPECT_EQ(json.at("step_to_first_cell").at("median_ms"), 25.0);
    EXPECT_EQ(json.at("step_to_first_cell").at("max_ms"), 40.0);
    EXPECT_EQ(json.at("step_to_first_cell_each").at(1), nlohmann::json::array({2, 10.0}));
    EXPECT_EQ(json.at("startup_ms").at("first_tile"), 900.0);
    EXPECT_EQ(json.at("startup_ms").at("window"), -1.0);
    EXPECT_EQ(json.at("memory").at("peak_rss_mib"), 430.0);
    EXPECT_EQ(json.at("memory").at("rss_mib").at(1).at(1), 420.5);
}

// A frame is skipped only when it would draw what is on screen: the same
// draw lists showing the same texture versions.
TEST(FrameSignature, EqualFramesMatchAndAnyVisibleChangeDoesNot) {
    test::ImGuiHarness ui;
    auto frameWith = [&](const char* text, float slider) {
        ui.frame([&] {
            ImGui::TextUnformatted(text);
            float value = slider;
            ImGui::SliderFloat("value", &value, 0.f, 1.f);
            ImGui::Image(reinterpret_cast<ImTextureID>(7), ImVec2(64, 64));
        });
        return frameSignature(*ImGui::GetDrawData(), /*texture_version=*/3);
    };
    const auto first = frameWith("grid 120 ms", 0.25f);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(frameWith("grid 120 ms", 0.25f), first) << "the same frame twice";
    EXPECT_NE(frameWith("grid 121 ms", 0.25f), first) << "one character of text";
    EXPECT_NE(frameWith("grid 120 ms", 0.5f), first) << "a slider's grab";
    frameWith("grid 120 ms", 0.25f);
    EXPECT_NE(frameSignature(*ImGui::GetDrawData(), 4), first) << "new pixels in a texture it shows";
}

TEST(FrameSignature, AFrameWithADrawCallbackIsAlwaysDrawn) {
    test::ImGuiHarness ui;
    ui.frame([] { ImGui::GetWindowDrawList()->AddCallback([](const ImDrawList*, const ImDrawCmd*) {}, nullptr); });
    EXPECT_FALSE(frameSignature(*ImGui::GetDrawData(), 0).has_value());
}

TEST(AppOptions, SweepNeedsAHeadlessRun) {
    const AppOptions o = parse({"--sweep", "12", "--sweep-interval", "50", "--frame-stats", "f.json", "--screenshot", "s.png"});
    EXPECT_EQ(o.sweep, 12);
    EXPECT_EQ(o.sweep_interval_ms, 50);
    EXPECT_EQ(o.frame_stats, "f.json");
    EXPECT_EQ(o.render_nice, 5);
    EXPECT_EQ(parse({"--render-nice", "0"}).render_nice, 0);
    EXPECT_THROW(parse({"--render-nice", "20"}), std::invalid_argument);
    EXPECT_THROW(parse({"--sweep", "3"}), std::invalid_argument);
    EXPECT_THROW(parse({"--sweep", "-1", "--screenshot", "s.png"}), std::invalid_argument);
}

TEST(AppOptions, SoakAndCacheBudget) {
    EXPECT_EQ(parse({}).cache_mib, 256);
    EXPECT_EQ(parse({}).soak_s, 0);
    const AppOptions o = parse({"--soak", "900", "--cache-mib", "64", "--screenshot", "s.png"});
    EXPECT_EQ(o.soak_s, 900);
    EXPECT_EQ(o.cache_mib, 64);
    EXPECT_THROW(parse({"--soak", "60"}), std::invalid_argument);   // needs a run that ends by itself
    EXPECT_THROW(parse({"--cache-mib", "-1"}), std::invalid_argument);
}

TEST(AppOptions, DefaultsAndScriptingFlags) {
    const AppOptions d = parse({});
    EXPECT_EQ(d.model, "/default.safetensors");
    EXPECT_TRUE(d.screenshot.empty());
    const AppOptions o = parse({"m.pkl", "--styles", "8-9", "--screenshot", "s.png", "--frames", "5", "--no-ini",
                                "--lab", "1,-1", "--size", "1000x700", "--device", "cpu", "--noise", "random",
                                "--samples", "8"});
    EXPECT_EQ(o.model, "m.pkl");
    EXPECT_EQ(o.styles, (std::vector<int>{8, 9}));
    EXPECT_EQ(parse({"--styles", "7,1,5"}).styles, (std::vector<int>{1, 5, 7}));   // any set, as --styles allows
    EXPECT_EQ(o.screenshot, "s.png");
    EXPECT_EQ(o.frames, 5);
    EXPECT_TRUE(o.no_ini);
    ASSERT_TRUE(o.lab);
    EXPECT_EQ(*o.lab, (LabSelection{LabSelection::Kind::RowSource, 1, 0}));
    EXPECT_EQ(o.width, 1000);
    EXPECT_EQ(o.device, DeviceChoice::CPU);
    EXPECT_EQ(o.noise, NoiseMode::Random);
    EXPECT_EQ(o.samples, 8);
}

TEST(AppOptions, RejectsNonsenseWithTheOptionName) {
    for (std::vector<const char*> bad : {std::vector<const char*>{"--styles", "1,x"},
                                         std::vector<const char*>{"--lab", "x"},
                                         std::vector<const char*>{"--size", "10"},
                                         std::vector<const char*>{"--device", "tpu"}}) {
        try {
            parse(bad);
            ADD_FAILURE() << "accepted " << bad[0] << " " << bad[1];
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(bad[0]), std::string::npos) << e.what();
        }
    }
}

void touch(const fs::path& p, std::size_t bytes = 0) {
    std::ofstream(p) << std::string(bytes, 'x');
}

TEST(FileBrowser, ListsFoldersThenModelFilesSortedAndSkipsHiddenOnes) {
    const fs::path dir = freshDir("browser");
    fs::create_directories(dir / "zoo");
    fs::create_directories(dir / "alpha");
    fs::create_directories(dir / ".hidden_dir");
    touch(dir / "b.pkl", 2048);
    touch(dir / "A.SafeTensors", 10);
    touch(dir / "notes.txt");
    touch(dir / ".secret.pkl");
    const std::vector<FileEntry> models = listDirectory(dir.string(), {".safetensors", ".pkl"});
    std::vector<std::string> names;
    for (const auto& e : models) names.push_back(e.name);
    EXPECT_EQ(names, (std::vector<std::string>{"alpha", "zoo", "A.SafeTensors", "b.pkl"}));
    EXPECT_TRUE(models[0].is_dir);
    EXPECT_FALSE(models[3].is_dir);
    EXPECT_EQ(models[3].size, 2048u);
    EXPECT_EQ(listDirectory(dir.string(), {}).size(), 5u);   // + notes.txt
    try {
        listDirectory((dir / "missing").string(), {});
        ADD_FAILURE() << "listed a missing folder";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("missing"), std::string::npos) << e.what();
    }
    EXPECT_EQ(humanSize(17), "17 B");
    EXPECT_EQ(humanSize(2048), "2.0 KB");
    EXPECT_EQ(humanSize(std::uintmax_t{33} << 20), "33.0 MB");
}

// The id of `label` inside the popup window `popup`, under the ID scope
// `scope`, and inside its child window `child` when one is named.
ImGuiID popupItemId(const char* popup, const char* scope, const char* label, const char* child = nullptr) {
    ImGuiWindow* w = ImGui::FindWindowByName(popup);
    if (!w) return 0;
    const ImGuiID scope_id = ImHashStr(scope, 0, w->ID);
    if (!child) return ImHashStr(label, 0, scope_id);
    const ImGuiID child_id = ImHashStr(child, 0, scope_id);
    char name[256];
    std::snprintf(name, sizeof name, "%s/%s_%08X", popup, child, child_id);   // BeginChild's naming
    ImGuiWindow* c = ImGui::FindWindowByName(name);
    return c ? ImHashStr(label, 0, c->ID) : 0;
}

TEST(FileBrowser, NavigatesAndChoosesAFile) {
    const fs::path dir = freshDir("browser_nav");
    fs::create_directories(dir / "sub");
    touch(dir / "sub" / "m.safetensors", 4);
    touch(dir / "top.pkl", 4);

    FileBrowserState state;
    state.openAt((dir / "top.pkl").string());
    EXPECT_EQ(state.dir, dir.string());
    EXPECT_EQ(state.selected, "top.pkl");
    ASSERT_EQ(state.entries.size(), 2u);

    test::ImGuiHarness ui;
    std::optional<std::string> chosen;
    bool open = false;
    auto frame = [&](const char* activate = nullptr, const char* child = nullptr) {
        ui.frame([&] {
            chosen = drawFileBrowser(state);
            open = ImGui::IsPopupOpen("Open model");
            if (activate) {
                const ImGuiID id = popupItemId("Open model", "browser", activate, child);
                ASSERT_NE(id, 0u) << activate;
                ImGui::ActivateItem(id);
            }
        });
    };
    frame();   // opens the modal
    EXPECT_TRUE(open);
    EXPECT_FALSE(chosen);

    // Into a folder, a failed move, back up.
    state.go((dir / "sub").string());
    EXPECT_EQ(state.dir, (dir / "sub").string());
    EXPECT_TRUE(state.selected.empty());
    ASSERT_EQ(state.entries.size(), 1u);
    state.go((dir / "missing").string());
    EXPECT_NE(state.error.find("missing"), std::string::npos);
    EXPECT_EQ(state.dir, (dir / "sub").string()) << "a failed move keeps the listing";
    frame("Up");
    frame();
    EXPECT_EQ(state.dir, dir.string());
    EXPECT_TRUE(state.error.empty());

    // Open does nothing without a selection.
    frame("Open");
    frame();
    EXPECT_FALSE(chosen);
    EXPECT_TRUE(open);

    // Click a file (selects it, fills the path field), then Open: that file comes back once.
    frame("       top.pkl", "entries");
    frame();
    EXPECT_EQ(state.selected, "top.pkl");
    EXPECT_EQ(state.path_field, (dir / "top.pkl").string());
    EXPECT_FALSE(chosen);
    frame("Open");
    frame();
    ASSERT_TRUE(chosen);
    EXPECT_EQ(*chosen, (dir / "top.pkl").string());
    frame();
    EXPECT_FALSE(chosen);
    EXPECT_FALSE(open);

    // "all files" lists the rest too.
    touch(dir / "readme.txt");
    state.show_all_files = true;
    state.go(dir.string());
    EXPECT_EQ(state.entries.size(), 3u);
}

TEST(RecentModels, PersistNewestFirstWithoutDuplicates) {
    const fs::path dir = freshDir("recent");
    const std::string file = (dir / "sub" / "recent_models.json").string();
    {
        RecentModels recent(file);
        recent.load();
        EXPECT_TRUE(recent.paths().empty());
        for (int i = 0; i < 12; ++i) recent.add("/m/" + std::to_string(i) + ".pkl");
        recent.add("/m/5.pkl");
        EXPECT_TRUE(recent.error().empty()) << recent.error();
    }
    RecentModels again(file);
    again.load();
    ASSERT_EQ(again.paths().size(), RecentModels::kMaxEntries);
    EXPECT_EQ(again.paths()[0], "/m/5.pkl");
    EXPECT_EQ(again.paths()[1], "/m/11.pkl");
    EXPECT_EQ(std::count(again.paths().begin(), again.paths().end(), "/m/5.pkl"), 1);
}

TEST(RecentModels, CorruptFileIsIgnoredWithAReason) {
    const fs::path dir = freshDir("recent_bad");
    const std::string file = (dir / "recent_models.json").string();
    std::ofstream(file) << "{not json";
    RecentModels recent(file);
    recent.load();
    EXPECT_TRUE(recent.paths().empty());
    EXPECT_NE(recent.error().find(file), std::string::npos);
}

TEST(RecentModels, ConfigDirFollowsXdg) {
    // Saved and restored: other tests in this process may read them.
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    const std::string saved_xdg = xdg ? xdg : "", saved_home = home ? home : "";
    setenv("XDG_CONFIG_HOME", "/tmp/xdg-test", 1);
    EXPECT_EQ(defaultConfigDir(), "/tmp/xdg-test/stylemix");
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/someone", 1);
    EXPECT_EQ(defaultConfigDir(), "/home/someone/.config/stylemix");
    if (xdg) setenv("XDG_CONFIG_HOME", saved_xdg.c_str(), 1);
    if (home) setenv("HOME", saved_home.c_str(), 1);
    else unsetenv("HOME");
}

// A tiny complete grid: 1 row, 2 columns of 8x8 tiles.
struct GridFixture {
    ModelFacts facts = test::makeFacts(64);
    MixRequest request;
    MixResult result;
    GridFixture() {
        request.rows = {Source{1, -1}};
        request.cols = {Source{2, -1}, Source{3, -1}};
        request.styles = {8, 9};
        result.row_images = {shareImage(makeImage(8, 8, 3, 10))};
        result.col_images = {shareImage(makeImage(8, 8, 3, 20)), shareImage(makeImage(8, 8, 3, 30))};
        result.cells = {{shareImage(makeImage(8, 8, 3, 40)), shareImage(makeImage(8, 8, 3, 50))}};
    }
    ExportSources sources() const {
        ExportSources s;
        s.facts = &facts;
        s.mix = &result;
        s.mix_request = &request;
        return s;
    }
};

TEST(Export, RecipeCarriesTheRequestThatMadeThePixels) {
    GridFixture f;
    const Recipe r = makeRecipe(ExportKind::Grid, f.sources(), true, 4);
    EXPECT_EQ(r.kind, RecipeKind::MixGrid);
    EXPECT_EQ(r.model_path, f.facts.path);
    EXPECT_EQ(r.model_sha256, f.facts.sha256);
    ASSERT_TRUE(r.mix);
    EXPECT_EQ(*r.mix, f.request);
    EXPECT_TRUE(r.labels);
    EXPECT_FALSE(canExport(ExportKind::NoiseLab, f.sources()));
}

TEST(Export, WritesPngAndJsonInTheBackground) {
    GridFixture f;
    const fs::path dir = freshDir("export");
    ExportState state;
    state.kind = ExportKind::Grid;
    state.path = (dir / "grid").string();   // ".png" is added
    startExport(state, f.sources());
    for (int i = 0; i < 500 && pollExports(state); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_FALSE(state.message_is_error) << state.message;
    const fs::path png = dir / "grid.png", json = dir / "grid.json";
    ASSERT_TRUE(fs::exists(png));
    ASSERT_TRUE(fs::exists(json));
    const Image image = readPng(png.string());
    EXPECT_EQ(image.width, 8 * 3);   // style_mixing.py layout: corner + 2 columns
    EXPECT_EQ(image.height, 8 * 2);
    const auto text = readPngText(png.string());
    ASSERT_TRUE(text.count(kRecipeTextKey));
    const Recipe back = recipeFromJson(text.at(kRecipeTextKey), png.string());
    EXPECT_EQ(back.kind, RecipeKind::MixGrid);
    EXPECT_EQ(*back.mix, f.request);
    EXPECT_EQ(suggestExportPath(dir.string(), ExportKind::Grid), (dir / "stylemix-grid-001.png").string());
}

// Issue 22, fault 7: Enter pressed to commit a field in the export dialog
// also saved at once, before the field's value counted. Enter in a field
// commits the field; Enter with no field being edited saves.
TEST(Export, EnterInAFieldCommitsTheFieldAndDoesNotSave) {
    test::ImGuiHarness ui;
    ImGuiIO& io = ImGui::GetIO();
    constexpr int kEnter = 257;   // GLFW_KEY_ENTER
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    GridFixture f;
    const fs::path dir = freshDir("export_enter");
    ExportState state;
    state.path = (dir / "grid.png").string();
    state.open_requested = true;
    const auto draw = [&] { ui.frame([&] { drawExportDialog(state, f.sources()); }); };
    const auto enter = [&] {
        io.KeysDown[kEnter] = true;
        draw();
        io.KeysDown[kEnter] = false;
        draw();
    };
    draw();
    draw();
    ImGuiWindow* dialog = ImGui::FindWindowByName("Export");
    ASSERT_NE(dialog, nullptr);
    const ImGuiID path_field = ImHashStr("##path", 0, ImHashStr("export", 0, dialog->ID));
    const std::string typed = (dir / "typed.png").string();
    state.path = typed;
    ui.frame([&] {   // focus the path field, as a click would
        drawExportDialog(state, f.sources());
        ImGui::ActivateItem(path_field);
        GImGui->NavInputSource = ImGuiInputSource_Keyboard;   // text fields take nav activation from the keyboard
    });
    draw();
    ASSERT_EQ(ImGui::GetActiveID(), path_field);
    enter();
    EXPECT_TRUE(state.jobs.empty()) << "Enter in the path field saved";
    EXPECT_TRUE(ImGui::IsPopupOpen("Export", ImGuiPopupFlags_AnyPopupId)) << "the dialog closed";
    EXPECT_EQ(ImGui::GetActiveID(), 0u) << "Enter did not commit the field";
    enter();   // now no field is being edited: Enter saves
    EXPECT_FALSE(state.jobs.empty());
    while (pollExports(state)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_TRUE(fs::exists(typed)) << state.message;
}

TEST(Export, FailureIsReportedNotThrown) {
    GridFixture f;
    ExportState state;
    state.path = "/proc/definitely/not/writable.png";
    startExport(state, f.sources());
    while (pollExports(state)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_TRUE(state.message_is_error);
    EXPECT_NE(state.message.find("export failed"), std::string::npos) << state.message;
}

TEST(Export, StdDevAtGainMatchesTheEngineArithmetic) {
    NoiseLabResult lab;
    lab.stddev = makeImage(2, 2, 1);
    lab.stddev_levels = {0.f, 1.26f, 3.f, 100.f};
    // The map at another gain, with the engine's arithmetic (what lab exports compose from).
    const Image img = stddevImage(lab.stddev_levels, lab.stddev.width, lab.stddev.height, 10.f);
    EXPECT_EQ(img.pixels, (std::vector<std::uint8_t>{0, 13, 30, 255}));
}

KeyEvent press(int key, int mods = 0) { return {key, 0, GLFW_PRESS, mods}; }

TEST(Shortcuts, KeysMapToActionsAndRWaitsForTextFields) {
    EXPECT_TRUE(readShortcuts({press(GLFW_KEY_R)}, false).resample_noise);
    EXPECT_FALSE(readShortcuts({press(GLFW_KEY_R)}, true).resample_noise);   // typing an R
    EXPECT_FALSE(readShortcuts({{GLFW_KEY_R, 0, GLFW_REPEAT, 0}}, false).resample_noise);   // held
    EXPECT_FALSE(readShortcuts({press(GLFW_KEY_R, GLFW_MOD_CONTROL)}, false).resample_noise);
    const Shortcuts save = readShortcuts({press(GLFW_KEY_S, GLFW_MOD_CONTROL)}, true);
    EXPECT_TRUE(save.export_figure);
    EXPECT_FALSE(save.resample_noise);
    EXPECT_FALSE(readShortcuts({press(GLFW_KEY_S)}, false).export_figure);
    EXPECT_FALSE(readShortcuts({press(GLFW_KEY_S, GLFW_MOD_CONTROL | GLFW_MOD_ALT)}, false).export_figure);
    EXPECT_TRUE(readShortcuts({press(GLFW_KEY_O, GLFW_MOD_CONTROL)}, false).open_model);
    EXPECT_TRUE(readShortcuts({press(GLFW_KEY_F9)}, false).toggle_sidebar);
}

// Issue 22, fault 4: a chord whose Ctrl press never reaches the window (only
// the S press carries the modifier, as remote desktops and XSendEvent deliver
// it) used to be lost: the shortcut read io.KeyCtrl, which stayed false.
TEST(Shortcuts, ChordsReadTheModifiersThatCameWithTheKey) {
    test::ImGuiHarness ui;
    ImGui::GetIO().KeyCtrl = false;
    const Shortcuts s = readShortcuts({press(GLFW_KEY_S, GLFW_MOD_CONTROL), {GLFW_KEY_S, 0, GLFW_RELEASE, 0}}, false);
    EXPECT_TRUE(s.export_figure);
    // And a Ctrl held in io but not on the key event is no chord.
    ImGui::GetIO().KeyCtrl = true;
    EXPECT_FALSE(readShortcuts({press(GLFW_KEY_S)}, false).export_figure);
}

TEST(Shortcuts, UndoAndRedoChordsWaitForTextFields) {
    EXPECT_TRUE(readShortcuts({press(GLFW_KEY_Z, GLFW_MOD_CONTROL)}, false).undo);
    EXPECT_FALSE(readShortcuts({press(GLFW_KEY_Z, GLFW_MOD_CONTROL)}, false).redo);
    EXPECT_TRUE(readShortcuts({press(GLFW_KEY_Z, GLFW_MOD_CONTROL | GLFW_MOD_SHIFT)}, false).redo);
    EXPECT_FALSE(readShortcuts({press(GLFW_KEY_Z, GLFW_MOD_CONTROL | GLFW_MOD_SHIFT)}, false).undo);
    EXPECT_TRUE(readShortcuts({press(GLFW_KEY_Y, GLFW_MOD_CONTROL)}, false).redo);
    EXPECT_FALSE(readShortcuts({press(GLFW_KEY_Z)}, false).undo);
    EXPECT_FALSE(readShortcuts({press(GLFW_KEY_Z, GLFW_MOD_CONTROL)}, true).undo);   // the field's own undo
}

}  // namespace
}  // namespace stylemix::gui
