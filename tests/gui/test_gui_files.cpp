// Files and state, headless: what a wrong file is, restoring the explorer from
// a recipe, scaled grid exports, the browser's remembered folder, the lab's
// difference view and models without noise inputs.
#include "imgui_harness.h"

#include "gui/panels/export_panel.h"
#include "gui/panels/file_browser.h"
#include "gui/file_sniff.h"
#include "gui/views/lab/noise_lab_view.h"
#include "gui/panels/noise_panel.h"
#include "gui/recent_models.h"
#include "gui/panels/panels.h"
#include "gui/recipe_restore.h"
#include "gui/request_builder.h"
#include "model/core/recipe.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace stylemix::gui {
namespace {

namespace fs = std::filesystem;
using test::makeFacts;

fs::path freshDir(const std::string& name) {
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "gui_files" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

// A mix recipe for the 64² test model: 2 rows, 3 columns, ws 1,5,7, random noise.
Recipe mixRecipe(const ModelFacts& facts) {
    Recipe r;
    r.kind = RecipeKind::MixGrid;
    r.model_family = facts.family;
    r.model_path = facts.path;
    r.model_sha256 = facts.sha256;
    MixRequest m;
    m.rows = {Source{11, -1}, Source{12, -1}};
    m.cols = {Source{21, -1}, Source{22, -1}, Source{23, -1}};
    m.styles = {1, 5, 7};
    m.truncation = Truncation{0.7, 4};
    m.noise.mode = NoiseMode::Random;
    m.noise.seed = 42;
    m.noise.multipliers.assign(facts.noise_layers.size(), 0.5f);
    r.mix = m;
    return r;
}

TEST(FileSniff, NamesWhatAWrongFileIsFromItsContent) {
    const fs::path dir = freshDir("sniff");
    const ModelFacts facts = makeFacts(64);
    writePng((dir / "plain.model").string(), makeImage(2, 2, 3));   // the extension lies
    exportFigure((dir / "export.png").string(), makeImage(2, 2, 3), mixRecipe(facts));
    write(dir / "notes.json", "{\"hello\": 1}");
    write(dir / "empty.pkl", "");
    write(dir / "fake.safetensors", std::string("\x10\0\0\0\0\0\0\0{\"a\":1}", 15));
    write(dir / "text.pkl", "hello world");

    EXPECT_EQ(sniffFile((dir / "plain.model").string()).kind, FileKind::Png);
    EXPECT_EQ(describeNonModel(sniffFile((dir / "plain.model").string())), "This is a PNG image, not a model file.");
    const FileSniff png = sniffFile((dir / "export.png").string());
    EXPECT_EQ(png.kind, FileKind::StyleMixPng);
    EXPECT_EQ(recipeFromJson(png.recipe_text, "x").mix->styles, (std::vector<int>{1, 5, 7}));
    EXPECT_NE(describeNonModel(png).find("restore"), std::string::npos);
    const FileSniff json = sniffFile((dir / "export.json").string());
    EXPECT_EQ(json.kind, FileKind::RecipeJson);
    EXPECT_EQ(describeNonModel(json), "This is a StyleMix JSON recipe, not a model file - open it as a recipe?");
    EXPECT_EQ(sniffFile((dir / "notes.json").string()).kind, FileKind::Json);
    EXPECT_EQ(sniffFile((dir / "empty.pkl").string()).kind, FileKind::Empty);
    EXPECT_EQ(sniffFile((dir / "fake.safetensors").string()).kind, FileKind::Safetensors);
    EXPECT_EQ(describeNonModel(sniffFile((dir / "fake.safetensors").string())), "");
    EXPECT_EQ(sniffFile((dir / "text.pkl").string()).kind, FileKind::Other);
    EXPECT_EQ(sniffFile((dir / "missing.pkl").string()).kind, FileKind::Missing);
    EXPECT_EQ(sniffFile(dir.string()).kind, FileKind::Folder);
}

// A dropped FIFO or device is sniffed through the checked opener: "other", at once, never a blocking read.
TEST(FileSniff, SpecialFilesAreOtherAndNeverBlock) {
    const fs::path dir = freshDir("sniff_special");
    const std::string fifo = (dir / "model.pkl").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_EQ(sniffFile(fifo).kind, FileKind::Other);
    EXPECT_EQ(sniffFile("/dev/zero").kind, FileKind::Other);
}


TEST(Restore, AMixRecipeRestoresSourcesCrossoverNoiseAndTruncation) {
    const ModelFacts facts = makeFacts(64);
    const Recipe recipe = mixRecipe(facts);
    Panels p;
    const RestoreOutcome out = applyRecipe(recipe, facts, p.targets(), "grid.png");
    EXPECT_EQ(out.view, "grid");
    EXPECT_EQ(out.summary, "restored the mix-grid of grid.png: 2 x 3, ws 1,5,7");
    // The request the panels now build is the recipe's: it re-renders the same grid.
    const MixRequest rebuilt = buildMixRequest({p.sources, p.mixing, p.noise, p.lab}, facts);
    EXPECT_EQ(rebuilt, *recipe.mix);
    EXPECT_EQ(p.sources.rows.spec, "11-12");

    // Per-row bands too.
    Recipe bands = recipe;
    bands.mix->row_styles = {{0, 1}, {8, 9}};
    applyRecipe(bands, facts, p.targets(), "bands.json");
    EXPECT_EQ(buildMixRequest({p.sources, p.mixing, p.noise, p.lab}, facts), *bands.mix);
}

TEST(Restore, ALabRecipeSelectsItsSubjectAndOpensTheLab) {
    const ModelFacts facts = makeFacts(64);
    Recipe r;
    r.kind = RecipeKind::NoiseLab;
    r.model_path = facts.path;
    r.model_sha256 = facts.sha256;
    NoiseLabRequest lab;
    lab.subject.source = Source{500, -1};
    lab.subject.mix_with = Source{600, -1};
    lab.subject.styles = {8, 9};
    lab.subject.truncation = Truncation{0.5, -1};
    lab.noise.mode = NoiseMode::Random;
    lab.noise.seed = 7;
    lab.samples = 64;
    lab.keep_images = 4;
    lab.stddev_gain = 20.f;
    r.lab = lab;
    r.crop = CropRect{4, 8, 16, 16};
    r.zoom = 6;
    Panels p;
    const RestoreOutcome out = applyRecipe(r, facts, p.targets(), "lab.png");
    EXPECT_EQ(out.view, "lab");
    const LabJobs req = buildLabJobs(p.states(), facts);
    ASSERT_TRUE(req.lab);
    EXPECT_EQ(req.lab->subject, lab.subject);
    EXPECT_EQ(req.lab->noise, lab.noise);
    EXPECT_EQ(req.lab->samples, 64);
    EXPECT_EQ(req.lab->keep_images, 4);
    EXPECT_EQ(p.lab.crop, (CropRect{4, 8, 16, 16}));
    EXPECT_EQ(p.lab.gain, 20.f);
    EXPECT_FALSE(p.lab.auto_gain);
}

TEST(Restore, InvalidRecipesSayWhatIsWrongAndChangeNothing) {
    const ModelFacts facts = makeFacts(64);   // 10 ws, 9 noise layers
    Panels p;
    const MixingState before = p.mixing;
    auto expectError = [&](const Recipe& r, const std::string& part) {
        try {
            applyRecipe(r, facts, p.targets(), "bad.png");
            ADD_FAILURE() << "accepted a recipe that should fail with: " << part;
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
        }
        EXPECT_EQ(p.mixing.styles, before.styles);
        EXPECT_EQ(p.sources.rows.seeds(), SourcesState().rows.seeds());
    };
    Recipe r = mixRecipe(facts);
    r.mix->styles = {3, 12};
    expectError(r, "takes ws 12, but this model has ws 0-9");
    r = mixRecipe(facts);
    r.mix->noise.multipliers = {1.f, 1.f};
    expectError(r, "mix.noise.strengths' has 2 noise layers, this model 9");
    r = mixRecipe(facts);
    r.mix->rows[0].class_index = 3;
    expectError(r, "this model is unconditional");
    r.kind = RecipeKind::NoiseLayers;
    expectError(r, "noise-layers");

    // Files that hold no recipe are named in plain words.
    const fs::path dir = freshDir("restore_bad");
    writePng((dir / "photo.png").string(), makeImage(2, 2, 3));
    try {
        readRecipeFrom((dir / "photo.png").string());
        ADD_FAILURE() << "read a recipe from a plain PNG";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("a PNG image without a StyleMix recipe"), std::string::npos) << e.what();
    }
    write(dir / "broken.json", "{\"stylemix_recipe\": 1, \"kind\": \"mix-grid\"}");
    try {
        readRecipeFrom((dir / "broken.json").string());
        ADD_FAILURE() << "read a recipe without a model";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("'model' is missing"), std::string::npos) << e.what();
    }
}

