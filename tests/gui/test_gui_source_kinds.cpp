// Sources beyond seeds in the explorer (issue 23), headless: the SPEC field
// with latent positions and W files, W files added and dropped (rows or
// columns by where they land), positions nudged and dragged in the grid,
// W files that do not fit a new model removed with a notice, and the grid's
// labels and requests for every kind.
#include "imgui_harness.h"
#include "panel_fixture.h"

#include "gui/edit_snapshot.h"
#include "gui/file_sniff.h"
#include "gui/panels/sources_panel.h"
#include "gui/recipe_restore.h"
#include "gui/request_builder.h"
#include "gui/source_drop.h"
#include "gui/views/grid/grid_view.h"
#include "gui/widgets/labels.h"
#include "model/core/recipe.h"
#include "model/io/w_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace stylemix::gui {
namespace {

namespace fs = std::filesystem;
using test::makeFacts;

// A W array of the test model's shape (num_ws x 512) whose values start at `base`.
WArrayPtr wArray(const ModelFacts& f, float base) {
    std::vector<float> v(static_cast<std::size_t>(f.num_ws) * f.w_dim);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = base + 0.001f * static_cast<float>(i % 97);
    return makeWArray("w", f.num_ws, f.w_dim, std::move(v));
}

class SourceKinds : public ::testing::Test {
protected:
    ModelFacts facts = makeFacts(64);   // 10 ws of 512 at 64²
    fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "gui_source_kinds";

