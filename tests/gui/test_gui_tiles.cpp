// A grid tile's right-click menu, headless: what a cell and a source offer,
// adding a tile's seed to the other list, the copied text and the tile's
// "image" recipe; and the menu itself in the grid view.
#include "imgui_harness.h"
#include "panel_fixture.h"

#include "gui/views/grid/grid_view.h"
#include "gui/panels/mixing_panel.h"
#include "gui/panels/noise_panel.h"
#include "gui/request_builder.h"
#include "gui/views/grid/tile_actions.h"
#include "model/core/recipe.h"

#include <gtest/gtest.h>

namespace stylemix::gui {
namespace {

using K = TileActionKind;
using Sel = LabSelection;

const Sel kCell{Sel::Kind::Cell, 1, 0};
const Sel kRowSource{Sel::Kind::RowSource, 1, 0};
const Sel kColSource{Sel::Kind::ColSource, 0, 1};

// 2 rows (85, 100 with class 3), 2 columns (821, 1789), ws 0-3, row 1 takes ws 4-5.
MixRequest twoByTwo() {
    MixRequest m;
    m.rows = {{85, -1}, {100, 3}};
    m.cols = {{821, -1}, {1789, 2}};
    m.styles = {0, 1, 2, 3};
    m.row_styles = {{0, 1, 2, 3}, {4, 5}};
    m.truncation = {0.7, 4};
    m.noise.mode = NoiseMode::Random;
    return m;
}

TEST(TileMenu, ACellOffersItsSeedsCrossedASourceOffersTheOtherList) {
    EXPECT_EQ(tileMenu(kCell, true), (std::vector<K>{K::AddAsCol, K::AddAsRow, K::OpenInLab, K::ShowLayers, K::ShowInfluence, K::CopySeeds, K::SaveImage, K::SaveWs}));
    EXPECT_EQ(tileMenu(kRowSource, true), (std::vector<K>{K::AddAsCol, K::OpenInLab, K::ShowLayers, K::CopySeeds, K::SaveImage, K::SaveWs,
                                                          K::InterpolateFrom, K::InterpolateTo}));
    EXPECT_EQ(tileMenu(kColSource, true), (std::vector<K>{K::AddAsRow, K::OpenInLab, K::ShowLayers, K::CopySeeds, K::SaveImage, K::SaveWs,
                                                          K::InterpolateFrom, K::InterpolateTo}))
        << "a source tile is an end of the interpolation strip";
    EXPECT_EQ(tileMenu(kCell, false), (std::vector<K>{K::AddAsCol, K::AddAsRow, K::ShowLayers, K::ShowInfluence, K::CopySeeds, K::SaveImage, K::SaveWs}))
        << "no noise lab for a model without noise inputs";
    EXPECT_TRUE(tileMenu(Sel{}, true).empty());

    const MixRequest m = twoByTwo();
    EXPECT_EQ(tileActionLabel(K::AddAsCol, kCell, m), "Use A 100 c3 as a column source (B)");
    EXPECT_EQ(tileActionLabel(K::AddAsRow, kCell, m), "Use B 821 as a row source (A)");
    EXPECT_EQ(tileActionLabel(K::AddAsRow, kColSource, m), "Use B 1789 c2 as a row source (A)");
}

TEST(TileMenu, UseAsRowSourceAppendsTheTilesBSeedWithItsClass) {
    const MixRequest m = twoByTwo();
    SourcesState sources;
    sources.rows.setSeeds({85, 100});
    sources.cols.setSeeds({821, 1789});
    EXPECT_EQ(applyTileSource(sources, {K::AddAsRow, kColSource}, m), "");
    ASSERT_EQ(sources.rows.items.size(), 3u);
    EXPECT_EQ(sources.rows.items.back(), (Source{1789, 2}));
    EXPECT_EQ(sources.rows.spec, "85,100,1789");
    EXPECT_EQ(sources.cols.items.size(), 2u) << "the column list is untouched";

    EXPECT_EQ(applyTileSource(sources, {K::AddAsRow, kCell}, m), "");   // the cell's B seed
    EXPECT_EQ(sources.rows.items.back(), (Source{821, -1}));
    EXPECT_EQ(applyTileSource(sources, {K::AddAsCol, kCell}, m), "");   // the cell's A seed
    EXPECT_EQ(sources.cols.items.back(), (Source{100, 3}));

    EXPECT_NE(applyTileSource(sources, {K::AddAsCol, kColSource}, m), "") << "a column source is already a column";
    EXPECT_NE(applyTileSource(sources, {K::AddAsRow, Sel{Sel::Kind::Cell, 5, 0}}, m), "") << "out of the grid";
    EXPECT_EQ(sources.rows.items.size(), 4u);
}

TEST(TileMenu, AFullListRefusesAndStaysAsItWas) {
    SourcesState sources;
    std::vector<std::uint64_t> seeds;
    for (int i = 0; i < SourcesState::kMaxSources; ++i) seeds.push_back(static_cast<std::uint64_t>(i));
    sources.rows.setSeeds(seeds);
    const std::vector<Source> before = sources.rows.items;
    const std::string error = applyTileSource(sources, {K::AddAsRow, kCell}, twoByTwo());
    EXPECT_NE(error.find("at most 16"), std::string::npos) << error;
    EXPECT_EQ(sources.rows.items, before);
}

TEST(TileMenu, CopiedTextNamesSeedsAndWs) {
    MixRequest m = twoByTwo();
    EXPECT_EQ(tileSeedsText(kCell, m), "A 100 c3 B 821 ws 4-5");
    EXPECT_EQ(tileSeedsText(kRowSource, m), "A 100 c3");
    EXPECT_EQ(tileSeedsText(kColSource, m), "B 1789 c2");
    m.row_styles.clear();
    EXPECT_EQ(tileSeedsText(Sel{Sel::Kind::Cell, 0, 0}, m), "A 85 B 821 ws 0-3");
}

TEST(TileMenu, TheTilesImageRecipeIsTheCellsRequest) {
    const ModelFacts facts = test::makeFacts(64);
    MixRequest m = twoByTwo();
    m.noise.mode = NoiseMode::Const;
    const auto recipe = tileRecipe(kCell, m, facts);
    ASSERT_TRUE(recipe);
    EXPECT_EQ(recipe->kind, RecipeKind::Image);
    EXPECT_EQ(recipe->model_sha256, facts.sha256);
    ASSERT_TRUE(recipe->lab);
    const LabSubject& s = recipe->lab->subject;
    EXPECT_EQ(s.source, m.rows[1]);
    EXPECT_EQ(s.mix_with, m.cols[0]);
    EXPECT_EQ(s.styles, m.row_styles[1]);
    EXPECT_EQ(s.truncation, m.truncation);
    EXPECT_EQ(s.transform, m.transform);
    EXPECT_EQ(recipe->lab->noise, m.noise);
    EXPECT_EQ(s, *buildLabSubject(kCell, m)) << "the same subject the noise lab renders for this cell";
    // Survives the JSON `stylemix render` reads.
    const Recipe back = recipeFromJson(recipeToJson(*recipe), "test");
    EXPECT_EQ(back.kind, RecipeKind::Image);
    EXPECT_EQ(back.lab->subject, s);
    EXPECT_EQ(back.lab->noise, m.noise);

    const auto source = tileRecipe(kColSource, m, facts);
    ASSERT_TRUE(source);
    EXPECT_EQ(source->lab->subject.source, m.cols[1]);
    EXPECT_FALSE(source->lab->subject.mix_with) << "a source is one plain image";
    EXPECT_FALSE(tileRecipe(Sel{Sel::Kind::Cell, 2, 0}, m, facts));
}

Image square(int side) {
    Image i;
    i.width = i.height = side;
    i.channels = 3;
    i.pixels.assign(static_cast<std::size_t>(side * side * 3), 0);
    return i;
}

TEST(TileMenu, TileImagePicksTheTilesPixels) {
    MixResult r;
    r.row_images = {shareImage(square(1)), shareImage(square(2))};
    r.col_images = {shareImage(square(3)), shareImage(square(4))};
    r.cells = {{shareImage(square(5)), shareImage(square(6))}, {shareImage(square(7)), shareImage(square(8))}};
    EXPECT_EQ(tileImage(kCell, r)->width, 7);
    EXPECT_EQ(tileImage(kRowSource, r)->width, 2);
    EXPECT_EQ(tileImage(kColSource, r)->width, 4);
    EXPECT_EQ(tileImage(Sel{Sel::Kind::Cell, 1, 2}, r), nullptr);
}

// Right-click a cell: its menu opens; an entry becomes state.tile_action (the App applies it).
TEST(TileMenu, RightClickOpensTheMenuAndAnEntryBecomesTheAction) {
    test::ImGuiHarness ui;
    const ModelFacts facts = test::makeFacts(64);
    const MixRequest mix = test::Panels().request(facts);
    GridViewState state;
    GridViewInput in;
    in.facts = &facts;
    in.request = &mix;
    CanvasFrame canvases = ui.canvases();
    const auto draw = [&] {
        canvases = ui.canvases();
        ui.frame([&] { drawGridView(state, in, canvases); });
    };
    draw();
    const ImVec2 t = state.layout.tileMin(2, 1);
    const float half = state.layout.tile / 2;
    const ImVec2 at(state.canvas_min.x + t.x + half, state.canvas_min.y + t.y + half);
    ImGuiIO& io = ImGui::GetIO();
    const auto rightClick = [&](ImVec2 down, ImVec2 up) {
        io.MousePos = down;
        draw();
        io.MouseDown[1] = true;
        draw();
        io.MousePos = up;
        draw();
        io.MouseDown[1] = false;
        draw();
    };
    rightClick(at, ImVec2(at.x + 40, at.y));   // a pan, not a click
    EXPECT_TRUE(ImGui::GetCurrentContext()->OpenPopupStack.empty()) << "a right-drag pans and opens no menu";

    rightClick(at, at);
    ASSERT_EQ(ImGui::GetCurrentContext()->OpenPopupStack.size(), 1u) << "a right-click opens the tile's menu";
    EXPECT_EQ(state.menu_tile, (Sel{Sel::Kind::Cell, 2, 1}));
    ImGuiWindow* menu = ImGui::GetCurrentContext()->OpenPopupStack.back().Window;
    ASSERT_NE(menu, nullptr);
    const std::string label = tileActionLabel(K::AddAsRow, state.menu_tile, mix);
    ui.frame([&] {
        canvases = ui.canvases();
        drawGridView(state, in, canvases);
        ImGui::ActivateItem(ImHashStr(label.c_str(), 0, menu->ID));
    });
    draw();
    ASSERT_TRUE(state.tile_action) << label;
    EXPECT_EQ(*state.tile_action, (TileAction{K::AddAsRow, Sel{Sel::Kind::Cell, 2, 1}}));
}

}  // namespace
}  // namespace stylemix::gui