// Issue 21: a StyleMix PNG whose embedded recipe is deeply nested or huge (--restore,
// a drop) is refused by name, in bounded work: the recipe's depth limit, and its
// 4 MiB limit checked from the chunk's length before anything is read.
TEST(Restore, DeepOrHugeEmbeddedRecipesAreRefusedByName) {
    const fs::path dir = freshDir("restore_hostile");
    const std::string deep = "{\"stylemix_recipe\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    writePng((dir / "deep.png").string(), makeImage(2, 2, 3), {{kRecipeTextKey, deep}});
    writePng((dir / "huge.png").string(), makeImage(2, 2, 3), {{kRecipeTextKey, std::string(5 << 20, ' ')}});
    write(dir / "deep.json", deep);
    for (const auto& [file, message] : std::vector<std::pair<std::string, std::string>>{
             {"deep.png", "recipe nests deeper than 64 levels"},
             {"deep.json", "recipe nests deeper than 64 levels"},
             {"huge.png", "the PNG's 'stylemix-recipe' entry is 5242880 bytes, more than the 4194304 bytes allowed"}}) {
        try {
            readRecipeFrom((dir / file).string());
            ADD_FAILURE() << "restored " << file;
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
        }
    }
    // A compressed download dropped as a model is named.
    write(dir / "net.pkl", std::string("\x1f\x8b\x08", 3) + std::string(64, '\0'));
    EXPECT_EQ(describeNonModel(sniffFile((dir / "net.pkl").string())),
              "This is a gzip file, not a model: decompress it first (gunzip).");
}