    SourceKinds() {
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    // An .npz of `count` ws of this model's shape, as NVIDIA's projector writes it.
    std::string npz(const std::string& name, int count) {
        std::vector<WArrayPtr> ws;
        for (int i = 0; i < count; ++i) ws.push_back(wArray(facts, 0.1f * static_cast<float>(i + 1)));
        const std::string path = (dir / name).string();
        writeWsNpz(path, ws);
        return path;
    }
};

TEST_F(SourceKinds, SpecTakesSeedsRangesPositionsAndWFiles) {
    SeedList list;
    const std::string file = npz("face.npz", 2);
    EXPECT_EQ(setSpec(list, "12,3-5,12.25:0.5,7.5," + file + "[1]", &facts), "") << list.error;
    ASSERT_EQ(list.items.size(), 7u);
    EXPECT_EQ(list.items[0], Source{12});
    EXPECT_EQ(list.items[3], Source{5});
    EXPECT_EQ(list.items[4], Source::position(12.25, 0.5));
    EXPECT_EQ(list.items[5], Source::position(7.5, 0));
    ASSERT_EQ(list.items[6].kind, Source::Kind::Ws);
    EXPECT_EQ(list.items[6].ws_array->values, wArray(facts, 0.2f)->values) << "w number 1 of the file";
    EXPECT_EQ(list.spec, "12,3-5,12.25:0.5,7.5:0," + file + "[1]") << "the canonical SPEC";
    EXPECT_TRUE(list.error.empty());

    SeedList again;   // the SPEC reads back as the same sources
    EXPECT_EQ(setSpec(again, list.spec, &facts), "");
    EXPECT_EQ(again.items, list.items);

    EXPECT_EQ(setSpec(list, file, &facts), "");
    EXPECT_EQ(list.items.size(), 2u) << "a file of two ws gives two sources";
}

TEST_F(SourceKinds, ABadSpecKeepsTheSourcesAndSaysWhy) {
    SeedList list;
    list.setSeeds({85, 100});
    const std::vector<Source> before = list.items;
    EXPECT_NE(setSpec(list, "85,1.5:x", &facts), "");
    EXPECT_EQ(list.items, before);
    EXPECT_EQ(list.spec, "85,1.5:x") << "kept as typed";

    // A W file of another shape: the reader's one-line message, nothing changed.
    {
        std::vector<WArrayPtr> one = {makeWArray("w", 3, 512, std::vector<float>(3 * 512, 0.5f))};
        writeWsNpz((dir / "wrong.npz").string(), one);
    }
    const std::string error = setSpec(list, "85," + (dir / "wrong.npz").string(), &facts);
    EXPECT_NE(error.find("wrong.npz"), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << "one line: " << error;
    EXPECT_EQ(list.items, before);

    // No model loaded: a W file cannot be fitted yet.
    EXPECT_NE(setSpec(list, npz("face.npz", 1), nullptr).find("load a model first"), std::string::npos);
    EXPECT_EQ(list.items, before);
}

TEST_F(SourceKinds, AddWFileAppendsEveryWOrSaysWhyInThePanel) {
    SourcesState sources;
    const std::size_t rows = sources.rows.items.size();
    const WFileAdded added = addWFileSource(sources, SourceSide::Rows, npz("two.npz", 2), &facts);
    EXPECT_TRUE(added.ok) << added.message;
    EXPECT_EQ(added.message, "added two.npz (2 ws) as a row source (A)");
    ASSERT_EQ(sources.rows.items.size(), rows + 2);
    EXPECT_EQ(sourceLabel("A", sources.rows.items[rows]), "A two.npz[0]");
    EXPECT_EQ(sourceLabel("A", sources.rows.items[rows + 1]), "A two.npz[1]");

    const WFileAdded missing = addWFileSource(sources, SourceSide::Cols, (dir / "nope.npy").string(), &facts);
    EXPECT_FALSE(missing.ok);
    EXPECT_FALSE(sources.cols.add_error.empty()) << "the panel shows the reason under the list";
    EXPECT_EQ(sources.cols.items.size(), 4u);
}

TEST_F(SourceKinds, WFileLabelsShowTheFileNameAndPositionsTheirXY) {
    SeedList list;
    ASSERT_EQ(setSpec(list, "12.25:0.5," + npz("face.npz", 1), &facts), "");
    EXPECT_EQ(sourceLabel("A", list.items[0]), "A 12.25:0.5");
    EXPECT_EQ(sourceLabel("B", list.items[1]), "B face.npz") << "the file's name, not its folder";
    EXPECT_EQ(shortNumber(0.1 + 0.2), "0.30000000000000004") << "exact, never rounded away";
    EXPECT_EQ(shortNumber(12.37), "12.37");
}

TEST_F(SourceKinds, ConditionalModelsSendAClassWithPositionsButNotWithWArrays) {
    const ModelFacts conditional = makeFacts(64, 3);
    test::Panels p;
    ASSERT_EQ(setSpec(p.sources.rows, "2.5:1," + npz("face.npz", 1), &conditional), "");
    const MixRequest mix = p.request(conditional);
    EXPECT_EQ(mix.rows[0], Source::position(2.5, 1, 0));
    EXPECT_EQ(mix.rows[1].kind, Source::Kind::Ws);
    EXPECT_EQ(mix.rows[1].class_index, -1);
}

TEST_F(SourceKinds, SnifferTellsWFilesFromModels) {
    EXPECT_EQ(sniffFile(npz("face.npz", 1)).kind, FileKind::Npz);
    const std::string npy = (dir / "w.npy").string();
    {
        std::ofstream out(npy, std::ios::binary);
        out << std::string("\x93NUMPY\x01\x00", 8) << std::string("\x76\x00", 2)
            << "{'descr': '<f4', 'fortran_order': False, 'shape': (512,), }" << std::string(58, ' ') << '\n'
            << std::string(512 * 4, '\0');
    }
    EXPECT_EQ(sniffFile(npy).kind, FileKind::Npy);
    EXPECT_TRUE(isWFile(FileKind::Npz));
    EXPECT_FALSE(mayBeModel(FileKind::Npz)) << "an .npz is a zip, but not a PyTorch one";
    EXPECT_NE(describeNonModel(sniffFile(npy)).find("Add W file"), std::string::npos);
}

TEST(SourceMoves, ASeedBecomesAPositionWhenNudgedAndAWArrayStays) {
    SeedList list;
    list.setSeeds({85, 100});
    EXPECT_TRUE(nudgeSource(list, 0, kNudgeStep, 0));
    EXPECT_EQ(list.items[0], Source::position(85.01, 0));
    EXPECT_EQ(list.spec, "85.01:0,100");
    for (int i = 0; i < 9; ++i) nudgeSource(list, 0, kNudgeStep, 0);
    EXPECT_EQ(list.items[0].x, 85.1) << "no float noise after ten steps";
    EXPECT_TRUE(nudgeSource(list, 0, 0, -kNudgeStepShift));
    EXPECT_EQ(sourceShortText(list.items[0]), "85.1:-0.1");

    const ModelFacts f = makeFacts(64);
    list.items[1] = Source::ws(wArray(f, 0.5f));
    const Source w = list.items[1];
    EXPECT_FALSE(nudgeSource(list, 1, kNudgeStep, 0)) << "a W array has no place on the seed plane";
    EXPECT_EQ(list.items[1], w);
    EXPECT_FALSE(nudgeSource(list, 5, kNudgeStep, 0));
}

TEST(SourceMoves, AMovedSourceKeepsItsClass) {
    SeedList list;
    list.items = {Source{7, 2}};
    ASSERT_TRUE(moveSourceTo(list, 0, 1.5, -2));
    EXPECT_EQ(list.items[0], Source::position(1.5, -2, 2));
}

// The grid, headless: tiles at known places, the mouse and keys through ImGuiIO.
class GridInput : public ::testing::Test {
protected:
    test::ImGuiHarness ui;
    ModelFacts facts = makeFacts(64);
    test::Panels panels;
    MixRequest mix;
    GridViewState state;
    GridViewEvents events;

    GridInput() {
        mix = panels.request(facts);
        ImGuiIO& io = ImGui::GetIO();   // GLFW's key codes, as the app maps them
        io.KeyMap[ImGuiKey_RightArrow] = 262;
        io.KeyMap[ImGuiKey_LeftArrow] = 263;
        io.KeyMap[ImGuiKey_DownArrow] = 264;
        io.KeyMap[ImGuiKey_UpArrow] = 265;
    }
    void draw() {
        GridViewInput in;
        in.facts = &facts;
        in.request = &mix;
        in.selected = panels.lab.selection;
        CanvasFrame canvases = ui.canvases();
        ui.frame([&] { events = drawGridView(state, in, canvases); }, ImVec2(1000, 780));
    }
    ImVec2 centre(int r, int c) const {
        const ImVec2 t = state.layout.tileMin(r, c);
        return ImVec2(state.canvas_min.x + t.x + state.layout.tile / 2, state.canvas_min.y + t.y + state.layout.tile / 2);
    }
    void click() {
        ImGui::GetIO().MouseDown[0] = true;
        draw();
        ImGui::GetIO().MouseDown[0] = false;
        draw();
    }
    void key(ImGuiKey key, bool down) { ImGui::GetIO().KeysDown[ImGui::GetIO().KeyMap[key]] = down; }
};

TEST_F(GridInput, DraggingASourceTileMovesItsPosition) {
    draw();
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 at = centre(1, -1);   // row source 1: seed 100
    io.MousePos = at;
    draw();
    io.MouseDown[0] = true;
    draw();
    EXPECT_FALSE(events.move_source) << "a press alone moves nothing";
    io.MousePos = ImVec2(at.x + 50, at.y + 25);
    draw();
    ASSERT_TRUE(events.move_source);
    const SourceMove m = *events.move_source;
    EXPECT_EQ(m.side, SourceSide::Rows);
    EXPECT_EQ(m.index, 1);
    EXPECT_FALSE(m.relative);
    EXPECT_DOUBLE_EQ(m.x, 100.5) << "100 px per unit, right = x";
    EXPECT_DOUBLE_EQ(m.y, 0.25) << "down = y";
    EXPECT_TRUE(moveSourceTo(panels.sources.rows, m.index, m.x, m.y));
    EXPECT_EQ(panels.request(facts).rows[1], Source::position(100.5, 0.25)) << "the row re-renders from there";
    io.MouseDown[0] = false;
    draw();
    EXPECT_FALSE(events.open_in_lab) << "a drag is not a click";
    EXPECT_FALSE(state.source_drag);

    // A press and release without moving opens the lab, as a click always did.
    io.MousePos = centre(-1, 2);
    draw();
    io.MouseDown[0] = true;
    draw();
    io.MouseDown[0] = false;
    draw();
    ASSERT_TRUE(events.open_in_lab);
    EXPECT_EQ(*events.open_in_lab, (LabSelection{LabSelection::Kind::ColSource, 0, 2}));
}

TEST_F(GridInput, ArrowKeysNudgeTheHoveredSourceElseTheSelectedOne) {
    draw();
    ImGui::GetIO().MousePos = centre(-1, 1);   // column source 1
    draw();
    key(ImGuiKey_RightArrow, true);
    draw();
    EXPECT_FALSE(events.move_source) << "the keys are not the grid's before a press on it (the crossover bar may have them)";
    key(ImGuiKey_RightArrow, false);
    click();
    key(ImGuiKey_RightArrow, true);
    draw();
    ASSERT_TRUE(events.move_source);
    EXPECT_EQ(events.move_source->side, SourceSide::Cols);
    EXPECT_EQ(events.move_source->index, 1);
    EXPECT_TRUE(events.move_source->relative);
    EXPECT_DOUBLE_EQ(events.move_source->x, kNudgeStep);
    EXPECT_DOUBLE_EQ(events.move_source->y, 0);
    key(ImGuiKey_RightArrow, false);
    draw();

    // Nothing hovered: the selected row source, a Shift step down.
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    panels.lab.selection = {LabSelection::Kind::RowSource, 3, 0};
    ImGui::GetIO().KeyShift = true;
    key(ImGuiKey_DownArrow, true);
    draw();
    ASSERT_TRUE(events.move_source);
    EXPECT_EQ(events.move_source->side, SourceSide::Rows);
    EXPECT_EQ(events.move_source->index, 3);
    EXPECT_DOUBLE_EQ(events.move_source->y, kNudgeStepShift);
    key(ImGuiKey_DownArrow, false);
    draw();

    // A press elsewhere (the sidebar) takes the keys away.
    ImGui::GetIO().MousePos = ImVec2(900, 5);
    click();
    key(ImGuiKey_DownArrow, true);
    draw();
    EXPECT_FALSE(events.move_source);
}

TEST_F(GridInput, ADroppedWFileJoinsTheColumnsOnTheHeaderStripElseTheRows) {
    draw();
    EXPECT_EQ(dropSide(state, centre(-1, 2), true), SourceSide::Cols) << "on a column source";
    const ImVec2 label(centre(-1, 0).x, state.canvas_min.y - 4);
    EXPECT_EQ(dropSide(state, label, true), SourceSide::Cols) << "on a column's label";
    EXPECT_EQ(dropSide(state, centre(1, 1), true), SourceSide::Rows) << "on a cell";
    EXPECT_EQ(dropSide(state, centre(2, -1), true), SourceSide::Rows) << "on a row source";
    EXPECT_EQ(dropSide(state, ImVec2(5, 700), true), SourceSide::Rows) << "elsewhere";
    EXPECT_EQ(dropSide(state, centre(-1, 2), false), SourceSide::Rows) << "the grid is not on screen";
}

TEST_F(GridInput, ALongWFileNameIsElidedInTheRowsMarginNotTheGrid) {
    draw();
    const float seeds_left = state.canvas_min.x;
    mix.rows[0] = Source::ws(makeWArray("w", facts.num_ws, facts.w_dim, std::vector<float>(facts.num_ws * facts.w_dim, 0.f),
                                        WOrigin{"/data/projections/a_rather_long_projection_name_0001.npz", "", 0, 1}));
    draw();
    EXPECT_LE(state.canvas_min.x - seeds_left, ImGui::GetFontSize() * 8) << "the margin stays narrow";
}

TEST(ModelSwitch, WArraysThatDoNotFitTheNewModelAreRemovedWithANotice) {
    const ModelFacts small = makeFacts(64), big = makeFacts(256);
    ASSERT_NE(small.num_ws, big.num_ws);
    SourcesState sources;
    sources.rows.items.push_back(Source::ws(makeWArray("face.npy", small.num_ws, small.w_dim,
                                                       std::vector<float>(small.num_ws * small.w_dim, 0.f),
                                                       WOrigin{"/tmp/face.npy", "", 0, 1})));
    sources.cols.items = {Source::ws(wArray(small, 0.f))};
    const std::vector<std::string> changes = fitSourcesToModel(sources, big, &small);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_NE(changes[0].find("Row 5 (face.npy) removed"), std::string::npos) << changes[0];
    EXPECT_NE(changes[0].find("[" + std::to_string(big.num_ws) + ", 512]"), std::string::npos) << changes[0];
    EXPECT_NE(changes[1].find("seed 0 takes its place"), std::string::npos) << changes[1];
    EXPECT_EQ(sources.rows.items.size(), 5u);
    EXPECT_EQ(sources.rows.spec, "85,100,75,458,1500");
    EXPECT_EQ(sources.cols.items, std::vector<Source>{Source{0}});

    SourcesState fits;
    fits.rows.items.push_back(Source::ws(wArray(small, 0.f)));
    EXPECT_TRUE(fitSourcesToModel(fits, small, &big).empty()) << "a W array of the model's shape stays";
    EXPECT_EQ(fits.rows.items.size(), 6u);
}

TEST_F(SourceKinds, UndoAndRecipesCarryPositionsAndWArrays) {
    test::Panels p;
    ASSERT_EQ(setSpec(p.sources.rows, "85,2.5:0.25," + npz("face.npz", 1), &facts), "");
    const EditSnapshot before = captureEdits(p.sources, p.mixing, p.noise, p.lab);
    nudgeSource(p.sources.rows, 1, 0.5, 0);
    EXPECT_EQ(describeChange(before, captureEdits(p.sources, p.mixing, p.noise, p.lab)), "seeds");
    applyEdits(before, p.sources, p.mixing, p.noise, p.lab);
    EXPECT_EQ(p.sources.rows.items[1], Source::position(2.5, 0.25));
    EXPECT_EQ(p.sources.rows.spec, specText(before.rows));

    // A grid recipe holds them; restored after the W file moved, its own ws come back with a notice.
    Recipe recipe;
    recipe.kind = RecipeKind::MixGrid;
    recipe.model_family = facts.family;
    recipe.model_path = facts.path;
    recipe.model_sha256 = facts.sha256;
    recipe.learned_strengths = facts.noise_strengths;
    recipe.mix = p.request(facts);
    const Recipe back = recipeFromJson(recipeToJson(recipe), "grid.json");
    fs::remove(dir / "face.npz");
    test::Panels restored;
    const RestoreOutcome outcome = applyRecipe(back, facts, restored.targets(), "grid.json");
    EXPECT_EQ(restored.sources.rows.items, recipe.mix->rows);
    EXPECT_NE(outcome.notice.find("face.npz"), std::string::npos) << outcome.notice;
}

}  // namespace
}  // namespace stylemix::gui