TEST(Restore, RecipeMatchesTheModelByHashElseByPath) {
    const ModelFacts facts = makeFacts(64);
    Recipe r = mixRecipe(facts);
    EXPECT_TRUE(recipeMatchesModel(r, facts));
    r.model_path = "/elsewhere/copy.safetensors";   // a copy of the same weights
    EXPECT_TRUE(recipeMatchesModel(r, facts));
    r.model_sha256 = std::string(64, 'b');
    EXPECT_FALSE(recipeMatchesModel(r, facts));
    r.model_sha256.clear();
    r.model_path = facts.path;
    EXPECT_TRUE(recipeMatchesModel(r, facts));
}

TEST(Export, GridScaleIsNearestNeighbourAndTravelsInTheRecipe) {
    const ModelFacts facts = makeFacts(64);
    MixRequest request;
    request.rows = {Source{1, -1}};
    request.cols = {Source{2, -1}};
    request.styles = {8, 9};
    MixResult mix;
    mix.row_images = {shareImage(makeImage(4, 4, 3, 10))};
    mix.col_images = {shareImage(makeImage(4, 4, 3, 20))};
    Image cell = makeImage(4, 4, 3, 40);
    cell.pixels[0] = 200;   // one marked texel: the top-left of the cell
    mix.cells = {{shareImage(cell)}};
    ExportSources s;
    s.facts = &facts;
    s.mix = &mix;
    s.mix_request = &request;
    const Recipe r = makeRecipe(ExportKind::Grid, s, false, 4, 3);
    EXPECT_EQ(r.grid_scale, 3);
    const Image image = composeGridExport(mix, r);
    ASSERT_EQ(image.width, 8 * 3);
    ASSERT_EQ(image.height, 8 * 3);
    // The cell sits at (4, 4) in the grid, so at (12, 12) scaled; its marked texel fills 3x3.
    for (int y = 12; y < 15; ++y)
        for (int x = 12; x < 15; ++x) EXPECT_EQ(image.pixels[(y * 24 + x) * 3], 200) << x << "," << y;
    EXPECT_EQ(image.pixels[(15 * 24 + 15) * 3], 40);
    // Written only when not 1 (older recipes stay byte-identical), read back.
    EXPECT_NE(recipeToJson(r).find("\"scale\": 3"), std::string::npos);
    EXPECT_EQ(recipeFromJson(recipeToJson(r), "r").grid_scale, 3);
    EXPECT_EQ(recipeToJson(makeRecipe(ExportKind::Grid, s, false, 4, 1)).find("\"scale\""), std::string::npos);
}

TEST(RecentModels, RemembersTheBrowsersLastFolder) {
    const fs::path dir = freshDir("last_folder");
    const std::string file = (dir / "recent_models.json").string();
    {
        RecentModels recent(file);
        recent.load();
        recent.add("/m/a.pkl");
        recent.setLastFolder("/data/models");
    }
    RecentModels again(file);
    again.load();
    EXPECT_EQ(again.lastFolder(), "/data/models");
    EXPECT_EQ(again.paths().front(), "/m/a.pkl");
}

// A settings file replaced by a FIFO (or grown huge) is ignored with a reason, never read.
TEST(RecentModels, ASpecialOrHugeSettingsFileIsIgnored) {
    const fs::path dir = freshDir("recent_special");
    const std::string fifo = (dir / "recent_models.json").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    RecentModels recent(fifo);
    recent.load();
    EXPECT_TRUE(recent.paths().empty());
    EXPECT_NE(recent.error().find("is a FIFO"), std::string::npos) << recent.error();

    const std::string huge = (dir / "huge.json").string();
    write(huge, std::string(5 << 20, ' '));
    RecentModels big(huge);
    big.load();
    EXPECT_NE(big.error().find("settings file"), std::string::npos) << big.error();
}

TEST(NoiseLab, DifferenceFromTheMeanTimesN) {
    Image a = makeImage(1, 1, 3), b = makeImage(1, 1, 3);
    a.pixels = {100, 10, 0};
    b.pixels = {104, 10, 255};
    const std::vector<Image> d = differenceFromMean({a, b}, 8.f);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].pixels, (std::vector<std::uint8_t>{16, 0, 255}));   // |100-102| x 8, 0, clamped
    EXPECT_EQ(d[1].pixels, (std::vector<std::uint8_t>{16, 0, 255}));
    EXPECT_TRUE(differenceFromMean(std::vector<Image>{}, 8.f).empty());
    EXPECT_THROW(differenceFromMean({a, makeImage(2, 1, 3)}, 1.f), std::invalid_argument);
}

TEST(NoiseLab, AStaleMapOffersCancel) {
    test::ImGuiHarness ui;
    const ModelFacts facts = makeFacts(64);
    LabState state;
    state.selection = {LabSelection::Kind::RowSource, 0, 0};
    NoiseLabResult result;
    result.realisations.assign(4, shareImage(makeImage(64, 64, 3)));
    result.stddev_levels.assign(64 * 64, 1.f);
    LabViewInput in;
    in.facts = &facts;
    in.result = &result;
    in.result_samples = 32;
    in.stale = true;
    in.computing_samples = 256;
    auto draw = [&] {
        CanvasFrame canvases = ui.canvases();
        ui.frame([&] { drawNoiseLabView(state, in, canvases); }, ImVec2(1200, 780));
    };
    draw();
    EXPECT_FALSE(state.cancel_requested);
    // Press Cancel: its ID lives in the lab's scrolling child window.
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1200, 780));
    ImGui::Begin(test::ImGuiHarness::kWindow);
    ImGui::PushID("lab");
    ImGui::BeginChild("lab-scroll");
    ImGui::ActivateItem(ImGui::GetID("Cancel"));
    ImGui::EndChild();
    ImGui::PopID();
    ImGui::End();
    ImGui::Render();
    draw();
    EXPECT_TRUE(state.cancel_requested);
    // Once cancelled, the view offers Recompute instead.
    state.cancel_requested = false;
    in.stale = false;
    in.cancelled = true;
    draw();
    EXPECT_FALSE(state.cancel_requested);
}

TEST(NoNoise, PanelSaysSoAndTheLabIsOff) {
    test::ImGuiHarness ui;
    ModelFacts facts = makeFacts(64);
    facts.family_label = "StyleGAN3";
    facts.noise_layers.clear();
    facts.noise_strengths.clear();
    facts.noise_modes.clear();
    ASSERT_FALSE(facts.hasNoise());
    SourcesState sources;
    MixingState mixing;
    NoiseState noise;
    LabState lab;
    lab.selection = {LabSelection::Kind::Cell, 0, 0};
    const LabJobs req = buildLabJobs({sources, mixing, noise, lab}, facts);
    EXPECT_FALSE(req.lab);
    EXPECT_FALSE(req.split);
    // No controls: Resample (R) is not there to press (with noise inputs it is).
    ui.frame([&] { drawNoisePanel(noise, &facts); });
    ui.press({"noise"}, "Resample (R)");
    ui.frame([&] { drawNoisePanel(noise, &facts); });
    EXPECT_EQ(noise.seed, 0u);
    const ModelFacts with_noise = makeFacts(64);
    ui.press({"noise"}, "Resample (R)");
    ui.frame([&] { drawNoisePanel(noise, &with_noise); });
    EXPECT_EQ(noise.seed, 1u);
}

TEST(FileBrowser, NewFolderIsCreatedAndEntered) {
    const fs::path dir = freshDir("new_folder");
    FileBrowserState state;
    state.go(dir.string());
    EXPECT_EQ(makeFolder(state, "faces 2"), "");
    EXPECT_TRUE(fs::is_directory(dir / "faces 2"));
    EXPECT_EQ(fs::path(state.dir), dir / "faces 2");   // entered
    EXPECT_TRUE(state.entries.empty());
    EXPECT_EQ(state.error, "");
}

TEST(FileBrowser, NewFolderRefusesBadOrTakenNames) {
    const fs::path dir = freshDir("new_folder_refused");
    write(dir / "taken.pkl", "x");
    fs::create_directory(dir / "old");
    FileBrowserState state;
    state.go(dir.string());
    const auto refused = [&](const std::string& name, const std::string& says) {
        const std::string error = makeFolder(state, name);
        EXPECT_NE(error.find(says), std::string::npos) << "name '" << name << "': " << error;
        EXPECT_EQ(fs::path(state.dir), dir) << name;   // still here
    };
    refused("", "Type a name");
    refused(".", "not a folder name");
    refused("..", "not a folder name");
    refused("a/b", "cannot contain '/'");
    refused(std::string("a\0b", 3), "NUL");
    refused("taken.pkl", "already exists");
    refused("old", "already exists");
    EXPECT_FALSE(fs::exists(dir / "a"));
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);
}

// As root, the write runs as nobody (65534) in a forked child: root ignores permissions.
TEST(FileBrowser, NewFolderInAnUnwritableFolderSaysPermissionDenied) {
    const fs::path dir = freshDir("new_folder_locked");
    const fs::path locked = dir / "locked";
    fs::create_directory(locked);
    constexpr uid_t kNobody = 65534;
    if (::geteuid() == 0) {
        ASSERT_EQ(::chown(locked.c_str(), kNobody, kNobody), 0);
    }
    ASSERT_EQ(::chmod(locked.c_str(), 0555), 0);
    const auto makeAsUser = [&] {
        if (::geteuid() == 0 && (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)) std::_Exit(3);
        FileBrowserState state;
        state.go(locked.string());
        const std::string error = makeFolder(state, "new");
        const bool says = error.find("Permission denied") != std::string::npos && error.find("'new'") != std::string::npos;
        std::_Exit(says && state.dir == locked.string() ? 0 : 4);
    };
    EXPECT_EXIT(makeAsUser(), ::testing::ExitedWithCode(0), "")
        << "exit 3: could not become nobody; exit 4: no 'Permission denied' naming the folder, or the browser moved";
    ::chmod(locked.c_str(), 0755);
    EXPECT_TRUE(fs::is_empty(locked));
}

// Activates `label` in the browser's modal (its own window and ID stack); pressed next frame.
void pressInBrowser(const char* label) {
    ImGuiWindow* w = ImGui::FindWindowByName("Open model");
    ASSERT_NE(w, nullptr);
    ImGui::ActivateItem(ImHashStr(label, 0, ImHashStr("browser", 0, w->ID)));
}

TEST(FileBrowser, NewFolderButtonShowsANameFieldThatCreates) {
    const fs::path dir = freshDir("new_folder_ui");
    test::ImGuiHarness ui;
    FileBrowserState state;
    state.go(dir.string());
    state.open_requested = true;
    const auto draw = [&] { drawFileBrowser(state); };
    ui.frame(draw);
    ui.frame(draw);
    EXPECT_FALSE(state.naming_folder);
    ui.frame([&] { draw(); pressInBrowser("New folder"); });
    ui.frame(draw);
    EXPECT_TRUE(state.naming_folder);
    ui.frame(draw);
    state.new_folder_name = "made";
    ui.frame([&] { draw(); pressInBrowser("Create"); });
    ui.frame(draw);
    EXPECT_TRUE(fs::is_directory(dir / "made"));
    EXPECT_EQ(fs::path(state.dir), dir / "made") << state.error << " | " << state.path_field;
    EXPECT_FALSE(state.naming_folder);
}

}  // namespace
}  // namespace stylemix::gui
